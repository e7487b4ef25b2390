import * as assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HostToPanel as HostMessage } from "../../src/protocol/panel";
import type { RunHeader } from "../../src/protocol/run";
import { openPanel, type Harness } from "./webviewHarness";

const header: RunHeader = { runId: "r1", action: "Explain", model: "google/gemini-2.5-flash", source: "src/math.ts:1-3", reasoning: true, canApply: false };
const delta = (text: string): HostMessage => ({ type: "output/delta", runId: "r1", text });
const SHOTS = "test-results";

describe("result panel webview in real Chromium (real bundle, strict CSP)", function () {
  this.timeout(60_000);
  let h: Harness<HostMessage>;
  beforeEach(async () => {
    h = await openPanel<HostMessage>();
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

  it("never re-renders a finished block while a burst of deltas streams in", async () => {
    await h.send({ type: "run/start", header }, delta("First paragraph.\n\nSecond "));
    await h.page.evaluate(() => ((document.querySelector("#output .md-block") as HTMLElement & { mark?: number }).mark = 42));
    // 500 deltas posted without waiting for frames. How many frames they take is a benchmark figure
    // (bench/), not an assertion here; what must hold is that the finished block is untouched.
    await h.page.evaluate(async () => {
      for (let i = 0; i < 500; i++) window.postMessage({ type: "output/delta", runId: "r1", text: `w${i} ` }, "*");
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
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
    assert.deepEqual((await h.posted()).filter((m) => m.type === "link/open"), [{ type: "link/open", href: "https://example.com/docs", text: "ok" }]);
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

  it("saves its run in the webview state for the panel serializer: while streaming, and at the end", async () => {
    type Saved = { run?: { status: string; output: string; action: string; usage?: { cost?: number } } } | null;
    const saved = () => h.page.evaluate(() => JSON.parse(sessionStorage.getItem("__state") ?? "null") as Saved);
    await h.send({ type: "run/start", header }, delta("Half an "));
    await h.page.waitForFunction(() => /Half an/.test(sessionStorage.getItem("__state") ?? ""), undefined, { timeout: 5000 });
    assert.equal((await saved())?.run?.status, "streaming");
    await h.send(delta("answer."), { type: "usage/update", runId: "r1", usage: { totalTokens: 9, cost: 0.001 } }, { type: "run/end", runId: "r1", status: "done", totalMs: 5 });
    const end = await saved();
    assert.equal(end?.run?.status, "done");
    assert.equal(end?.run?.output, "Half an answer.");
    assert.equal(end?.run?.action, "Explain");
    assert.equal(end?.run?.usage?.cost, 0.001);
  });

  it("replays the whole state after a reload and offers Show Diff, Reject All and Accept All for rewrites, until the proposal is settled", async () => {
    await h.send({
      type: "state/replay",
      run: { ...header, runId: "r9", action: "Rewrite", canApply: true, status: "done", output: "```ts\nconst a = 1;\n```", reasoningText: "", usage: { cost: 0.01 }, totalMs: 10 },
    });
    assert.equal(await h.page.textContent("#action"), "Rewrite");
    assert.equal((await h.page.textContent("#output code"))?.trim(), "const a = 1;");
    assert.equal(await h.page.isEnabled("#apply"), true);
    await h.page.click("#apply");
    await h.page.click("#diff");
    await h.page.click("#reject");
    const sent = (await h.posted()).filter((m) => m.type.startsWith("rewrite/"));
    assert.deepEqual(sent, [{ type: "rewrite/apply", runId: "r9" }, { type: "rewrite/diff", runId: "r9" }, { type: "rewrite/reject", runId: "r9" }]);
    await h.send({ type: "apply/result", runId: "r9", ok: true, message: "Rejected every change: the file is as it was." });
    await h.page.waitForSelector("#notice:not([hidden])", { timeout: 5000 });
    assert.match((await h.page.textContent("#notice")) ?? "", /Rejected every change/);
    assert.deepEqual([await h.page.isEnabled("#apply"), await h.page.isEnabled("#reject"), await h.page.isEnabled("#diff")], [false, false, true], "nothing is left to accept or reject");
  });

  it("offers Compare with… once an answer has ended, not while it streams nor for one a reload cut off", async () => {
    await h.send({ type: "run/start", header }, delta("Partial"));
    assert.equal(await h.page.isVisible("#compare"), false, "not while it streams");
    await h.send({ type: "run/end", runId: "r1", status: "done", totalMs: 5 });
    await h.page.click("#compare");
    assert.deepEqual((await h.posted()).filter((m) => m.type === "run/compare"), [{ type: "run/compare", runId: "r1" }]);
    await h.send({ type: "state/replay", run: { ...header, runId: "r2", status: "interrupted", output: "Cut", reasoningText: "" } });
    assert.equal(await h.page.isVisible("#compare"), false, "a request cut off by a reload is no longer known");
  });

  it("shows its own text in the display language from the bundle the host puts in the page (pseudo-locale qps-ploc), and the answer as written", async () => {
    await h.close();
    const pseudo = JSON.parse(readFileSync(join(__dirname, "../../../l10n/bundle.l10n.qps-ploc.json"), "utf8")) as Record<string, string>;
    h = await openPanel<HostMessage>("panel", ["panel.css"], "qps-ploc", pseudo);
    assert.equal((await h.page.textContent("#empty"))?.startsWith(pseudo["Select code and run {0} or {1}."].split("{0}")[0]), true, "the empty state");
    await h.send({ type: "run/start", header }, delta("## What it does\n\nAdds.\n"));
    assert.equal(await h.page.textContent("#status"), pseudo["Streaming…"]);
    await h.send({ type: "usage/update", runId: "r1", usage: { promptTokens: 40, completionTokens: 227, totalTokens: 267, cost: 0.0005795 } }, { type: "run/end", runId: "r1", status: "done", totalMs: 2100, firstTokenMs: 350 });
    mkdirSync(SHOTS, { recursive: true });
    await h.page.screenshot({ path: `${SHOTS}/panel-qps-ploc.png` });
    assert.equal(await h.page.textContent("#status"), pseudo["Done"]);
    assert.equal((await h.page.textContent('.usage-item:has([data-field="billed"]) .usage-label'))?.trim(), pseudo["Billed"]);
    assert.equal((await h.page.textContent("#stop"))?.trim(), pseudo["Stop"]);
    assert.equal(await h.page.textContent("#output h2"), "What it does", "the model's answer is not translated");
    assert.deepEqual(h.violations, []);
  });
});
