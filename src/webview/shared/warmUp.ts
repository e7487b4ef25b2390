import { formatCount } from "../../shared/format";
import { CHUNK_BLOCKS, StreamingMarkdown } from "./streamingMarkdown";

/**
 * Runs the whole render path once per common language while the view is idle after it loads, in a
 * hidden element of the page: markdown rules, sanitiser, highlight.js grammars, the tail and the
 * finished-block paths, a second chunk, `decorate` (its codicon font), and the style and layout of what they make.
 * Their first use otherwise costs frames of 33–60 ms in the middle of the first streamed answer
 * (BENCHMARKS.md, frames over 33 ms); a warm page drops none. The number formats start ICU too
 * (about 30 ms the first time).
 */
export function warmUpWhenIdle(decorate?: (block: HTMLElement) => void): void {
  const langs = ["ts", "js", "python", "bash", "json"];
  const host = document.createElement("div");
  host.className = "md-warm";
  host.setAttribute("aria-hidden", "true");
  document.body.append(host);
  const view = new StreamingMarkdown(host, decorate);
  const idle = (fn: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50));
  let step = 0;
  const next = () => {
    if (step === 0) formatCount(1);
    const lang = langs[step >> 1];
    if (lang === undefined) {
      host.remove();
      return;
    }
    // More blocks than a chunk holds, so a second chunk (content-visibility) is made too.
    const sample = `${"Warm.\n\n".repeat(CHUNK_BLOCKS)}## Warm\n\nA **b** \`c\` [d](https://example.com)\n\n- e\n- f\n\n\`\`\`${lang}\nconst x = { a: "b" }; // c\n\`\`\`\n\nTail *g*`;
    if (step % 2 === 0) view.reset(sample.slice(0, -3)); // rendered as the open tail in the next frame
    else {
      view.append(sample.slice(-3));
      view.finish();
      void host.offsetHeight; // style and layout now, while idle
    }
    step++;
    idle(next);
  };
  idle(next);
}
