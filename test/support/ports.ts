import { createServer } from "node:net";

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). Used by the runners and, in the host, by the suite. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}
