/**
 * Benchmark: what crosses to the webview, and what the gateway keeps, for a long streamed answer.
 * Everything is measured in one run against the fake fal server and reported as ratios, never as
 * pass/fail timings.
 *   - bytes on the wire (cumulative snapshots) vs bytes forwarded (deltas)
 *   - heap retained by the client's snapshot buffer if it were not drained (computed) vs drained
 */
import { RouterGateway } from "../src/core/routerGateway";
import { FakeFalServer } from "../test/support/fakeFal";

async function main(): Promise<void> {
  const server = await new FakeFalServer().start();
  const pieces = Array.from({ length: 2000 }, (_, i) => `token${i} `);
  server.script({ output: pieces, delayMs: 0 });
  let forwarded = 0;
  let events = 0;
  const gw = new RouterGateway({ credentials: "bench-key:bench-secret-123", proxyUrl: server.url, stallTimeoutMs: 30_000 });
  const t0 = performance.now();
  const result = await gw.run({ model: "google/gemini-2.5-flash", prompt: "bench" }, {
    mode: "stream",
    onEvent: (e) => {
      if (e.type === "output") {
        forwarded += e.delta.length;
        events++;
      }
    },
  });
  const ms = performance.now() - t0;
  await server.stop();
  let wire = 0;
  let acc = "";
  for (const p of pieces) {
    acc += p;
    wire += acc.length;
  }
  console.log(`answer: ${result.output.length} chars in ${events} events, ${ms.toFixed(0)} ms`);
  console.log(`snapshot chars on the wire: ${wire}; delta chars forwarded: ${forwarded}`);
  console.log(`ratio wire/forwarded: ${(wire / forwarded).toFixed(1)}x (what forwarding snapshots would have cost the webview)`);
  console.log(`snapshot chars the client's buffer would retain without draining: ${wire} (${(wire / result.output.length).toFixed(0)}x the answer)`);
  process.exit(result.output.length === forwarded ? 0 : 1);
}

void main();
