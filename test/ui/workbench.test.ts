/**
 * The extension as a person uses it: the real VS Code workbench (VS Code server + Chromium),
 * the real keyboard and command palette, the real webview. The fake fal server is reached through
 * the proxy setting and the key comes from FAL_KEY. Screenshots land in test-results/.
 */
import * as assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { formatUsd } from "../../src/shared/format";
import { DEFAULT_USAGE, FakeFalServer } from "../support/fakeFal";
import { EVIL, HOSTILE_OUTPUT } from "../support/hostileOutput";
import { startHost, type HostSession } from "../support/vscodeServer";
import { frameWith, freshEditor, openFile, palette, panelFrame, reloadWindow, revealChat, selectAll, settle } from "./workbenchPage";

const SHOTS = "test-results";
const KEY = "ui-key-id:ui-secret-0123456789";

describe("workbench: Explain and Rewrite through the command palette", function () {
  this.timeout(180_000);
  let fal: FakeFalServer;
  let host: HostSession;

  before(async () => {
    fal = await new FakeFalServer().start();
    host = await startHost({ env: { FAL_KEY: KEY }, settings: { "falRouter.proxyUrl": fal.url } });
    mkdirSync(SHOTS, { recursive: true });
    await settle(host.page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") await host.page.screenshot({ path: `${SHOTS}/workbench-failure-${Date.now()}.png` });
  });
  after(async () => {
    await host?.close();
    host?.remove();
    await fal?.stop();
  });

  it("shows the model in the status bar once the window has started, before any fal Router command ran", async () => {
    // Nothing in the before hook runs a command of ours: only onStartupFinished activated the extension.
    const item = host.page.locator('.statusbar-item[aria-label^="fal Router model google/gemini-2.5-flash"]');
    await item.waitFor({ state: "visible", timeout: 30_000 });
    assert.match((await item.textContent()) ?? "", /gemini-2\.5-flash/);
  });

  it("explains the selection with a visibly streaming panel, then shows the billed cost", async () => {
    const { page } = host;
    await freshEditor(page);
    fal.script({ delayMs: 900, firstDelayMs: 500 });
    await palette(page, "fal Router: Explain Selection");
    const frame = await panelFrame(page);
    await frame.waitForSelector("#output .md-block, #output .md-tail p", { timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-explain-streaming.png` });
    assert.match((await frame.textContent("#status")) ?? "", /Streaming/);
    await frame.waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-explain-done.png` });
    assert.equal(await frame.textContent("#output h2"), "What it does");
    assert.equal(await frame.textContent('[data-field="billed"]'), "$0.00058");
    assert.equal(fal.answered.at(-1)?.authorization, `Key ${KEY}`);
    assert.match(String(fal.answered.at(-1)?.body?.prompt), /export function add/);
  });

  it("rewrites through a diff beside the code: Ctrl+Enter takes the change at the cursor, Reject All drops the rest, Undo restores", async () => {
    const { page } = host;
    await freshEditor(page);
    const typed = "export const add = (a: number, b: number): number => a + b;\n\nexport function mul(a: number, b: number): number {\n  return a * b;\n}\n";
    fal.script({ output: ["Shorter:\n\n```ts\n", typed.slice(0, 70), typed.slice(70), "```\n\n- `add` is an arrow function\n- `mul` multiplies\n"], delayMs: 900 });
    await palette(page, "fal Router: Rewrite Selection");
    const modified = page.locator(".monaco-diff-editor .editor.modified .view-lines:not(.line-delete)");
    await modified.waitFor({ state: "visible", timeout: 30_000 });
    const squash = (t: string | null) => (t ?? "").replace(/[\s\u00a0\u00b7]/g, "");
    await page.waitForFunction(() => (document.querySelector(".monaco-diff-editor .editor.modified .view-lines:not(.line-delete)")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").includes("returna*b;"), undefined, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.closest(".monaco-diff-editor") === null), true, "the diff did not take the focus");
    // VS Code shows editor actions in the focused group: the user clicks into the diff. While it streams, its title offers Stop.
    await modified.locator(".view-line").first().click();
    const title = (label: string) => page.locator(`.editor-actions .action-label[aria-label^="${label}"]`).first();
    await title("Stop Request").waitFor({ state: "visible", timeout: 10_000 });
    // Once it ends, the accept and reject actions.
    for (const label of ["Accept Proposed Change", "Reject Proposed Change", "Accept All Proposed Changes", "Reject All Proposed Changes"]) {
      await title(label).waitFor({ state: "visible", timeout: 10_000 });
    }
    assert.ok(squash(await modified.textContent()).startsWith("exportconstadd=(a:number,b:number):number=>a+b;"), "the proposed side holds the rewrite");
    await page.screenshot({ path: `${SHOTS}/workbench-rewrite-diff.png` });
    // The first change (add), from the keyboard, with the cursor in it on the proposed side.
    await modified.locator(".view-line").first().click();
    await page.keyboard.press("Control+Enter");
    const code = page.locator(".editor-group-container .monaco-editor:not(.original-in-monaco-diff-editor):not(.modified-in-monaco-diff-editor) .view-lines").first();
    await page.waitForFunction(() => {
      const ed = [...document.querySelectorAll(".monaco-editor")].find((e) => !e.closest(".monaco-diff-editor"));
      return (ed?.querySelector(".view-lines")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").startsWith("exportconstadd=");
    }, undefined, { timeout: 10_000 });
    await title("Reject All Proposed Changes").click();
    await page.locator(".monaco-diff-editor").waitFor({ state: "detached", timeout: 10_000 });
    const text = squash(await code.textContent());
    assert.ok(text.startsWith("exportconstadd="), "the accepted change is in the file");
    assert.ok(text.includes("letr=0;"), "the rejected change is not");
    const frame = await panelFrame(page);
    await frame.waitForSelector("#apply:disabled", { timeout: 10_000 });
    await code.click();
    await page.keyboard.press("Control+Z");
    await page.waitForFunction(() => (document.querySelector(".monaco-editor .view-lines")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").startsWith("exportfunctionadd("), undefined, { timeout: 10_000 });
  });

  it("runs a team's prompt file from Run Prompt on Selection…: the list shows the prompts with their descriptions, and its ${input:…} is asked", async () => {
    const { page } = host;
    const folder = join(host.dirs.workspace, ".github", "prompts");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "explain-for.prompt.md"), "---\ndescription: Explain it for an audience\n---\nExplain ${selection} for ${input:audience:who will read it}.\n");
    await freshEditor(page);
    await palette(page, "fal Router: Run Prompt on Selection…");
    const row = (name: string) => page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
    await row("explain-for").waitFor({ state: "visible", timeout: 20_000 });
    const rows = (await page.locator(".quick-input-list .monaco-list-row").allTextContents()).join("\n");
    for (const text of ["Explain", "Rewrite", "add-docs", "Add documentation comments to the selected code", "find-bugs", "Look for bugs in the selected code", "review", "write-tests", "Explain it for an audience", "This workspace (.github/prompts)", "Built in"]) {
      assert.ok(rows.includes(text), `the list shows “${text}”: ${rows}`);
    }
    await page.screenshot({ path: `${SHOTS}/workbench-prompts.png` });
    await row("explain-for").click();
    const input = page.locator(".quick-input-widget input");
    await page.waitForFunction(() => document.querySelector(".quick-input-title")?.textContent?.includes("explain-for: audience") === true, undefined, { timeout: 10_000 });
    assert.equal(await input.getAttribute("placeholder"), "who will read it");
    await page.keyboard.type("new joiners");
    await page.keyboard.press("Enter");
    const frame = await panelFrame(page);
    await frame.waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
    assert.match(String(fal.answered.at(-1)?.body?.prompt), /^File: src\/math\.ts \(lines 1-\d+, TypeScript\)\n\nExplain export function add[\s\S]* for new joiners\.$/);
  });

  it("compares three models on the selection from the palette: the prompt, the multi-select with prices, then the answers side by side with their billed cost", async () => {
    const { page } = host;
    await freshEditor(page);
    const models = ["google/gemini-2.5-flash", "anthropic/claude-haiku-4.5", "openai/gpt-5-mini"];
    fal.scriptModel(models[0], { output: ["## Adds two numbers\n\n", "`add` returns `a + b`; `mul` repeats it `b` times.\n"], delayMs: 150 });
    fal.scriptModel(models[1], { output: ["**add** sums its arguments.\n\n", "**mul** multiplies by repeated addition, which is O(b) and wrong for negative `b`.\n"], delayMs: 250, usage: { ...DEFAULT_USAGE, cost: 0.00142 } });
    fal.scriptModel(models[2], { output: ["Two helpers:\n\n", "- `add(a, b)`: the sum\n", "- `mul(a, b)`: the product, by a loop\n"], delayMs: 200, usage: { ...DEFAULT_USAGE, cost: 0.00031 } });
    try {
      await compareThree(page, models);
    } finally {
      fal.unscriptModels(); // the later tests script by order
    }
  });

  async function compareThree(page: Page, models: string[]): Promise<void> {
    await palette(page, "fal Router: Compare Models on Selection…");
    const title = (text: string) => page.waitForFunction((t) => document.querySelector(".quick-input-title")?.textContent?.trim() === t, text, { timeout: 20_000 });
    await title("fal Router: Compare Models: the prompt");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Explain" }).first().click();
    await title("fal Router: Compare Models");
    const input = page.locator(".quick-input-widget input.input, .quick-input-widget .quick-input-filter input").first();
    assert.match((await input.getAttribute("placeholder")) ?? "", /Tick 2 to 4 models to compare \(1 ticked\)/, "the action's model is ticked already");
    for (const id of models.slice(1)) {
      await input.fill(id);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: id }).first().click();
    }
    await input.fill("");
    // The placeholder follows the ticks a moment after the click: wait for it, then check it.
    await page.waitForFunction(() => /\(3 ticked\)/.test(document.querySelector(".quick-input-widget input.input, .quick-input-widget .quick-input-filter input")?.getAttribute("placeholder") ?? ""), undefined, { timeout: 5000 }).catch(() => undefined);
    assert.match((await input.getAttribute("placeholder")) ?? "", /\(3 ticked\)/);
    await page.screenshot({ path: `${SHOTS}/workbench-compare-pick.png` });
    await page.keyboard.press("Enter");
    const frame = await frameWith(page, ".columns .column");
    await frame.waitForFunction(() => document.querySelectorAll('.column[data-status="done"]').length === 3, undefined, { timeout: 30_000 });
    const tops = () => frame.$$eval(".column", (els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
    assert.equal(await tops(), 3, "beside the code the panel is narrow: the answers are rows");
    await page.screenshot({ path: `${SHOTS}/workbench-compare-rows.png` });
    // Given the width (its editor group maximised), the same answers stand side by side.
    await page.locator(".tabs-container .tab", { hasText: "fal Router: Compare" }).click();
    await palette(page, "View: Toggle Maximize Editor Group");
    await frame.waitForFunction(() => new Set([...document.querySelectorAll(".column")].map((e) => Math.round(e.getBoundingClientRect().top))).size === 1, undefined, { timeout: 10_000 });
    await page.waitForSelector(".quick-input-widget", { state: "hidden" });
    await page.mouse.move(900, 700); // no hover highlight in the picture
    await page.waitForTimeout(300); // the palette's fade-out
    await page.screenshot({ path: `${SHOTS}/workbench-compare.png` });
    await palette(page, "View: Toggle Maximize Editor Group");
    assert.deepEqual(await frame.$$eval(".column .model", (els) => els.map((e) => e.textContent)), models);
    assert.match((await frame.textContent('.column:nth-child(2) .answer')) ?? "", /wrong for negative b/);
    assert.equal(await frame.textContent('[data-field="total-cost"]'), formatUsd(DEFAULT_USAGE.cost + 0.00142 + 0.00031));
    const sent = fal.answered.slice(-3).map((r) => r.body?.model).sort();
    assert.deepEqual(sent, [...models].sort(), "one request per model");
  }

  it("switches the model from the status bar in two keystrokes and shows what was billed today and in this window", async () => {
    const { page } = host;
    const item = page.locator('.statusbar-item[aria-label^="fal Router model"]');
    await page.waitForSelector('.statusbar-item[aria-label*="billed today"]', { timeout: 20_000 });
    const todayBefore = /(\S+) billed today/.exec((await item.getAttribute("aria-label")) ?? "")?.[1];
    assert.ok(todayBefore, "the status bar says what was billed today");
    // The status bar counts today, so a reload does not reset it; the tooltip counts this window,
    // which starts at zero, so the figures below are exact.
    await reloadWindow(page);
    await page.waitForSelector(`.statusbar-item[aria-label*="${todayBefore} billed today"]`, { timeout: 20_000 });
    await freshEditor(page);
    await palette(page, "fal Router: Explain Selection");
    await fal.waitFor(() => fal.answered.length > 0 && !fal.answered.at(-1)!.clientClosed, 20_000);
    await page.waitForFunction((before) => !document.querySelector(`.statusbar-item[aria-label*="${before} billed today"]`), todayBefore, { timeout: 20_000 });
    assert.match((await item.textContent()) ?? "", /gemini-2\.5-flash · \$[\d.,]+ today/);
    /** What the tooltip says this window was billed, once it says `expected` (or the last reading after 15 s). */
    const windowCost = async (expected: string): Promise<string> => {
      let seen = "";
      for (const end = Date.now() + 15_000; Date.now() < end; ) {
        await item.hover();
        const hover = page.locator(".monaco-hover", { hasText: "in this window" });
        await hover.waitFor({ state: "visible", timeout: 10_000 });
        seen = /in this window:\s*(\$[0-9.,]+)/.exec((await hover.textContent()) ?? "")?.[1] ?? "";
        if (seen === expected) break;
        await page.mouse.move(10, 10);
        await page.waitForTimeout(300);
      }
      return seen;
    };
    assert.equal(await windowCost(formatUsd(DEFAULT_USAGE.cost)), formatUsd(DEFAULT_USAGE.cost));
    await page.screenshot({ path: `${SHOTS}/workbench-status-tooltip.png` });
    await page.mouse.move(10, 10);
    await item.click();
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type("sonnet 4.5", { delay: 5 });
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="anthropic/claude-sonnet-4.5"]', { timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-switcher.png` });
    await page.keyboard.press("Enter");
    await page.waitForSelector('.statusbar-item[aria-label^="fal Router model anthropic/claude-sonnet-4.5"]', { timeout: 10_000 });
    await selectAll(page);
    const before = fal.answered.length;
    await palette(page, "fal Router: Explain Selection");
    await fal.waitFor(() => fal.answered.length > before, 20_000);
    const frame = await panelFrame(page);
    // The panel showed the previous run as done: wait for the new run's header, then its end.
    await frame.waitForSelector('#model:text-is("anthropic/claude-sonnet-4.5")', { timeout: 30_000 });
    await frame.waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
    assert.equal(fal.answered.at(-1)?.body?.model, "anthropic/claude-sonnet-4.5");
    await page.mouse.move(10, 10);
    assert.equal(await windowCost(formatUsd(2 * DEFAULT_USAGE.cost)), formatUsd(2 * DEFAULT_USAGE.cost));
    await page.mouse.move(10, 10);
    await page.screenshot({ path: `${SHOTS}/workbench-status-bar.png`, clip: { x: 0, y: page.viewportSize()!.height - 60, width: page.viewportSize()!.width, height: 60 } });
    // Back to the default model, through the same switcher, for the other tests.
    await item.click();
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type("gemini 2.5 flash", { delay: 5 });
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="google/gemini-2.5-flash"]', { timeout: 10_000 });
    await page.keyboard.press("Enter");
    await page.waitForSelector('.statusbar-item[aria-label^="fal Router model google/gemini-2.5-flash"]', { timeout: 10_000 });
  });

  it("shows usage per day and per model", async () => {
    const { page } = host;
    await freshEditor(page);
    const before = fal.answered.length;
    await palette(page, "fal Router: Explain Selection");
    await fal.waitFor(() => fal.answered.length > before, 20_000);
    await (await panelFrame(page)).waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
    await palette(page, "fal Router: Show Usage and Cost");
    let frame: Frame | undefined;
    for (let i = 0; i < 100 && !frame; i++) {
      for (const f of page.frames()) if (await f.$("#by-model").catch(() => null)) frame = f;
      if (!frame) await page.waitForTimeout(200);
    }
    assert.ok(frame, "the usage view appeared");
    const models = await frame.textContent("#by-model");
    assert.match(models ?? "", /google\/gemini-2\.5-flash/);
    assert.equal(await frame.locator("svg.chart rect.bar.today").count(), 1);
    await page.screenshot({ path: `${SHOTS}/workbench-usage.png` });
  });

  it("chats in the side panel: Add Selection, Enter to send, streamed answer with its cost", async () => {
    const { page } = host;
    await freshEditor(page);
    await revealChat(page, "fal Router: New Chat");
    await freshEditor(page);
    await palette(page, "fal Router: Add Selection to Chat");
    const chat = await frameWith(page, "#messages");
    await chat.waitForSelector('#chips .chip :text("src/math.ts:1")', { timeout: 10_000 });
    fal.script({ output: ["`add` is now an **arrow function**.\n\n", "```ts\nexport const add = (a: number, b: number) => a + b;\n```\n\n", "It behaves the same.\n"], delayMs: 700, firstDelayMs: 300 });
    await chat.click("#input");
    await page.keyboard.type("What changed in this code?", { delay: 5 });
    await page.keyboard.press("Enter");
    await chat.waitForSelector("article.assistant .answer p", { timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-chat-streaming.png` });
    assert.ok(await chat.isVisible("#stop"));
    await chat.waitForSelector("article.assistant .msg-usage:not([hidden])", { timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-chat-done.png` });
    assert.equal(await chat.textContent("article.assistant .msg-usage"), "267 tokens · $0.00058 billed");
    assert.equal(await chat.textContent("#title"), "What changed in this code?");
    const prompt = String(fal.answered.at(-1)?.body?.prompt);
    assert.match(prompt, /^### User\nWhat changed in this code\?\n\nFile: src\/math\.ts \(lines 1-9, TypeScript\)\n```typescript\nexport function add\(a: number, b: number\)/);
  });

  it("asks about a screenshot pasted into the chat: a thumbnail chip, the vision endpoint, the answer", async () => {
    const { page } = host;
    // A real screenshot of a (made-up) error, taken in Chromium, to paste.
    const shotContext = await page.context().browser()!.newContext({ viewport: { width: 420, height: 150 } });
    const shotPage = await shotContext.newPage();
    await shotPage.setContent(`<body style="margin:0;background:#1e1e1e;color:#ddd;font:13px monospace;padding:12px"><div style="color:#f48771">TypeError: Cannot read properties of undefined (reading 'map')</div><div>&nbsp;&nbsp;at renderList (src/list.tsx:14:22)</div><div>&nbsp;&nbsp;at App (src/App.tsx:8:5)</div></body>`);
    const png = (await shotPage.screenshot()).toString("base64");
    await shotContext.close();
    await revealChat(page, "fal Router: New Chat");
    const chat = await frameWith(page, "#messages");
    await chat.evaluate((b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], "image.png", { type: "image/png" }));
      document.querySelector("#input")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png);
    await chat.waitForSelector("#chips .chip-image img.chip-thumb", { timeout: 10_000 });
    fal.script({ output: ["The list is **undefined** on the first render: `items` comes from a fetch that has not finished.\n\n", "```tsx\n{items?.map((item) => <Row key={item.id} {...item} />)}\n```\n\n", "Or give the state an empty array to start with: `useState<Item[]>([])`.\n"], delayMs: 400 });
    await chat.click("#input");
    await page.keyboard.type("Why does this crash?", { delay: 5 });
    await page.keyboard.press("Enter");
    await chat.waitForSelector("article.assistant .msg-usage:not([hidden])", { timeout: 30_000 });
    await chat.waitForSelector("article.user .chip-image img.chip-thumb", { timeout: 5000 });
    await page.screenshot({ path: `${SHOTS}/workbench-chat-image.png` });
    const sent = fal.answered.at(-1)!;
    assert.equal(sent.endpoint, "vision");
    assert.deepEqual(sent.body?.image_urls, [`data:image/png;base64,${png}`], "the pasted screenshot, inline (under 256 KB)");
    assert.match(String(sent.body?.prompt), /Why does this crash\?\n\nImage: Pasted image 1\.png \[attached to this message\]/);
  });

  it("keeps the conversation across a window reload, with an answer cut off by the reload marked interrupted", async () => {
    const { page } = host;
    await revealChat(page, "fal Router: New Chat");
    let chat = await frameWith(page, "#messages");
    fal.script({ output: ["`add` is now an **arrow function**."] });
    await chat.click("#input");
    await page.keyboard.type("What changed?", { delay: 5 });
    await page.keyboard.press("Enter");
    await chat.waitForSelector("article.assistant .msg-usage:not([hidden])", { timeout: 30_000 });
    fal.script({ output: Array.from({ length: 40 }, (_, i) => `Part ${i} of a long answer. `), delayMs: 500 });
    await chat.click("#input");
    await page.keyboard.type("Tell me more", { delay: 5 });
    await page.keyboard.press("Enter");
    await chat.waitForSelector('article.assistant >> nth=1 >> :text("Part 2")', { timeout: 20_000 });
    const cut = fal.answered.at(-1)!;
    await reloadWindow(page, false);
    // The reload cancels the stream: the server sees its connection closed long before the answer's 20 s end.
    await fal.waitFor(() => cut.clientClosed, 10_000);
    // As soon as the chat's document exists, focus it and take the focus away again (the palette),
    // while its history may still be loading: the list must not empty itself.
    chat = await frameWith(page, "#messages", 60_000);
    await chat.focus("body").catch(() => undefined);
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: 30_000 });
    await page.keyboard.press("Escape");
    await chat.waitForSelector('article.assistant .msg-status[data-status="interrupted"]', { timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-chat-after-reload.png` });
    assert.equal(await chat.locator("article.msg").count(), 4);
    assert.match((await chat.textContent("article.assistant >> nth=1")) ?? "", /Part 0 of a long answer\. Part 1/);
    assert.match((await chat.textContent("article.assistant >> nth=0")) ?? "", /arrow function/);
  });

  it("restores the result panel after a reload, marks the run it cut off as interrupted, and the palette gets the keys typed meanwhile", async () => {
    const { page } = host;
    await revealChat(page, "fal Router: Focus Chat"); // the chat view loads again after the reload
    await freshEditor(page);
    fal.script({ output: Array.from({ length: 40 }, (_, i) => `Chunk ${i}. `), delayMs: 400 });
    await palette(page, "fal Router: Explain Selection");
    let frame = await panelFrame(page);
    await frame.waitForFunction(() => (document.querySelector("#output")?.textContent ?? "").includes("Chunk 3"), undefined, { timeout: 20_000 });
    const sentBefore = fal.answered.length;
    const cut = fal.answered.at(-1)!;
    await reloadWindow(page, false);
    await fal.waitFor(() => cut.clientClosed, 10_000); // the reload cancelled the stream (16 s long)
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget input:focus", { state: "visible", timeout: 30_000 });
    const typed = "fal Router: Show Log and nothing else";
    await page.keyboard.type(typed, { delay: 60 }); // ~2 s, while the chat and the panel load
    assert.equal(await page.inputValue(".quick-input-widget input"), `>${typed}`, "every key reached the palette");
    await page.keyboard.press("Escape");
    const chat = await frameWith(page, "#messages", 60_000);
    assert.equal(await chat.inputValue("#input"), "", "no key reached the chat input");
    frame = await panelFrame(page, 60_000);
    await frame.waitForSelector('#status[data-status="interrupted"]', { timeout: 30_000 });
    // The host saved the run as the window went: at least what was on screen, and only the answer.
    const restored = ((await frame.textContent("#output")) ?? "").replace(/\s+/g, " ").trim();
    assert.match(restored, /^Chunk 0\. Chunk 1\. Chunk 2\. Chunk 3\.( Chunk \d+\.)*$/);
    assert.ok(Array.from({ length: 40 }, (_, i) => `Chunk ${i}.`).join(" ").startsWith(restored), `a prefix of the answer: ${restored}`);
    assert.match((await frame.textContent("#error")) ?? "", /window reloaded/);
    assert.equal(await frame.textContent("#action"), "Explain");
    await page.screenshot({ path: `${SHOTS}/workbench-panel-restored.png` });
    assert.equal(fal.answered.length, sentBefore, "nothing was sent by the keys typed after the reload");
  });

  it("asks before sending a large prompt, with a labelled estimate, in VS Code's own modal dialog", async () => {
    const { page } = host;
    // About 30,000 estimated tokens: above the default falRouter.confirmAboveTokens (20,000).
    const big = Array.from({ length: 1500 }, (_, i) => `export const value${i} = ${i}; // ${"pad".repeat(20)}`).join("\n");
    writeFileSync(join(host.dirs.workspace, "src", "big.ts"), big);
    await palette(page, "View: Close All Editors");
    await openFile(page, "big.ts");
    await selectAll(page);
    const before = fal.answered.length;
    await palette(page, "fal Router: Explain Selection");
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor({ state: "visible", timeout: 20_000 });
    assert.match((await dialog.textContent()) ?? "", /estimate/i);
    await page.screenshot({ path: `${SHOTS}/workbench-estimate-dialog.png` });
    await dialog.locator(".monaco-button", { hasText: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden", timeout: 10_000 });
    await page.waitForTimeout(500);
    assert.equal(fal.answered.length, before, "Cancel sends nothing");
    await palette(page, "fal Router: Explain Selection");
    await dialog.waitFor({ state: "visible", timeout: 20_000 });
    await dialog.locator(".monaco-button", { hasText: "Send Anyway" }).click();
    await fal.waitFor(() => fal.answered.length === before + 1, 20_000);
    assert.match(String(fal.answered.at(-1)?.body?.prompt), /value1499/);
    await (await panelFrame(page)).waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
  });

  it("works when the chat view is moved to the secondary side bar", async () => {
    const { page } = host;
    await palette(page, "fal Router: Focus Chat");
    let chat = await frameWith(page, "#messages");
    await chat.waitForSelector("#input:focus", { timeout: 10_000 });
    // "View: Move View": pick our Chat view, then the secondary side bar; rows are clicked by their text.
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget input:focus", { state: "visible" });
    await page.keyboard.type("View: Move View", { delay: 5 });
    await page.locator(".quick-input-list .monaco-list-row .label-name", { hasText: /^View: Move View$/ }).first().click();
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Side Bar / fal Router" }).click();
    await page.keyboard.type("Secondary Side Bar", { delay: 5 });
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Secondary Side Bar"]', { timeout: 10_000 });
    await page.keyboard.press("Enter");
    await page.waitForSelector(".part.auxiliarybar", { state: "visible", timeout: 10_000 });
    // VS Code focuses the moved view, and its webview, which loads anew, takes that focus a moment
    // later. Wait for the chat to be drawn on the right and for that focus to land (as a person sees
    // the view appear) before typing into the palette; otherwise VS Code's deferred focus takes the keys.
    const box = await chatDrawnOnTheRight(page);
    assert.ok(box.x > page.viewportSize()!.width / 2, `the chat is drawn on the right (x=${box.x})`);
    await page.waitForFunction(() => document.activeElement?.tagName === "IFRAME", undefined, { timeout: 10_000 }).catch(() => undefined);
    await palette(page, "fal Router: Focus Chat");
    chat = await frameWith(page, "#messages", 30_000);
    await chat.waitForSelector("#input:focus", { timeout: 20_000 });
    fal.script({ output: ["Still here, on the right."] });
    await chat.click("#input");
    await page.keyboard.type("Are you there?", { delay: 5 });
    await page.keyboard.press("Enter");
    await chat.waitForSelector('article.assistant :text("Still here, on the right.")', { timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/workbench-chat-secondary-side-bar.png` });
  });

  // Last: a 10,000-line proposal and Go to Line leave the window in a state the others do not expect.
  it("shows a rewrite made of every hostile payload as plain text in VS Code's diff editor: no script, no request out, only text lines (the battery's rewrite-diff surface)", async () => {
    const { page } = host;
    const out: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (/^https?:/.test(url) && !url.startsWith("http://127.0.0.1:")) out.push(url);
      return url.startsWith(EVIL) ? route.abort() : route.continue();
    });
    try {
      // Every payload of the battery as the proposed code: one fence longer than any backtick run inside.
      const code = HOSTILE_OUTPUT.map((p) => p.text).join("\n\n");
      const fence = "`".repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
      writeFileSync(join(host.dirs.workspace, "src", "notes.txt"), "Notes to rewrite.\n");
      await palette(page, "View: Close All Editors");
      await openFile(page, "notes.txt");
      await selectAll(page);
      fal.script({ output: [`Rewritten:\n\n${fence}\n${code}\n${fence}\n`] });
      await palette(page, "fal Router: Rewrite Selection");
      const modified = ".monaco-diff-editor .editor.modified";
      const lines = `${modified} .view-lines:not(.line-delete)`;
      // Shown as the text the model wrote (the editor draws spaces as non-breaking ones).
      await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").includes("<script>window.__pwned=1</script>"), lines, { timeout: 30_000 });
      await page.locator(`${lines} .view-line`).first().click();
      // Every payload's first line is brought into view (Go to Line), and what the editor drew is checked each time.
      const starts: number[] = [];
      let line = 1;
      for (const p of HOSTILE_OUTPUT) {
        starts.push(line);
        line += p.text.split("\n").length + 1;
      }
      const shown = new Set<number>();
      let screens = 0;
      for (const start of starts) {
        if (shown.has(start)) continue;
        await palette(page, "Go to Line/Column");
        await page.keyboard.type(String(start));
        await page.keyboard.press("Enter");
        await page.waitForFunction(([sel, n]) => [...document.querySelectorAll(`${sel} .line-numbers`)].some((e) => Number.parseInt(e.textContent ?? "", 10) === n), [modified, start] as const, { timeout: 10_000 });
        const seen = await page.evaluate(([sel, text]) => {
          return {
            foreign: [...document.querySelector(text)!.querySelectorAll("*")].filter((e) => e.tagName !== "DIV" && e.tagName !== "SPAN").map((e) => e.tagName),
            numbers: [...document.querySelectorAll(`${sel} .line-numbers`)].map((e) => Number.parseInt(e.textContent ?? "", 10)),
            pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          };
        }, [modified, lines] as const);
        assert.deepEqual(seen.foreign, [], `only text lines are drawn around line ${start}`);
        assert.equal(seen.pwned, undefined, "no script of a payload ran");
        for (const n of seen.numbers) shown.add(n);
        screens++;
      }
      assert.ok(starts.every((n) => shown.has(n)), "every payload was on screen");
      // The workbench itself asks its extension gallery (open-vsx.org) now and then; a payload could
      // only reach the hosts it names, and no request may go to any of them.
      const hostOf = (h: string) => (URL.canParse(`https://${h}`) ? new URL(`https://${h}`).hostname : h.toLowerCase());
      const named = new Set([...code.matchAll(/\/\/([^/\s"'<>)\]]+)/g)].map((m) => hostOf(m[1])));
      const toPayloadHosts = out.filter((u) => named.has(new URL(u).hostname) || named.has(new URL(u).host));
      assert.ok(named.has("evil.example") && named.size >= 3, `the payloads name hosts: ${[...named].join(", ")}`);
      assert.deepEqual(toPayloadHosts, [], `no request went to a host a payload names (requests out: ${out.join(", ") || "none"})`);
      assert.equal(fal.answered.at(-1)?.endpoint, "router");
      console.log(`    (${HOSTILE_OUTPUT.length} payloads, ${starts.at(-1)} lines, ${screens} screens checked)`);
      await palette(page, "fal Router: Reject All Proposed Changes");
      await page.locator(".monaco-diff-editor").waitFor({ state: "detached", timeout: 10_000 });
    } finally {
      await page.unroute("**/*");
    }
  });
});

/** The chat webview's box once a chat document is drawn in the right half of the window. */
async function chatDrawnOnTheRight(page: Page, timeout = 30_000): Promise<{ x: number; y: number; width: number; height: number }> {
  const until = Date.now() + timeout;
  let last: { x: number; y: number; width: number; height: number } | null = null;
  for (;;) {
    for (const f of page.frames()) {
      if (!(await f.$("#messages").catch(() => null))) continue;
      const outer = f.parentFrame();
      last = outer ? await (await outer.frameElement()).boundingBox().catch(() => null) : null;
      if (last && last.width > 0 && last.x > page.viewportSize()!.width / 2) return last;
    }
    if (Date.now() > until) throw new Error(`the chat was not drawn on the right (last box ${JSON.stringify(last)})`);
    await page.waitForTimeout(200);
  }
}
