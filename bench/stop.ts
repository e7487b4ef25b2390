/**
 * Benchmark: Stop closes the stream's connection (issue 15: "the server sees it within 200 ms"), in a
 * real VS Code host with the packaged .vsix (bench/host/stop.ts runs inside it), against a plain
 * `fetch` of the same stream aborted in the same host. Goal: ≤ 200 ms at the worst, and no more
 * than 20 ms over the reference at the median.
 */
import { join } from "node:path";
import { ROOT, startHost } from "../test/support/vscodeServer";
import { emit, median, ms, type Row } from "./rows";

async function main(): Promise<void> {
  let resolveResult!: (r: { ours: number[]; raw: number[] } | Error) => void;
  const result = new Promise<{ ours: number[]; raw: number[] } | Error>((r) => (resolveResult = r));
  const session = await startHost({
    payload: (port) => [["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${join(ROOT, "out/bench/host/stop.js")}`]],
    onLog: (line) => {
      const m = /::stop (\{.*\})/.exec(line);
      if (m) resolveResult(JSON.parse(m[1]) as { ours: number[]; raw: number[] });
    },
    onExit: (code) => resolveResult(new Error(`the host exited (${code}) without a measurement`)),
  });
  const timer = setTimeout(() => resolveResult(new Error("no measurement within 180 s")), 180_000);
  try {
    const r = await result;
    if (r instanceof Error) throw r;
    const worst = Math.max(...r.ours);
    const over = median(r.ours) - median(r.raw);
    const row: Row = {
      id: "stop",
      what: "Stop: the server sees the stream's connection closed (Explain, then Stop Request, in a real VS Code host)",
      reference: "a plain fetch of the same stream, aborted in the same host",
      measured: `${ms(median(r.ours))} (worst ${ms(worst)})`,
      goal: "≤ 200 ms at the worst; ≤ 20 ms over the reference at the median",
      pass: worst <= 200 && over <= 20,
      detail: `${r.ours.length} rounds in one host; per round: ${r.ours.map((v) => v.toFixed(1)).join(" ")} ms; the reference: ${r.raw.map((v) => v.toFixed(1)).join(" ")} ms (median ${ms(median(r.raw))})`,
    };
    emit([row]);
  } finally {
    clearTimeout(timer);
    await session.close();
    session.remove();
  }
}

void main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
