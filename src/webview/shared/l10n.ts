/**
 * The webview's text in the display language. The host puts its l10n bundle in the page
 * (`<html data-l10n>`, see host/webviewPage.ts); each webview's entry imports this module first,
 * so the bundle is configured before any module builds text with `l10n.t` from @vscode/l10n.
 */
import * as l10n from "@vscode/l10n";
import { escapeHtml } from "./dom";

const raw = document.documentElement.dataset.l10n;
if (raw) {
  try {
    l10n.config({ contents: JSON.parse(raw) as Record<string, string> });
  } catch {
    // A damaged bundle leaves the page in English rather than broken.
  }
}

/** A translated text for an HTML template: escaped, then `{n}` filled with the given (already safe) HTML. */
export function html(translated: string, ...safe: string[]): string {
  return escapeHtml(translated).replace(/\{(\d+)\}/g, (m, i: string) => safe[Number(i)] ?? m);
}
