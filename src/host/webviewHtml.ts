import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

/** Only the build output is reachable from a webview. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, "dist")];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(extensionUri) };
}

/**
 * The one HTML builder for every webview: CSP `default-src 'none'`, scripts only with a fresh
 * nonce, styles, fonts and images only from the webview's own origin (images also `data:`), and
 * no inline script or style.
 */
export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { script: string; styles: string[]; title: string }): string {
  const nonce = randomBytes(18).toString("base64");
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", ...p)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join("; ");
  // Every webview gets the codicons and the shared styles, then its own.
  const styles = [asset("media", "codicons", "codicon.css"), ...["common.css", ...opts.styles].map((s) => asset("webview", s))]
    .map((href) => `<link rel="stylesheet" href="${href}">`)
    .join("\n    ");
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${opts.title}</title>
  </head>
  <body>
    <div id="app"></div>
    <script nonce="${nonce}" src="${asset("webview", opts.script)}"></script>
  </body>
</html>`;
}

export interface PanelSpec {
  readonly viewType: string;
  readonly title: string;
  readonly column: vscode.ViewColumn;
  readonly preserveFocus?: boolean;
  readonly script: string;
  readonly styles: string[];
  /** Every message from the webview, raw: the owner validates it. */
  onMessage(raw: unknown): void;
  /** The panel was hidden: its document is gone until it says `ready` again. */
  onHidden(): void;
  onDisposed(): void;
}

/** Sets a webview's options and HTML (panels and views alike). */
export function prepareWebview(webview: vscode.Webview, extensionUri: vscode.Uri, page: { script: string; styles: string[]; title: string }): void {
  webview.options = webviewOptions(extensionUri);
  webview.html = buildWebviewHtml(webview, extensionUri, page);
}

/** Creates an editor webview panel with the shared options, HTML, icon and lifecycle wiring. */
export function createPanel(extensionUri: vscode.Uri, spec: PanelSpec): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, { viewColumn: spec.column, preserveFocus: spec.preserveFocus ?? false }, webviewOptions(extensionUri));
  return adoptPanel(panel, extensionUri, spec);
}

/** Gives a panel (new, or restored by a serializer after a reload) the shared options, HTML, icon and wiring. */
export function adoptPanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, spec: PanelSpec): vscode.WebviewPanel {
  panel.webview.options = webviewOptions(extensionUri);
  panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.svg");
  panel.webview.html = buildWebviewHtml(panel.webview, extensionUri, { script: spec.script, styles: spec.styles, title: spec.title });
  const subs = [
    panel.webview.onDidReceiveMessage((raw) => spec.onMessage(raw)),
    panel.onDidChangeViewState(() => {
      if (!panel.visible) spec.onHidden();
    }),
  ];
  panel.onDidDispose(() => {
    subs.forEach((s) => s.dispose());
    spec.onDisposed();
  });
  return panel;
}
