/**
 * A new user's first run, from the packaged .vsix in a clean profile: no FAL_KEY, no
 * `falRouter.proxyUrl`, and the network reached through an HTTPS proxy (VS Code's `http.proxy`),
 * so the extension talks to the real fal URLs and each tunnel ends at the fake fal server.
 * Screenshots land in test-results/.
 */
import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Frame, Page } from "playwright-core";
import { FakeFalServer } from "../support/fakeFal";
import { startHttpsProxy, type HttpsProxy } from "../support/httpsProxy";
import { startHost, type HostSession } from "../support/vscodeServer";
import { freshEditor, palette, panelFrame, revealChat, selectAll, settle } from "./workbenchPage";

const SHOTS = "test-results";
const KEY = "first-run-id:first-run-secret-0123456789";
const FAL_HOSTS = /^(queue\.|rest\.)?fal\.run:443$/;

/** The titles of the walkthrough's steps that show as done (checked, as a screen reader hears it). */
async function stepsDone(page: Page): Promise<string[]> {
  await palette(page, "fal Router: Get Started");
  await page.waitForSelector('.gettingStartedContainer :text("Get Started with fal Router")', { timeout: 20_000 });
  // A step's check mark turns on a moment after the page draws.
  await page.waitForTimeout(500);
  return page.$$eval('.gettingStartedContainer .getting-started-step:has([role="checkbox"][aria-checked="true"])', (els) => els.map((e) => e.querySelector(".step-title")?.textContent?.trim() ?? `?${e.className}`));
}

/**
 * Waits until the key input box is up (and focused, unless the welcome page may hold the focus for a
 * moment after its button ran the command), and says what it asked.
 */
async function keyBox(page: Page, focused = true): Promise<string> {
  await page.waitForSelector(`.quick-input-widget input[type=password]${focused ? ":focus" : ""}`, { state: "visible", timeout: 20_000 });
  return (await page.textContent(".quick-input-widget")) ?? "";
}

/** Waits for the panel's run to end, and fails with what the panel says unless it is done. */
async function explainDone(page: Page, proxy: HttpsProxy): Promise<Frame> {
  const frame = await panelFrame(page);
  await frame.waitForSelector('#status:is([data-status="done"], [data-status="failed"], [data-status="cancelled"])', { timeout: 30_000 });
  const status = await frame.getAttribute("#status", "data-status");
  assert.equal(status, "done", `the panel says: ${await frame.textContent("#error").catch(() => "?")} (tunnels: ${proxy.tunnels.join(", ") || "none"})`);
  return frame;
}

