/**
 * Benchmark: what a long conversation costs while one more answer streams, measured in one run and
 * reported as ratios (never pass/fail timings).
 *   - bytes posted to the chat webview: our frames (deltas) vs re-sending the conversation per frame
 *   - time to fold the transcript for a request vs time to serialise the conversation once
 */
import { foldTranscript, type Turn } from "../src/core/transcript";
import { RunState } from "../src/core/engine/runState";
import { RunForwarder } from "../src/host/runForwarder";
import type { HostToChat as HostMessage } from "../src/protocol/chat";

function conversation(turns: number): Turn[] {
  const out: Turn[] = [];
  for (let i = 0; i < turns; i++) {
    out.push({ role: "user", text: `Question ${i}: how should part ${i} change?` });
    out.push({ role: "assistant", text: `Here is part ${i}.\n\n\`\`\`ts\n${"export const x = 1;\n".repeat(60)}\`\`\`\n\n- done\n` });
  }
  return out;
}

async function main(): Promise<void> {
  const turns = conversation(200);
  const conversationBytes = JSON.stringify(turns).length;
  const posted: HostMessage[] = [];
  const forwarder = new RunForwarder("r1", (m) => posted.push(m));
  // Deltas arrive about every 2 ms, as a fast model streams; the forwarder batches them.
  const deltas = Array.from({ length: 500 }, (_, i) => `tok${i} `);
  let text = "";
  for (const d of deltas) {
    text += d;
    forwarder.event({ type: "output", delta: d, text });
    await new Promise((r) => setTimeout(r, 2));
  }
  forwarder.flush();
  const run = new RunState("r1", "m");
  run.finish({ outcome: "done", output: text, reasoning: "", totalMs: 1 });
  forwarder.end(run);
  const ourBytes = posted.reduce((n, m) => n + JSON.stringify(m).length, 0);
  const naiveBytes = deltas.length * conversationBytes;

  const t0 = performance.now();
  const runs = 20;
  for (let i = 0; i < runs; i++) foldTranscript([...turns, { role: "user", text: "one more" }], "system", 32_000);
  const foldMs = (performance.now() - t0) / runs;
  const t1 = performance.now();
  for (let i = 0; i < runs; i++) JSON.stringify(turns);
  const stringifyMs = (performance.now() - t1) / runs;

  console.log(`chat of ${turns.length} messages (${(conversationBytes / 1024).toFixed(0)} KiB), one answer of ${deltas.length} deltas`);
  console.log(`  frames posted: ${posted.length} for ${deltas.length} deltas (${(ourBytes / 1024).toFixed(1)} KiB); re-sending the conversation per delta: ${(naiveBytes / 1024 / 1024).toFixed(0)} MiB`);
  console.log(`  ratio naive/ours bytes: ${(naiveBytes / ourBytes).toFixed(0)}x`);
  console.log(`  fold transcript / serialise conversation once: ${(foldMs / stringifyMs).toFixed(1)}x`);
}

void main();
