import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { ComparisonView, HostToCompare } from "../../src/protocol/compare";
import { openPanel, type Harness } from "./webviewHarness";

const SHOTS = "test-results";
const MODELS = ["google/gemini-2.5-flash", "anthropic/claude-haiku-4.5", "openai/gpt-5-mini", "acme/unknown-model"];
const view = (canUse = false): ComparisonView => ({ id: "cmp-1", title: "Explain", source: "src/math.ts:1-3", canUse, archived: false, columns: MODELS.map((model) => ({ model, status: "queued", output: "" })) });
const texts = (h: Harness<HostToCompare>) => h.page.$$eval(".column .answer", (els) => els.map((e) => (e.textContent ?? "").trim()));

describe("comparison panel webview in real Chromium (the panels' bundle, strict CSP)", function () {
  this.timeout(60_000);
  let h: Harness<HostToCompare>;
  beforeEach(async () => {
    h = await openPanel<HostToCompare>("panel", ["compare.css"], "en", undefined, "compare");
    await h.page.setViewportSize({ width: 1400, height: 800 });
  });
  afterEach(async () => {
    await h.close();
  });

  it("streams four columns at once, each in its own column, ignores a replaced run's frames, and sums the billed cost", async () => {
    assert.deepEqual((await h.posted())[0], { type: "webview/ready" });
    await h.send({ type: "compare/replay", comparison: view() }, ...MODELS.map((_, index) => ({ type: "column/start" as const, index, runId: `r${index}` })));
    // Interleaved, as four streams arrive: one delta per column per round.
    for (let round = 0; round < 6; round++) {
      await h.page.evaluate((round) => {
        for (let i = 0; i < 4; i++) window.postMessage({ type: "output/delta", runId: `r${i}`, text: round === 0 ? `## Column ${i}\n\n` : `c${i}w${round} ` }, "*");
      }, round);
    }
    await h.send({ type: "output/delta", runId: "stale-run", text: "LEAK" });
    await h.send(
      { type: "usage/update", runId: "r0", usage: { totalTokens: 100, cost: 0.001 } },
      { type: "usage/update", runId: "r1", usage: { totalTokens: 120, cost: 0.002 } },
      { type: "run/end", runId: "r0", status: "done", totalMs: 900, firstTokenMs: 120 },
      { type: "run/end", runId: "r1", status: "done", totalMs: 1500, firstTokenMs: 300 },
      { type: "run/end", runId: "r3", status: "failed", totalMs: 50, error: { kind: "validation", status: 422, message: "fal rejected the request (422).", fields: ["model: unknown"] } },
    );
    const shown = await texts(h);
    for (let i = 0; i < 4; i++) {
      assert.match(shown[i], new RegExp(`^Column ${i}`));
      for (let w = 1; w < 6; w++) assert.ok(shown[i].includes(`c${i}w${w}`), `column ${i} has its word ${w}`);
      for (let j = 0; j < 4; j++) if (j !== i) assert.ok(!shown[i].includes(`c${j}w`), `column ${i} has nothing of column ${j}`);
    }
    assert.ok(!shown.some((t) => t.includes("LEAK")));
    const status = await h.page.$$eval(".column", (els) => els.map((e) => (e as HTMLElement).dataset.status));
    assert.deepEqual(status, ["done", "done", "streaming", "failed"]);
    assert.equal(await h.page.textContent('[data-field="total-cost"]'), "$0.003");
    assert.equal(await h.page.textContent('.column[data-run-id="r1"] [data-field="first-token"]'), "300 ms");
    assert.match((await h.page.textContent('.column[data-run-id="r3"] .error')) ?? "", /422.*model: unknown.*partial answer above is kept/s);
    mkdirSync(SHOTS, { recursive: true });
    await h.page.screenshot({ path: `${SHOTS}/compare-four.png` });
    assert.deepEqual(h.violations, []);
  });

  it("lays the columns side by side when wide and in rows when narrow, keeping the text and the finished blocks", async () => {
    await h.send({ type: "compare/replay", comparison: view() }, ...MODELS.map((_, index) => ({ type: "column/start" as const, index, runId: `r${index}` })));
    for (let i = 0; i < 4; i++) await h.send({ type: "output/delta", runId: `r${i}`, text: `First block of ${i}.\n\nSecond ` });
    await h.page.evaluate(() => document.querySelectorAll(".column .md-block").forEach((b) => ((b as HTMLElement & { mark?: number }).mark = 7)));
    const tops = () => h.page.$$eval(".column", (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    const wide = await tops();
    assert.equal(new Set(wide).size, 1, `four columns in one row at 1400 px: ${wide.join(",")}`);
    const before = await texts(h);
    await h.page.setViewportSize({ width: 400, height: 800 });
    await h.page.waitForFunction(() => new Set([...document.querySelectorAll(".column")].map((e) => Math.round(e.getBoundingClientRect().top))).size === 4);
    for (let i = 0; i < 4; i++) await h.send({ type: "output/delta", runId: `r${i}`, text: `half ${i}.` });
    await h.page.setViewportSize({ width: 1400, height: 800 });
    await h.page.waitForFunction(() => new Set([...document.querySelectorAll(".column")].map((e) => Math.round(e.getBoundingClientRect().top))).size === 1);
    const after = await texts(h);
    for (let i = 0; i < 4; i++) {
      assert.equal(before[i], `First block of ${i}.\nSecond`);
      assert.equal(after[i], `First block of ${i}.\nSecond half ${i}.`, "what streamed while narrow is kept, in its own column");
    }
    const marks = await h.page.$$eval(".column", (cols) => cols.map((c) => (c.querySelector(".md-block") as HTMLElement & { mark?: number }).mark));
    assert.deepEqual(marks, [7, 7, 7, 7], "no finished block was rendered again");
  });

  it("posts each column's buttons with its own run id, offers Use This One only for a finished rewrite, and diffs two answers", async () => {
    await h.send({ type: "compare/replay", comparison: { ...view(true), columns: view(true).columns.slice(0, 2) } }, { type: "column/start", index: 0, runId: "a" }, { type: "column/start", index: 1, runId: "b" });
    await h.send({ type: "output/delta", runId: "a", text: "```ts\nconst a = 1;\n```\n" }, { type: "output/delta", runId: "b", text: "```ts\nconst b = 2;\n```\n" });
    const col = (id: string) => `.column[data-run-id="${id}"]`;
    assert.equal(await h.page.isVisible(`${col("b")} button:has-text("Use This One")`), false, "not while it streams");
    await h.page.click(`${col("b")} button:has-text("Stop")`);
    await h.send({ type: "run/end", runId: "a", status: "done", totalMs: 5 }, { type: "run/end", runId: "b", status: "cancelled", totalMs: 5 });
    assert.equal(await h.page.isVisible(`${col("a")} button:has-text("Use This One")`), true);
    assert.equal(await h.page.isVisible(`${col("b")} button:has-text("Use This One")`), false, "a stopped answer is not offered");
    await h.page.click(`${col("a")} button:has-text("Use This One")`);
    await h.page.click(`${col("b")} button:has-text("Retry")`);
    await h.page.click(`${col("a")} button:has-text("Copy")`);
    await h.page.click('button:has-text("Show Diff")');
    const posted = (await h.posted()).filter((m) => m.type !== "webview/ready");
    assert.deepEqual(posted, [
      { type: "run/stop", runId: "b" },
      { type: "compare/use", runId: "a" },
      { type: "column/retry", runId: "b" },
      { type: "output/copy", runId: "a" },
      { type: "compare/diff", left: "a", right: "b" },
    ]);
  });
});
