/**
 * An HTTPS proxy (HTTP CONNECT) on 127.0.0.1 for a user behind one, such as a corporate proxy:
 * with VS Code's `http.proxy` pointing here, the extension talks to the real fal URLs
 * (`https://fal.run/…`, `https://queue.fal.run/…`) with no `falRouter.proxyUrl`, and each tunnel
 * to a fal host ends in TLS (a certificate for fal.run made for the run, trusted through
 * NODE_EXTRA_CA_CERTS) in front of the fake fal server. A tunnel to any other host is refused and
 * recorded, so nothing reaches the internet.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TLSSocket } from "node:tls";
import type { FakeFalServer } from "./fakeFal";

export interface HttpsProxy {
  /** For VS Code's `http.proxy`. */
  readonly url: string;
  /** The certificate to trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** Every CONNECT target asked for, in order. */
  readonly tunnels: string[];
  stop(): Promise<void>;
}

const FAL_HOST = /^(?:[a-z0-9-]+\.)?fal\.run:443$/;

export async function startHttpsProxy(fal: FakeFalServer): Promise<HttpsProxy> {
  const dir = mkdtempSync(join(tmpdir(), "falr-proxy-"));
  const [keyFile, caFile] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", caFile, "-days", "2", "-subj", "/CN=fal.run", "-addext", "subjectAltName=DNS:fal.run,DNS:*.fal.run"], { stdio: "pipe" });
  const [key, cert] = [readFileSync(keyFile), readFileSync(caFile)];
  const tunnels: string[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end("CONNECT only"));
  server.on("connect", (req: http.IncomingMessage, socket: import("node:net").Socket) => {
    const target = req.url ?? "";
    tunnels.push(target);
    if (!FAL_HOST.test(target)) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n", () => fal.accept(new TLSSocket(socket, { isServer: true, key, cert })));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caFile,
    tunnels,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
