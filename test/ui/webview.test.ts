import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { HostMessage, RunHeader } from "../../src/protocol/messages";
import { openPanel, type Harness } from "./webviewHarness";

const header: RunHeader = { runId: "r1", action: "Explain", model: "google/gemini-2.5-flash", source: "src/math.ts:1-3", reasoning: true, canApply: false };
const delta = (text: string): HostMessage => ({ type: "output/delta", runId: "r1", text });
const SHOTS = "test-results";

describe("result panel webview in real Chromium (real bundle, strict CSP)", function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await openPanel();
  });
  afterEach(async () => {
    await h.close();
  });

  it("says ready first, then streams markdown with highlighted code and shows usage", async () => {
    assert.deepEqual((await h.posted())[0], { type: "webview/ready" });
    await h.send({ type: "run/start", header }, { type: "reasoning/delta", runId: "r1", text: "Thinking about **add**." });
    const answer = ["## What it does\n\n", "Adds two numbers.\n\n", "```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\n\n", "- pure\n- total\n"];
    for (const part of answer) await h.send(delta(part));
    mkdirSync(SHOTS, { recursive: true });
    await h.page.screenshot({ path: `${SHOTS}/panel-streaming.png` });
    assert.equal(await h.page.textContent("#status"), "Streaming…");
    assert.equal(await h.page.isVisible("#stop"), true);
    await h.send(
      { type: "usage/update", runId: "r1", usage: { promptTokens: 40, completionTokens: 227, totalTokens: 267, cost: 0.0005795 } },
      { type: "run/end", runId: "r1", status: "done", totalMs: 2100, firstTokenMs: 350 },
    );
    await h.page.screenshot({ path: `${SHOTS}/panel-done.png` });
    assert.equal(await h.page.textContent("#output h2"), "What it does");
    assert.ok((await h.page.$$("#output pre code .hljs-keyword")).length > 0, "code is highlighted");
    assert.deepEqual(await h.page.$$eval("#output li", (els) => els.map((e) => e.textContent)), ["pure", "total"]);
    assert.equal(await h.page.textContent("#status"), "Done");
    assert.equal(await h.page.isVisible("#stop"), false);
    assert.equal(await h.page.textContent('[data-field="billed"]'), "$0.00058");
    assert.equal(await h.page.textContent('[data-field="total"]'), "267");
    assert.equal(await h.page.textContent('[data-field="first-token"]'), "350 ms");
    assert.match((await h.page.textContent("#reasoning-body")) ?? "", /Thinking about add/);
    assert.deepEqual(h.violations, []);
  });

  it("never re-renders a finished block, and renders a burst of deltas in one frame", async () => {
    await h.send({ type: "run/start", header }, delta("First paragraph.\n\nSecond "));
    await h.page.evaluate(() => ((document.querySelector("#output .md-block") as HTMLElement & { mark?: number }).mark = 42));
    const mutations = await h.page.evaluate(async () => {
      let calls = 0;
      const obs = new MutationObserver(() => calls++);
      obs.observe(document.querySelector("#output")!, { childList: true, subtree: true, characterData: true });
      for (let i = 0; i < 500; i++) window.postMessage({ type: "output/delta", runId: "r1", text: `w${i} ` }, "*");
      await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      obs.disconnect();
      return calls;
    });
    assert.ok(mutations <= 2, `500 deltas caused ${mutations} DOM update batches`);
    await h.send(delta("\n\nThird paragraph."), { type: "run/end", runId: "r1", status: "done", totalMs: 1 });
    const marked = await h.page.evaluate(() => (document.querySelector("#output .md-block") as HTMLElement & { mark?: number }).mark);
    assert.equal(marked, 42, "the first finished block is the same DOM node");
    const text = (await h.page.textContent("#output")) ?? "";
    assert.match(text, /First paragraph\.\s*Second w0 w1 .* w499\s*Third paragraph\./s);
  });

  it("sanitises untrusted output, loads no remote image and routes links through the host", async () => {
    const evil = [
      "<script>window.pwned = 1</script>\n\n",
      '<img src="https://evil.example/a.png" onerror="window.pwned=2">\n\n',
      "![tracker](https://evil.example/b.png)\n\n",
      "[bad](javascript:window.pwned=3) [ok](https://example.com/docs)\n",
    ];
    await h.send({ type: "run/start", header }, ...evil.map(delta), { type: "run/end", runId: "r1", status: "done", totalMs: 1 });
    assert.equal(await h.page.$$eval("#output script, #output img", (e) => e.length), 0);
    assert.equal(await h.page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.ok(!h.requests.some((u) => u.includes("evil.example")), "no request to the remote image host");
    const hrefs = await h.page.$$eval("#output a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(!hrefs.some((x) => x?.startsWith("javascript")));
    await h.page.click('#output a[href="https://example.com/docs"]');
    assert.deepEqual((await h.posted()).filter((m) => m.type === "link/open"), [{ type: "link/open", href: "https://example.com/docs" }]);
  });

  it("Stop, Copy and Esc post typed messages for the current run", async () => {
    await h.send({ type: "run/start", header }, delta("partial"));
    await h.page.click("#stop");
    await h.page.keyboard.press("Escape");
    await h.page.click("#copy");
    const sent = (await h.posted()).filter((m) => m.type !== "webview/ready");
    assert.deepEqual(sent, [{ type: "run/stop", runId: "r1" }, { type: "run/stop", runId: "r1" }, { type: "output/copy", runId: "r1" }]);
  });

  it("shows a failure with field messages and the request id, keeping the partial answer", async () => {
    await h.send(
      { type: "run/start", header },
      delta("Half an answer"),
      { type: "run/end", runId: "r1", status: "failed", totalMs: 5, error: { kind: "validation", message: "fal rejected the request as invalid (422).", fields: ["model: unknown model"], requestId: "req-42" } },
    );
    await h.page.screenshot({ path: `${SHOTS}/panel-error.png` });
    assert.equal(await h.page.textContent("#status"), "Failed");
    assert.match((await h.page.textContent("#error")) ?? "", /422.*model: unknown model.*Request id: req-42.*partial answer above is kept/s);
    assert.equal(await h.page.textContent("#output p"), "Half an answer");
  });

  it("replays the whole state after a reload and offers Apply for rewrites", async () => {
    await h.send({
      type: "state/replay",
      run: { ...header, runId: "r9", action: "Rewrite", canApply: true, status: "done", output: "```ts\nconst a = 1;\n```", reasoningText: "", usage: { cost: 0.01 }, totalMs: 10 },
    });
    assert.equal(await h.page.textContent("#action"), "Rewrite");
    assert.equal((await h.page.textContent("#output code"))?.trim(), "const a = 1;");
    assert.equal(await h.page.isEnabled("#apply"), true);
    await h.page.click("#apply");
    await h.page.click("#diff");
    const sent = (await h.posted()).filter((m) => m.type.startsWith("rewrite/"));
    assert.deepEqual(sent, [{ type: "rewrite/apply", runId: "r9" }, { type: "rewrite/diff", runId: "r9" }]);
  });
});
