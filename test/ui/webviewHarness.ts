/**
 * Serves the real webview bundle on 127.0.0.1 inside the page the host really builds
 * (`renderWebviewPage`: CSP with a nonce, no inline script or style) and opens it in Debian's
 * Chromium. As VS Code does, the page also gets a theme's `--vscode-*` variables. `acquireVsCodeApi`
 * is stubbed to record what the webview posts; the test posts host messages with window.postMessage.
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { renderWebviewPage } from "../../src/host/webviewPage";
import type { WebviewMessage } from "../../src/webview/shared/host";
import { launchChromium } from "../support/chromium";

const ROOT = resolve(__dirname, "../../..");
const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".ttf": "font/ttf" };

export interface Harness<HostMessage = unknown> {
  page: Page;
  /** Every request the page made (the test asserts no remote loads). */
  requests: string[];
  /** CSP violations reported by the page. */
  violations: string[];
  posted(): Promise<WebviewMessage[]>;
  send(...messages: HostMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens one webview bundle (`dist/webview/<entry>.js`) with the shared and its own styles, as the host's HTML builder does. */
/** `l10n`: the extension's bundle for `language`, as the host puts it in the page (none in English). */
/** `view`: which view of a bundle that holds several (the editor panels' bundle holds the comparison too). */
export async function openPanel<HostMessage = unknown>(entry = "panel", styles = ["panel.css"], language = "en", l10n?: Record<string, string>, view?: string): Promise<Harness<HostMessage>> {
  const nonce = "dGVzdG5vbmNlMTIzNDU2";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/") {
      const origin = `http://${req.headers.host}`;
      const page = renderWebviewPage({ script: `${entry}.js`, styles, title: entry, view }, { nonce, cspSource: origin, asset: (...p) => `${origin}/dist/${p.join("/")}`, language, l10n });
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page.replace("<link ", `<link rel="stylesheet" href="${origin}/test/ui/theme-dark.css">\n    <link `));
      return;
    }
    const file = join(ROOT, url.pathname);
    if (!file.startsWith(ROOT) || !/^\/(dist|test\/ui)\//.test(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const requests: string[] = [];
  const violations: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => w.__posted.push(m),
      // Like VS Code's, the state outlives a reload of the webview.
      getState: () => JSON.parse(sessionStorage.getItem("__state") ?? "null") ?? undefined,
      setState: (s: unknown) => sessionStorage.setItem("__state", JSON.stringify(s)),
    });
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  return {
    page,
    requests,
    violations,
    posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted),
    async send(...messages) {
      await page.evaluate((ms) => {
        for (const m of ms) window.postMessage(m, "*");
      }, messages);
      // What a user would see next: past the markdown's render interval (StreamingMarkdown renders
      // the tail at most every 50 ms, 100 ms in a long answer), then two frames: the render frame and its layout.
      await page.evaluate(async () => {
        await new Promise((r) => setTimeout(r, 110));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      });
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
