/**
 * Benchmark: heap kept alive while a long answer streams (issue 10, row 1). Measured, never
 * calculated: run with `node --expose-gc`; the heap is sampled after a full GC every 100 events
 * while a ~120 KB answer arrives in ~3,000 cumulative snapshots from the fake fal server, through
 * the real `@fal-ai/client`, `RouterGateway`, the run state and `RunForwarder` (posting to a sink
 * that only counts bytes, as `postMessage` copies them). Reported against the answer's size,
 * measured in the same run; goal ≤ 2× the answer + 5 MB. The fake server runs in a child process
 * (bench/fakeFalProcess.ts), so its own buffers are not counted.
 */
import { RunState } from "../src/core/engine/runState";
import { RouterGateway } from "../src/core/routerGateway";
import { RunForwarder } from "../src/host/runForwarder";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** The fake fal server in a child process: its URL, a way to set its scenario, and a stop. */
async function startServer(): Promise<{ url: string; script: (scenario: object) => Promise<void>; stop: () => void }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(__dirname, "fakeFalProcess.js")], { stdio: "pipe" });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const url = String((await lines.next()).value);
  return {
    url,
    async script(scenario) {
      child.stdin.write(`${JSON.stringify(scenario)}\n`);
      await lines.next();
    },
    stop: () => {
      child.stdin.end();
      void once(child, "exit");
    },
  };
}

async function round(url: string): Promise<{ peak: number; answer: number; posted: number }> {
  const base = heap();
  let peak = 0;
  let posted = 0;
  let n = 0;
  const run = new RunState("bench", "google/gemini-2.5-flash");
  const forwarder = new RunForwarder("bench", (m) => {
    if (m.type === "output/delta") posted += m.text.length;
  });
  const gw = new RouterGateway({ credentials: "bench-key:bench-secret-123", proxyUrl: url, stallTimeoutMs: 60_000 });
  const result = await gw.run({ model: "google/gemini-2.5-flash", prompt: "bench" }, {
    mode: "stream",
    onEvent: (e) => {
      run.apply(e);
      forwarder.event(e);
      if (++n % 100 === 0) peak = Math.max(peak, heap() - base);
    },
  });
  run.finish(result);
  forwarder.end(run);
  peak = Math.max(peak, heap() - base);
  return { peak, answer: run.output.length /* one byte per character: V8 keeps ASCII strings one-byte */, posted };
}

async function main(): Promise<void> {
  if (!gc) {
    console.error("run with node --expose-gc");
    process.exit(2);
  }
  const server = await startServer();
  // ~120 KB in 3,000 events: 40 characters each.
  const pieces = Array.from({ length: 3000 }, (_, i) => `word${String(i).padStart(5, "0")} and some more text, and more. `.slice(0, 40));
  await server.script({ output: pieces, delayMs: 0 });
  const rounds = [];
  for (let i = 0; i < 5; i++) rounds.push(await round(server.url));
  server.stop();
  const peaks = rounds.map((r) => r.peak).sort((a, b) => a - b);
  const median = peaks[Math.floor(peaks.length / 2)];
  const answer = rounds[0].answer;
  const goal = 2 * answer + 5 * 1024 * 1024;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  console.log(`answer in the heap: ${mb(answer)} (${pieces.join("").length} chars); posted ${rounds[0].posted} chars of deltas`);
  console.log(`heap kept alive while streaming (median of ${rounds.length}, after GC): ${mb(median)} = ${(median / answer).toFixed(1)}x the answer; goal ≤ ${mb(goal)}: ${median <= goal ? "pass" : "FAIL"}`);
  process.exit(median <= goal ? 0 : 1);
}

void main();
