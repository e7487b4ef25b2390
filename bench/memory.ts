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
import { emit, mb, median, x } from "./rows";
import { startServer } from "./server";

const gc = (globalThis as { gc?: () => void }).gc;

export function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

async function round(url: string): Promise<{ peak: number; answer: number; posted: number }> {
  const base = heap();
  let peak = 0;
  let posted = 0;
  let n = 0;
  const run = new RunState("bench", "google/gemini-2.5-flash");
  // What postMessage would carry: the JSON of every message.
  const forwarder = new RunForwarder("bench", (m) => {
    posted += JSON.stringify(m).length;
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
  const peak = median(rounds.map((r) => r.peak));
  const answer = rounds[0].answer;
  const goal = 2 * answer + 5 * 1024 * 1024;
  emit([
    {
      id: "memory.stream",
      what: `Heap kept alive while a ${(answer / 1024).toFixed(0)} KB answer streams in 3,000 cumulative events (gateway, run state, RunForwarder)`,
      reference: "the answer's size",
      measured: `${mb(peak)} = ${x(peak / answer, 1)}`,
      goal: `≤ 2× the answer + 5 MB (${mb(goal)})`,
      pass: peak <= goal,
      detail: `median of ${rounds.length} rounds, after GC, sampled every 100 events`,
    },
    {
      id: "bytes.posted",
      what: "Characters posted to the webview for one answer",
      reference: "the answer's length",
      measured: x(rounds[0].posted / answer),
      goal: "≤ 1.2×",
      pass: rounds[0].posted / answer <= 1.2,
      detail: "JSON of every message RunForwarder posted",
    },
  ]);
}

if (require.main === module) void main();
