/**
 * VS Code running in a second display language (the pseudo-locale qps-ploc), from the packaged
 * extension: the manifest's titles come from package.nls.qps-ploc.json, the host's text from
 * l10n/bundle.l10n.qps-ploc.json, and the webviews get the language and the bundle from the host.
 * The model's answer and the prompt sent to it stay as written. VS Code's own messages stay English:
 * no language pack can be installed here (see HostOptions.displayLanguage).
 */
import * as assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FakeFalServer } from "../support/fakeFal";
import { startHost, type HostSession } from "../support/vscodeServer";
import { openFile, panelFrame, pickRow, selectAll } from "./workbenchPage";

const SHOTS = "test-results";
const ROOT = join(__dirname, "../../..");
const bundle = JSON.parse(readFileSync(join(ROOT, "l10n/bundle.l10n.qps-ploc.json"), "utf8")) as Record<string, string>;
const manifest = JSON.parse(readFileSync(join(ROOT, "package.nls.qps-ploc.json"), "utf8")) as Record<string, string>;
/** Letters the pseudo-locale uses and English does not. */
const PSEUDO = /[ȧḗǿŧƞŀ]/;

describe("VS Code in a second display language (qps-ploc), from the packaged extension", function () {
  this.timeout(300_000);
  let fal: FakeFalServer;
  let host: HostSession;

  before(async () => {
    fal = await new FakeFalServer().start();
    host = await startHost({ env: { FAL_KEY: "locale-id:locale-secret" }, settings: { "falRouter.proxyUrl": fal.url }, displayLanguage: "qps-ploc" });
    mkdirSync(SHOTS, { recursive: true });
    await host.page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") await host.page.screenshot({ path: `${SHOTS}/locale-failure-${Date.now()}.png` });
  });
  after(async () => {
    await host?.close();
    host?.remove();
    await fal?.stop();
  });

  it("labels the status bar item in the language", async () => {
    const prefix = bundle["fal Router model {0}, {1} billed today. Click to switch model."].split("{0}")[0];
    assert.match(prefix, PSEUDO);
    const item = host.page.locator(`.statusbar-item[aria-label^="${prefix}google/gemini-2.5-flash"]`);
    await item.waitFor({ state: "visible", timeout: 60_000 });
  });

  it("lists the commands by their translated titles, runs Explain from there, and the panel speaks the language while the answer stays as written", async () => {
    const { page } = host;
    await openFile(page, "math.ts");
    await selectAll(page);
    const title = `${manifest["category"]}: ${manifest["command.explainSelection"]}`;
    assert.match(title, PSEUDO);
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget input:focus", { state: "visible" });
    await page.keyboard.insertText(manifest["command.explainSelection"]);
    await pickRow(page, title);
    const frame = await panelFrame(page);
    await frame.waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/locale-qps-ploc.png` });
    // The page's text is translated by the bundle the host put in it; its `lang` (numbers, dates, screen
    // readers) stays "en", because no runtime formats numbers for the pseudo-locale (localeTag).
    assert.ok(await frame.getAttribute("html", "data-l10n"), "the host gave the page the language's bundle");
    assert.equal(await frame.getAttribute("html", "lang"), "en");
    assert.equal((await frame.textContent("#status"))?.trim(), bundle["Done"]);
    assert.equal(await frame.textContent("#copy"), bundle["Copy"]);
    assert.equal(await frame.textContent("#output h2"), "What it does", "the model's answer as written");
    const sent = fal.answered.at(-1)?.body;
    assert.match(String(sent?.prompt), /export function add/);
    assert.doesNotMatch(`${String(sent?.system_prompt)}${String(sent?.prompt)}`, PSEUDO, "the prompt is sent in English");
  });
});
