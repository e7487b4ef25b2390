import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { extensionBundle } from "./l10n";
import { renderWebviewPage, type WebviewPage } from "./webviewPage";

export type { WebviewPage } from "./webviewPage";

/** Only the build output is reachable from a webview. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, "dist")];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(extensionUri) };
}

/** The page for `webview`, with a fresh nonce, its own origin and the display language. */
export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  return renderWebviewPage(page, {
    nonce: randomBytes(18).toString("base64"),
    cspSource: webview.cspSource,
    asset: (...p) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", ...p)).toString(),
    language: vscode.env.language,
    l10n: extensionBundle(),
  });
}
