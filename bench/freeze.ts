/**
 * Benchmark: issue 16's worst case, in real Chromium with the production webview bundles and the
 * host's messages. markdown-it's pathological inputs (the shapes a model in a repetition loop emits)
 * stream into the result panel and into a chat with 200 turns, whole and in 200 deltas; the row is
 * the longest main-thread task seen (a PerformanceObserver for long tasks). Goal: ≤ 200 ms.
 */
import { FREEZE_INPUTS } from "../test/support/hostileOutput";
import { chat, chunks, panel, post, type Surface } from "./render";
import { emit, type Row } from "./rows";

/** The longest main-thread task (ms) while `text` streams in `parts` deltas, one each 20 ms, then ends. */
async function longestTask(s: Surface, text: string, parts: number): Promise<number> {
  const h = await s.open();
  try {
    await post(h.page, s.start());
    const size = Math.ceil(text.length / parts);
    const deltas = chunks(text, size).map((p) => s.delta(p));
    return await h.page.evaluate(
      async ([ms, end]) => {
        let longest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
        }).observe({ type: "longtask" });
        for (const m of ms) {
          window.postMessage(m, "*");
          await new Promise((r) => setTimeout(r, 20));
        }
        for (const m of end) window.postMessage(m, "*");
        await new Promise((r) => setTimeout(r, 300));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return longest;
      },
      [deltas, s.end()] as const,
    );
  } finally {
    await h.close();
  }
}

/** Issue 16's worst case: markdown-it's pathological inputs, whole and in 200 deltas, in both views. */
export async function freezeRow(): Promise<Row> {
  const worst = { ms: 0, what: "" };
  for (const s of [panel, chat]) {
    for (const input of FREEZE_INPUTS) {
      for (const parts of [1, 200]) {
        const ms = await longestTask(s, input.text, parts);
        console.log(`  ${s.name}, ${input.name}, ${parts === 1 ? "one delta" : "200 deltas"}: longest task ${ms.toFixed(0)} ms`);
        if (ms > worst.ms) Object.assign(worst, { ms, what: `${s.name}, ${input.name}, ${parts === 1 ? "one delta" : "200 deltas"}` });
      }
    }
  }
  return {
    id: "render.freeze",
    what: "Longest main-thread task while markdown-it's pathological inputs (70–700 KB) stream into the panel and the chat",
    reference: "the same inputs before the render bounds: 4.3–14.1 s (issue 16)",
    measured: `${worst.ms.toFixed(0)} ms`,
    goal: "≤ 200 ms",
    pass: worst.ms <= 200,
    detail: `worst of ${FREEZE_INPUTS.length * 4} runs (each input whole and in 200 deltas, both views): ${worst.what || "none over 50 ms"}`,
  };
}

if (require.main === module) void freezeRow().then((row) => emit([row]), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
