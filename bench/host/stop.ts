/**
 * Runs inside a real VS Code extension host (as the integration suite does), with the fake fal
 * server in the same process: how long after Stop the server sees the stream's connection closed,
 * through the extension (Explain, then `fal Router: Stop Request`), against a plain `fetch` of the
 * same stream aborted in the same host (the reference: what closing a connection costs here).
 * Prints `::stop {...}` for bench/stop.ts.
 */
import * as vscode from "vscode";
import { FakeFalServer, type Received } from "../../test/support/fakeFal";
import { api, configure, selectLines, until } from "../../test/integration/suite/helpers";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const slow = { output: Array.from({ length: 600 }, (_, i) => `part ${i}. `), delayMs: 50 };

/** Resolves when `rec`'s connection closes, checked on every turn of the event loop. */
function closed(rec: () => Received | undefined): Promise<number> {
  return new Promise((resolve) => {
    const check = () => (rec()?.clientClosed ? resolve(performance.now()) : setImmediate(check));
    check();
  });
}

export async function run(): Promise<void> {
  const server = await new FakeFalServer().start();
  const ext = await api();
  await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, dailyBudgetUsd: undefined, confirmAboveTokens: 0 });
  await vscode.commands.executeCommand("falRouter.setApiKey", "bench-key-id:bench-secret");
  await selectLines("src/math.ts", 1, 3);
  const ours: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      // Through the extension: the user's Stop while the answer streams.
      server.reset();
      server.script(slow);
      const previous = ext.panel.snapshot?.runId;
      const running = vscode.commands.executeCommand("falRouter.explainSelection");
      await until(() => ext.panel.snapshot?.runId !== previous && (ext.panel.snapshot?.output ?? "").includes("part 3."), 20_000, "the answer to stream");
      const stream = () => server.received.find((r) => r.kind === "stream");
      let t0 = performance.now();
      const seen = closed(stream);
      await vscode.commands.executeCommand("falRouter.stop");
      ours.push((await seen) - t0);
      await running;

      // The reference: the same stream read with a plain fetch in this host, aborted.
      server.reset();
      server.script(slow);
      const controller = new AbortController();
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", "x-fal-target-url": "https://fal.run/openrouter/router/stream", authorization: "Key bench-key-id:bench-secret" }, body: JSON.stringify({ prompt: "x", model: "google/gemini-2.5-flash" }), signal: controller.signal });
      const reader = res.body!.getReader();
      let text = "";
      while (!text.includes("part 3.")) text += new TextDecoder().decode((await reader.read()).value);
      t0 = performance.now();
      const rawSeen = closed(stream);
      controller.abort();
      raw.push((await rawSeen) - t0);
      await reader.cancel().catch(() => undefined);
    }
  } finally {
    await server.stop();
  }
  console.log(`::stop ${JSON.stringify({ ours, raw })}`);
}
