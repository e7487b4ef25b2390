/**
 * The one page every webview gets, as pure text (no vscode, so the Chromium tests load exactly
 * this page): CSP `default-src 'none'`, scripts only with the page's nonce, styles, fonts and
 * images only from the webview's own origin (images also `data:`), no inline script or style.
 */
import { localeTag } from "../shared/format";

/** A webview's page: its script and styles under dist/webview, and its title. */
export interface WebviewPage {
  readonly script: string;
  readonly styles: readonly string[];
  readonly title: string;
  /** Which view a bundle that holds several builds (the editor panels' one). */
  readonly view?: string;
}

export interface PageContext {
  /** A fresh random nonce for this page. */
  readonly nonce: string;
  /** The webview's own origin, as VS Code gives it (`webview.cspSource`). */
  readonly cspSource: string;
  /** The URL of a file under dist/, e.g. asset("webview", "panel.js"). */
  asset(...path: string[]): string;
  /** VS Code's display language; numbers and dates in the page follow it. */
  readonly language: string;
  /** The extension's l10n bundle for that language (none in English): the page translates its own text with it. */
  readonly l10n?: Readonly<Record<string, string>>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderWebviewPage(page: WebviewPage, ctx: PageContext): string {
  const { nonce, cspSource, asset } = ctx;
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource} data:`].join("; ");
  // Every webview gets the codicons and the shared styles, then its own.
  const styles = [asset("media", "codicons", "codicon.css"), ...["common.css", ...page.styles].map((s) => asset("webview", s))]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("\n    ");
  return `<!DOCTYPE html>
<html lang="${localeTag(ctx.language)}"${ctx.l10n ? ` data-l10n="${escapeHtml(JSON.stringify(ctx.l10n))}"` : ""}>
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(page.title)}</title>
  </head>
  <body>
    <div id="app"${page.view ? ` data-view="${escapeHtml(page.view)}"` : ""}></div>
    <script nonce="${nonce}" src="${escapeHtml(asset("webview", page.script))}"></script>
  </body>
</html>`;
}
