/**
 * The three views in VS Code's four kinds of theme, in the real workbench: Light Modern, Dark
 * Modern, High Contrast and High Contrast Light, switched as a user does (Preferences: Color Theme). Each
 * view must take its colours from the theme (the page's text and background are the theme's own
 * `--vscode-*` colours) and show keyboard focus with a visible outline. Screenshots, one per
 * theme with the chat, the result panel and the usage view on screen: test-results/theme-*.png.
 */
import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Frame } from "playwright-core";
import { FakeFalServer } from "../support/fakeFal";
import { startHost, type HostSession } from "../support/vscodeServer";
import { frameWith, freshEditor, palette, panelFrame, revealChat, settle } from "./workbenchPage";

const SHOTS = "test-results";
/** `label`: as "Preferences: Color Theme" lists it; `kind`: the class the workbench then carries. */
const THEMES = [
  { label: "Light Modern", kind: "vs", file: "light" },
  { label: "Dark Modern", kind: "vs-dark", file: "dark" },
  { label: "Dark High Contrast", kind: "hc-black", file: "hc-dark" },
  { label: "Light High Contrast", kind: "hc-light", file: "hc-light" },
];

/** What a view's page draws with: its computed text and background colours, and the theme's. */
async function colours(frame: Frame, background: string): Promise<{ text: string; bg: string; themeText: string; themeBg: string }> {
  return frame.evaluate((bgVar) => {
    const probe = document.createElement("span");
    document.body.append(probe);
    probe.style.color = "var(--vscode-foreground)";
    probe.style.backgroundColor = `var(${bgVar}, var(--vscode-editor-background))`;
    const theme = getComputedStyle(probe);
    const out = { text: getComputedStyle(document.body).color, bg: getComputedStyle(document.body).backgroundColor, themeText: theme.color, themeBg: theme.backgroundColor };
    probe.remove();
    return out;
  }, background);
}

/** Focuses `selector` from the keyboard (so :focus-visible applies) and reads its outline. */
async function focusOutline(frame: Frame, selector: string): Promise<{ style: string; width: number; color: string; background: string }> {
  await frame.focus(selector);
  await frame.page().keyboard.press("Shift+Tab");
  await frame.page().keyboard.press("Tab");
  return frame.evaluate((sel) => {
    const el = document.activeElement as HTMLElement;
    if (!el.matches(sel)) return { style: `focus is on ${el.tagName}#${el.id}`, width: 0, color: "", background: "" };
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, background: getComputedStyle(document.body).backgroundColor };
  }, selector);
}

describe("themes: light, dark, high contrast dark and light, in the real workbench", function () {
  this.timeout(300_000);
  let fal: FakeFalServer;
  let host: HostSession;
  const views: Record<string, Frame> = {};

  before(async () => {
    fal = await new FakeFalServer().start();
    host = await startHost({ env: { FAL_KEY: "theme-id:theme-secret-0123456789" }, settings: { "falRouter.proxyUrl": fal.url }, });
    mkdirSync(SHOTS, { recursive: true });
    await settle(host.page);
    const { page } = host;
    await freshEditor(page);
    views.chat = await revealChat(page, "fal Router: Add Selection to Chat");
    await page.keyboard.type("Is it pure?", { delay: 5 });
    await page.keyboard.press("Enter");
    await views.chat.waitForSelector("article.assistant .msg-usage:not([hidden])", { timeout: 30_000 });
    await freshEditor(page);
    await palette(page, "fal Router: Explain Selection");
    views.panel = await panelFrame(page);
    await views.panel.waitForSelector('#status[data-status="done"]', { timeout: 30_000 });
    await palette(page, "fal Router: Show Usage and Cost");
    views.usage = await frameWith(page, "#by-model");
  });
  after(async () => {
    await host?.close();
    host?.remove();
    await fal?.stop();
  });

  for (const theme of THEMES) {
    it(`${theme.label}: every view draws in the theme's colours and shows keyboard focus`, async () => {
      const { page } = host;
      // Ctrl+K Ctrl+T, VS Code's own binding for the installed themes (the palette's "Color Theme"
      // also matches "Browse Color Themes in Marketplace", which is unreachable here).
      await page.click(".part.sidebar .composite.title");
      await page.keyboard.press("Control+K");
      await page.keyboard.press("Control+T");
      await page.waitForSelector(".quick-input-widget input:focus", { timeout: 10_000 });
      await page.keyboard.type(theme.label, { delay: 5 });
      const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${theme.label}"]`).first();
      await row.waitFor({ state: "visible", timeout: 20_000 }).catch(async (e: unknown) => {
        const rows = await page.locator(".quick-input-list .monaco-list-row").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")));
        throw new Error(`the theme picker listed ${JSON.stringify(rows)}`, { cause: e });
      });
      await row.click();
      await page.waitForSelector(`.monaco-workbench.${theme.kind}`, { timeout: 30_000 });
      // The webviews restyle when the workbench sends them the new theme's variables.
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: `${SHOTS}/theme-${theme.file}.png` });
      for (const [name, frame] of Object.entries(views)) {
        const c = await colours(frame, name === "chat" ? "--vscode-sideBar-background" : "--vscode-editor-background");
        assert.equal(c.text, c.themeText, `${name}: text in the theme's foreground`);
        assert.equal(c.bg, c.themeBg, `${name}: background from the theme`);
      }
      const focusable = { panel: "#copy", chat: "#model", usage: "#export" } as Record<string, string>;
      for (const [name, selector] of Object.entries(focusable)) {
        const o = await focusOutline(views[name], selector);
        assert.ok(o.style !== "none" && o.width >= 1, `${name}: ${selector} shows focus (${o.style} ${o.width}px)`);
        assert.notEqual(o.color, o.background, `${name}: the focus outline stands out from the page`);
        assert.doesNotMatch(o.color, /rgba\(\d+, \d+, \d+, 0\)/, `${name}: the outline is not transparent`);
      }
    });
  }
});
