import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import type { ChatMessageView, HostToChat } from "../../src/protocol/chat";
import type { HostToPanel } from "../../src/protocol/panel";
import type { HostToUsage, UsageReport } from "../../src/protocol/usage";
import { openPanel, type Harness } from "./webviewHarness";

const SHOTS = "test-results";
const WIDTH = 280;
const MODEL = "anthropic/claude-sonnet-4.5";
const LONG_LINE = "export const add = (a: number, b: number): number => a + b; // and a comment that runs on and on";
const ANSWER = ["`add` is now an **arrow function**.", "", "```ts", LONG_LINE, "```", "", "| Before | After | Why it changed |", "|---|---|---|", "| function declaration | arrow function | shorter and the same behaviour |"].join("\n");

/** What a user at this width would call broken: the page scrolls sideways, or a box sticks out of it. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    // The width the page shows: the view less its vertical scrollbar.
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) out.push(`page is ${document.documentElement.scrollWidth}px wide, shows ${width}px`);
    for (const e of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || e.closest("pre, .md-warm, .sr-only")) continue;
      if (r.right > width + 0.5) out.push(`${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(r.right)}px`);
    }
    return out.slice(0, 5);
  });
}

/** A box that scrolls sideways for what it cannot show, with a scrollbar that takes room (so it is drawn), and the keyboard scrolls it. */
async function assertScrollsSideways(page: Page, selector: string): Promise<void> {
  const box = await page.$eval(selector, (e) => ({ scroll: e.scrollWidth, client: e.clientWidth, bar: (e as HTMLElement).offsetHeight - e.clientHeight, overflow: getComputedStyle(e).overflowX }));
  assert.ok(box.scroll > box.client, `${selector} holds more than it shows (${box.scroll} > ${box.client})`);
  assert.equal(box.overflow, "auto", `${selector} scrolls`);
  assert.ok(box.bar >= 8, `${selector} draws a horizontal scrollbar (${box.bar}px)`);
}

describe(`narrow views (${WIDTH} px, real Chromium): nothing cut off`, function () {
  this.timeout(60_000);
  let h: Harness<unknown>;
  before(() => mkdirSync(SHOTS, { recursive: true }));
  afterEach(async () => {
    await h.close();
  });

  it("chat: code scrolls inside its block, tables wrap, and every answer shows the model's full name", async () => {
    h = await openPanel("chat", ["chat.css"]);
    await h.page.setViewportSize({ width: WIDTH, height: 700 });
    const turn = (i: number): ChatMessageView[] => [
      { id: `u${i}`, role: "user", text: `Question ${i}` },
      { id: `a${i}`, role: "assistant", text: ANSWER, model: MODEL, status: "done", usage: { totalTokens: 267, cost: 0.00058 } },
    ];
    const replay: HostToChat = { type: "chat/replay", state: { conversationId: "c1", title: "What changed in this code?", totalCost: 0.0012, model: MODEL, hasKey: true, busy: false }, from: 0, messages: [...turn(0), ...turn(1), ...turn(2)], attachments: [] };
    await h.send(replay);
    await h.page.screenshot({ path: `${SHOTS}/narrow-chat.png` });
    assert.deepEqual(await overflowing(h.page), []);
    await assertScrollsSideways(h.page, "article.msg.assistant pre");
    const names = await h.page.$$eval("article.msg.assistant .msg-who", (els) => els.map((e) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth })));
    assert.deepEqual(names, [0, 1, 2].map(() => ({ text: MODEL, cut: false })), "the last answer's extra button takes no room from its name");
    await h.page.focus("article.msg.assistant pre");
    await h.page.keyboard.press("ArrowRight");
    await h.page.keyboard.press("End");
    // Chromium animates keyboard scrolling, so under load the first frame of it can come late: wait for it (up to 3 s) rather than read it at once.
    const scrolled = await h.page
      .waitForFunction(() => (document.querySelector("article.msg.assistant pre")?.scrollLeft ?? 0) > 0, undefined, { timeout: 3000 })
      .then(() => true, () => false);
    assert.ok(scrolled, "the keyboard scrolls a focused code block");
  });

  it("result panel: the header wraps and a long code line scrolls inside its block", async () => {
    h = await openPanel("panel", ["panel.css"]);
    await h.page.setViewportSize({ width: WIDTH, height: 700 });
    const messages: HostToPanel[] = [
      { type: "run/start", header: { runId: "r1", action: "Explain", model: MODEL, source: "src/some/deeply/nested/folder/math.ts:1-30", reasoning: false, canApply: false } },
      { type: "output/delta", runId: "r1", text: `${ANSWER}\n\nDone.\n` },
      { type: "usage/update", runId: "r1", usage: { promptTokens: 40, completionTokens: 227, totalTokens: 267, cost: 0.0005795 } },
      { type: "run/end", runId: "r1", status: "done", totalMs: 2100, firstTokenMs: 350 },
    ];
    await h.send(...messages);
    await h.page.screenshot({ path: `${SHOTS}/narrow-panel.png` });
    assert.deepEqual(await overflowing(h.page), []);
    await assertScrollsSideways(h.page, "#output pre");
    assert.ok((await h.page.$eval("#source", (e) => e.clientWidth)) > WIDTH / 2, "the source gets a line of its own rather than shrinking to nothing");
    assert.equal(await h.page.textContent('[data-field="billed"]'), "$0.00058");
  });

  it("usage: each recent request becomes a card of labelled lines, its outcome and request id in full", async () => {
    h = await openPanel("usage", ["usage.css"]);
    await h.page.setViewportSize({ width: WIDTH, height: 900 });
    const totals = { cost: 0.0017, requests: 2, tokens: 801, unknownCost: 0 };
    const report: UsageReport = {
      today: "2026-11-24",
      total: totals,
      session: 0.0017,
      dailyBudgetUsd: 0,
      byDay: [{ day: "2026-11-24", ...totals }],
      byModel: [{ model: MODEL, ...totals }],
      recent: [
        { time: "2026-11-24T08:44:27Z", action: "explain", model: MODEL, outcome: "done", totalTokens: 267, cost: 0.00058, requestId: "req-0123456789abcdef" },
        { time: "2026-11-24T08:44:22Z", action: "rewrite", model: "google/gemini-2.5-flash", outcome: "failed", error: "rate limited", totalTokens: 534, cost: 0.0012 },
      ],
    };
    const replay: HostToUsage = { type: "usage/replay", report };
    await h.send(replay);
    await h.page.screenshot({ path: `${SHOTS}/narrow-usage.png` });
    assert.deepEqual(await overflowing(h.page), []);
    const first = await h.page.$$eval("#recent tbody tr:first-child td", (tds) => tds.map((td) => `${getComputedStyle(td, "::before").content.replace(/"/g, "")}: ${td.textContent}`));
    assert.deepEqual(first.slice(1), [`Action: explain`, `Model: ${MODEL}`, "Outcome: done", "Tokens: 267", "Billed: $0.00058", "Request id: req-0123456789abcdef"]);
    const cut = await h.page.$$eval("#recent td", (tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent));
    assert.deepEqual(cut, [], "no cell is cut off");
  });
});
