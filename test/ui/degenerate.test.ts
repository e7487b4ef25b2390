/**
 * Degenerate model output (issue 16) in real Chromium with the production bundles: markdown-it's
 * own pathological inputs, of the shape a model in a repetition loop emits, streamed into the result
 * panel and the chat in one delta and in many. Before the render bounds these blocked the main
 * thread for 4–14 s. What must hold: no task over FREEZE_MS (longTasks.ts: a freeze detector, not a
 * timing goal), Stop still answers, and the whole text is shown.
 * These are the "freeze" rows of the hostile-output battery.
 */
import * as assert from "node:assert/strict";
import type { HostToChat } from "../../src/protocol/chat";
import type { HostToPanel } from "../../src/protocol/panel";
import type { RunHeader } from "../../src/protocol/run";
import { FREEZE_INPUTS } from "../support/hostileOutput";
import { FREEZE_MS, longestTask, watchLongTasks } from "./longTasks";
import { openPanel, type Harness } from "./webviewHarness";

interface View {
  name: string;
  open(): Promise<Harness>;
  start: unknown[];
  answer: string;
  stop: string;
}

const header: RunHeader = { runId: "r1", action: "Explain", model: "m", source: "a.ts:1-3", reasoning: false, canApply: false };
const VIEWS: View[] = [
  {
    name: "result panel",
    open: () => openPanel<HostToPanel>("panel", ["panel.css"]) as Promise<Harness>,
    start: [{ type: "run/start", header } satisfies HostToPanel],
    answer: "#output",
    stop: "#stop",
  },
  {
    name: "chat",
    open: () => openPanel<HostToChat>("chat", ["chat.css"]) as Promise<Harness>,
    start: [
      { type: "chat/replay", state: { conversationId: "c", title: "T", totalCost: 0, model: "m", hasKey: true, busy: true }, from: 0, messages: [], attachments: [] } satisfies HostToChat,
      { type: "chat/append", message: { id: "r1", role: "assistant", text: "", model: "m", status: "streaming" } } satisfies HostToChat,
    ],
    answer: 'article[data-id="r1"] .answer',
    stop: "#stop",
  },
];

/** Streams `text` in `parts` deltas, one each 20 ms (about RunForwarder's pace), then lets the view settle. */
async function stream(h: Harness, text: string, parts: number): Promise<void> {
  await h.page.evaluate(
    async ([t, n]) => {
      const size = Math.ceil(t.length / n);
      for (let i = 0; i < t.length; i += size) {
        window.postMessage({ type: "output/delta", runId: "r1", text: t.slice(i, i + size) }, "*");
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    [text, parts] as const,
  );
}

async function settle(h: Harness): Promise<void> {
  await h.page.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 150));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** Text of the answer without the "formatting was skipped" notes, and how many notes there are. */
function shown(h: Harness, selector: string): Promise<{ text: string; notes: number }> {
  return h.page.evaluate((sel) => {
    const root = document.querySelector(sel)!;
    const notes = root.querySelectorAll(".md-note");
    let text = "";
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) if (!n.parentElement?.closest(".md-note")) text += n.nodeValue;
    return { text, notes: notes.length };
  }, selector);
}

/** The characters a reader keeps: markup characters (`*`, `_`) may become formatting, nothing else may go. */
const letters = (s: string) => s.replace(/[*_\s]/g, "").replace(/\u0000|\uFFFD/g, "\u0000");

describe("degenerate output in real Chromium (production bundles): no freeze, nothing lost", function () {
  this.timeout(180_000);
  for (const view of VIEWS) {
    for (const input of FREEZE_INPUTS) {
      for (const parts of [1, 200]) {
        it(`${view.name}: ${input.name}, ${parts === 1 ? "in one delta" : `streamed in ${parts} deltas`}`, async () => {
          const h = await view.open();
          try {
            await h.send(...view.start);
            await watchLongTasks(h.page);
            await stream(h, input.text, parts);
            // Stop still answers while the last render may be pending.
            await h.page.click(view.stop, { timeout: 5000 });
            assert.ok((await h.posted()).some((m) => m.type === "run/stop" || m.type === "chat/stop"), "Stop posted its message");
            await h.send({ type: "run/end", runId: "r1", status: "done", totalMs: 1 });
            await settle(h);
            const longest = await longestTask(h.page);
            assert.ok(longest < FREEZE_MS, `the longest task took ${longest.toFixed(0)} ms`);
            const { text, notes } = await shown(h, view.answer);
            assert.equal(letters(text), letters(input.text), "every letter of the answer is shown");
            if (notes > 0) assert.ok(text.length >= input.text.length, "a block shown as plain text keeps all its characters");
          } finally {
            await h.close();
          }
        });
      }
    }
  }
});

