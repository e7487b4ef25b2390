/** Driving the real workbench (VS Code server in Chromium) as a person does: the palette, quick picks, editors and webviews. */
import type { Frame, Page } from "playwright-core";

export async function palette(page: Page, command: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("F1");
    // From inside a webview the key is forwarded to the workbench; type only once the palette has focus.
    await page.waitForSelector(".quick-input-widget input:focus", { state: "visible" });
    await page.keyboard.type(command, { delay: 5 });
    // A page that takes focus back mid-typing (the welcome page does) leaves the palette short: start again.
    const typed = await page.inputValue(".quick-input-widget input", { timeout: 1_000 }).catch(() => "");
    if (typed === `>${command}` || attempt === 3) break;
    await page.keyboard.press("Escape");
  }
  await pickRow(page, command);
}

/** Waits for a visible quick-input row labelled `label` and picks it; on failure says what the quick input showed. */
export async function pickRow(page: Page, label: string): Promise<void> {
  try {
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${label}"] >> visible=true`, { timeout: 20_000 });
  } catch (e) {
    const input = await page.inputValue(".quick-input-widget input").catch(() => "(no input)");
    const rows = await page.locator(".quick-input-list .monaco-list-row").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")));
    const focused = await page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`);
    throw new Error(`no row "${label}": the quick input held ${JSON.stringify(input)}, rows ${JSON.stringify(rows.slice(0, 8))}, focus ${focused}`, { cause: e });
  }
  await page.keyboard.press("Enter");
}

/**
 * Waits until the palette lists one of our commands. The palette can close under us while the
 * window settles (the built-in Chat view takes focus once it opens), so each try reopens it and the
 * failure says what the last try saw.
 */
export async function waitForOurCommands(page: Page): Promise<void> {
  const label = "fal Router: Show Log";
  const deadline = Date.now() + 90_000;
  let seen = "";
  while (Date.now() < deadline) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    const open = await page.waitForSelector(".quick-input-widget input:focus", { state: "visible", timeout: 5_000 }).then(() => true, () => false);
    if (open) {
      await page.keyboard.type(label, { delay: 5 });
      const found = await page
        .waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${label}"] >> visible=true`, { timeout: 5_000 })
        .then(() => true, () => false);
      if (found) {
        await page.keyboard.press("Escape");
        return;
      }
    }
    const input = await page.inputValue(".quick-input-widget input", { timeout: 1_000 }).catch(() => "(no input)");
    const focused = await page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`);
    seen = `palette ${open ? "open" : "not focused"}, input ${JSON.stringify(input)}, focus ${focused}`;
  }
  throw new Error(`the palette never listed "${label}" (last try: ${seen})`);
}

export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input:focus", { state: "visible" });
  await page.keyboard.type(name, { delay: 5 });
  await pickRow(page, name);
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 20_000 });
}

/** Focuses the text editor and selects everything, checking the status bar says so. */
export async function selectAll(page: Page): Promise<void> {
  await page.click(".monaco-editor .view-lines");
  await page.waitForSelector(".monaco-editor.focused", { timeout: 10_000 });
  await page.keyboard.press("Control+A");
  await page.waitForSelector('.statusbar-item[id*="status.editor.selection"] :text("selected")', { timeout: 10_000 });
}

/**
 * Runs a command that reveals the chat and waits until its input has the caret: the focus request
 * completes before the test types anywhere else (as a person waits to see the caret).
 */
export async function revealChat(page: Page, command: string): Promise<Frame> {
  await palette(page, command);
  const chat = await frameWith(page, "#messages");
  await chat.waitForSelector("#input:focus", { timeout: 20_000 });
  return chat;
}

/**
 * Reloads the window as a user does, with "Developer: Reload Window": VS Code saves its state
 * (open editors, webview state) and stops the extension host before the page goes. A browser
 * reload (F5 in a web workbench) can cut that saving short, which is not what desktop users see.
 * Resolves once the new page has its workbench; `explorer` also waits for the file list.
 */
export async function reloadWindow(page: Page, explorer = true): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
  await palette(page, "Developer: Reload Window");
  await navigated;
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  if (explorer) await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60_000 });
}

/** Starts from a known layout: no editors, math.ts open with everything selected. */
export async function freshEditor(page: Page): Promise<void> {
  await palette(page, "View: Close All Editors");
  await openFile(page, "math.ts");
  await selectAll(page);
}

export async function panelFrame(page: Page, timeout = 30_000): Promise<Frame> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      if (await f.$("#output").catch(() => null)) return f;
    }
    if (Date.now() > until) throw new Error("the result panel's webview did not appear");
    await page.waitForTimeout(200);
  }
}

export async function frameWith(page: Page, selector: string, timeout = 30_000): Promise<Frame> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      if (await f.$(selector).catch(() => null)) return f;
    }
    if (Date.now() > until) throw new Error(`no webview with ${selector} appeared`);
    await page.waitForTimeout(200);
  }
}

/** Waits for a new window to be ready for a person: the explorer listed, our commands in the palette, and the built-in Chat view (which opens in the secondary side bar and takes focus) closed. */
export async function settle(page: Page): Promise<void> {
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60_000 });
  await waitForOurCommands(page);
  if (await page.isVisible(".part.auxiliarybar")) {
    await palette(page, "Hide Secondary Side Bar");
    await page.waitForSelector(".part.auxiliarybar", { state: "hidden", timeout: 10_000 });
  }
}