describe("first run: no key, behind an HTTPS proxy, from the packaged extension", function () {
  this.timeout(300_000);
  let fal: FakeFalServer;
  let proxy: HttpsProxy;
  let host: HostSession;

  before(async () => {
    fal = await new FakeFalServer().start();
    proxy = await startHttpsProxy(fal);
    // The proxy as a user behind one sets it: VS Code's `http.proxy` (a user setting). The proxy's
    // certificate, made for the run, is trusted through Node's NODE_EXTRA_CA_CERTS, which VS Code's
    // fetch uses once it is told not to load the system's certificates in their place.
    host = await startHost({ env: { FAL_KEY: undefined, NODE_EXTRA_CA_CERTS: proxy.caFile }, userSettings: { "http.proxy": proxy.url, "http.systemCertificates": false } });
    mkdirSync(SHOTS, { recursive: true });
    await settle(host.page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") await host.page.screenshot({ path: `${SHOTS}/first-run-failure-${Date.now()}.png` });
  });
  after(async () => {
    await host?.close();
    host?.remove();
    await proxy?.stop();
    await fal?.stop();
  });

  it("opens Get Started with nothing done; the first step's button asks for the key, and the step completes once it is stored", async () => {
    const { page } = host;
    // As on a first install, the walkthrough is the first thing shown.
    assert.deepEqual(await stepsDone(page), []);
    await page.screenshot({ path: `${SHOTS}/first-run-walkthrough.png` });
    await page.click('.gettingStartedContainer .getting-started-step :text-is("Set your fal key")');
    await page.click('.gettingStartedContainer a.monaco-button:has-text("Set API Key")');
    assert.doesNotMatch(await keyBox(page, false), /No fal key is set/, "asked by the user, not by a request");
    // The welcome page takes focus back for a moment after its button runs the command: fill rather than type.
    await page.fill(".quick-input-widget input[type=password]", KEY);
    await page.keyboard.press("Enter");
    await page.waitForSelector('.gettingStartedContainer .getting-started-step:has([role="checkbox"][aria-checked="true"]) :text-is("Set your fal key")', { timeout: 20_000 });
  });

  it("with no key, Explain from the context menu asks for one, sends nothing until it has it, then carries on and streams through the user's proxy", async () => {
    const { page } = host;
    await freshEditor(page);
    await palette(page, "fal Router: Clear API Key");
    await page.click(".monaco-editor .view-lines", { button: "right" });
    await page.click('.context-view .monaco-menu .action-label:text-is("fal Router")');
    // The submenu is tall enough now to open on the left, away from the pointer, which still rests
    // on "fal Router" and takes the focus back. Point at Explain Selection, as a user does, and run
    // it with Enter (a synthetic click on a submenu item is swallowed by the menu's mouse handling).
    const explain = page.locator('.context-view .monaco-menu .action-label:text-is("Explain Selection")');
    await explain.hover();
    await page.locator('.context-view .monaco-menu .action-item.focused .action-label:text-is("Explain Selection")').waitFor({ state: "visible", timeout: 10_000 });
    await page.keyboard.press("Enter");
    assert.match(await keyBox(page), /No fal key is set/);
    await page.screenshot({ path: `${SHOTS}/first-run-asks-for-key.png` });
    assert.equal(fal.answered.length, 0, "nothing was sent without a key");
    await page.keyboard.type(KEY, { delay: 2 });
    await page.keyboard.press("Enter");
    const frame = await explainDone(page, proxy);
    await page.screenshot({ path: `${SHOTS}/first-run-explained.png` });
    assert.equal(await frame.textContent("#output h2"), "What it does");
    assert.equal(fal.answered.length, 1, "one request");
    assert.equal(fal.answered[0].authorization, `Key ${KEY}`, "the typed key was sent");
    assert.match(String(fal.answered[0].body?.prompt), /export function add/);
    // VS Code's own telemetry asks for tunnels too; the proxy refuses every host but fal's.
    assert.ok(proxy.tunnels.some((t) => FAL_HOSTS.test(t)), `fal was reached through the proxy: ${proxy.tunnels.join(", ")}`);
  });

  it("switches the model from the status bar and asks a follow-up in the chat; the walkthrough shows those steps done", async () => {
    const { page } = host;
    await page.click('.statusbar-item[aria-label^="fal Router model"]');
    await page.waitForSelector(".quick-input-widget input:focus", { timeout: 10_000 });
    await page.keyboard.type("sonnet 4.5", { delay: 5 });
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="anthropic/claude-sonnet-4.5"]', { timeout: 10_000 });
    await page.keyboard.press("Enter");
    await page.waitForSelector('.statusbar-item[aria-label^="fal Router model anthropic/claude-sonnet-4.5"]', { timeout: 10_000 });

    await freshEditor(page);
    await selectAll(page);
    const chat = await revealChat(page, "fal Router: Add Selection to Chat");
    await chat.waitForSelector(".composer .chip", { timeout: 10_000 });
    await page.keyboard.type("Is it pure?", { delay: 5 });
    await page.keyboard.press("Enter");
    await chat.waitForSelector("article.assistant .msg-usage:not([hidden])", { timeout: 30_000 });
    assert.equal(fal.answered.at(-1)?.body?.model, "anthropic/claude-sonnet-4.5", "the chat used the model picked in the status bar");
    assert.match(String(fal.answered.at(-1)?.body?.prompt), /Is it pure\?/);

    assert.deepEqual(await stepsDone(page), ["Set your fal key", "Pick a model", "Explain a selection", "Open the chat"]);
    await page.screenshot({ path: `${SHOTS}/first-run-walkthrough-done.png` });
  });

  it("rewrites a function through the diff: accepts it all from the keyboard, and Undo puts the code back", async () => {
    const { page } = host;
    await freshEditor(page);
    const typed = "export const add = (a: number, b: number): number => a + b;\n\nexport function mul(a: number, b: number): number {\n  return a * b;\n}\n";
    fal.script({ output: ["```ts\n", typed, "```\n"], delayMs: 200 });
    await palette(page, "fal Router: Rewrite Selection");
    const modified = page.locator(".monaco-diff-editor .editor.modified .view-lines:not(.line-delete)");
    await modified.waitFor({ state: "visible", timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector(".monaco-diff-editor .editor.modified .view-lines:not(.line-delete)")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").includes("returna*b;"), undefined, { timeout: 30_000 });
    await modified.locator(".view-line").first().click();
    await page.locator('.editor-actions .action-label[aria-label^="Accept All Proposed Changes"]').first().waitFor({ state: "visible", timeout: 20_000 });
    await page.keyboard.press("Control+Shift+Enter");
    await page.locator(".monaco-diff-editor").waitFor({ state: "detached", timeout: 10_000 });
    const codeText = () => page.evaluate(() => ([...document.querySelectorAll(".monaco-editor")].find((e) => !e.closest(".monaco-diff-editor"))?.querySelector(".view-lines")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, ""));
    await page.waitForFunction(() => ([...document.querySelectorAll(".monaco-editor")].find((e) => !e.closest(".monaco-diff-editor"))?.querySelector(".view-lines")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").startsWith("exportconstadd="), undefined, { timeout: 10_000 });
    assert.ok((await codeText()).includes("returna*b;"), "both changes are in the file");
    await page.screenshot({ path: `${SHOTS}/first-run-rewritten.png` });
    await page.locator(".editor-group-container .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+Z");
    await page.waitForFunction(() => (document.querySelector(".monaco-editor .view-lines")?.textContent ?? "").replace(/[\s\u00a0\u00b7]/g, "").startsWith("exportfunctionadd("), undefined, { timeout: 10_000 });
    assert.ok((await codeText()).includes("letr=0;"), "one undo restores the whole original");
  });
});