describe("what the same runs found (issue 16), in real Chromium", function () {
  this.timeout(60_000);

  it("shows a streamed answer whose reference definition comes last exactly as the one-piece render", async () => {
    const text = "Intro with a [reference link][docs] and ![a picture][pic].\n\n" + "More text.\n\n".repeat(5) + "[docs]: https://example.com/docs\n[pic]: https://example.com/p.png\n";
    const renders: string[] = [];
    for (const parts of [1, 40]) {
      const h = await VIEWS[0].open();
      try {
        await h.send(...VIEWS[0].start);
        const size = Math.ceil(text.length / parts);
        for (let i = 0; i < text.length; i += size) await h.send({ type: "output/delta", runId: "r1", text: text.slice(i, i + size) });
        await h.send({ type: "run/end", runId: "r1", status: "done", totalMs: 1 });
        // Block grouping (and the newlines between blocks) differs with the pace; what a reader sees is the blocks in order.
        renders.push(await h.page.$$eval("#output .md-block", (blocks) => blocks.map((b) => b.innerHTML.trim()).join("").replace(/>\s+</g, "><")));
      } finally {
        await h.close();
      }
    }
    assert.match(renders[0], /<a href="https:\/\/example.com\/docs">reference link<\/a>/);
    assert.match(renders[0], /class="image-link"[^>]*>🖼 a picture</, "the image is a link, never loaded");
    assert.equal(renders[1], renders[0]);
  });

  it("posts one link/open per click on a link in the chat's reasoning, and does not link mailto", async () => {
    const h = await VIEWS[1].open();
    try {
      await h.send(...VIEWS[1].start);
      await h.send({ type: "reasoning/delta", runId: "r1", text: "See [the spec](https://example.com/spec) or write to a@b.example or [mail](mailto:a@b.example)." });
      await h.send({ type: "run/end", runId: "r1", status: "done", totalMs: 1 });
      await h.page.click('article[data-id="r1"] details.reasoning summary');
      await h.page.click('article[data-id="r1"] .reasoning a[href="https://example.com/spec"]');
      const opened = (await h.posted()).filter((m) => m.type === "link/open");
      assert.deepEqual(opened, [{ type: "link/open", href: "https://example.com/spec", text: "the spec" }]);
      assert.equal(await h.page.locator('article[data-id="r1"] a[href^="mailto:"]').count(), 0, "mailto is text, not a link");
      assert.match((await h.page.textContent('article[data-id="r1"] .reasoning')) ?? "", /write to a@b\.example or \[mail\]\(mailto:a@b\.example\)/);
    } finally {
      await h.close();
    }
  });

  for (const view of VIEWS) {
    it(`${view.name}: offers Stop when the host says the answer repeats itself, until it ends`, async () => {
      const h = await view.open();
      try {
        await h.send(...view.start, { type: "output/delta", runId: "r1", text: "na ".repeat(1000) });
        assert.equal(await h.page.locator(".repeat-notice:visible").count(), 0, "no notice before the host says so");
        await h.send({ type: "run/repeating", runId: "r1" });
        const notice = h.page.locator(".repeat-notice");
        assert.match((await notice.textContent()) ?? "", /The answer is repeating itself/);
        await notice.locator("button.repeat-stop").click();
        const stops = (await h.posted()).filter((m) => m.type === "run/stop" || m.type === "chat/stop");
        assert.equal(stops.length, 1);
        await h.send({ type: "run/end", runId: "r1", status: "cancelled", totalMs: 1 });
        assert.equal(await h.page.locator(".repeat-notice:visible").count(), 0, "gone once the answer ended");
      } finally {
        await h.close();
      }
    });
  }
});
