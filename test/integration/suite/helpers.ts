import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FalRouterApi } from "../../../src/extension";
import type { HostToPanel } from "../../../src/protocol/panel";

export const EXTENSION_ID = "fal-router-dev.fal-router";

export async function api(): Promise<FalRouterApi> {
  const ext = vscode.extensions.getExtension<FalRouterApi>(EXTENSION_ID);
  assert.ok(ext, "the extension under development is installed");
  return ext.activate();
}

export async function configure(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration("falRouter");
  for (const [k, v] of Object.entries(values)) await config.update(k, v, vscode.ConfigurationTarget.Global);
}

/** Opens the fixture file and selects lines [from, to] (1-based, inclusive). */
export async function selectLines(relPath: string, from: number, to: number): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "a workspace folder is open");
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relPath));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const end = doc.lineAt(to - 1).range.end;
  editor.selection = new vscode.Selection(new vscode.Position(from - 1, 0), end);
  return editor;
}

/** Records what the panel posts to its webview while `fn` runs. */
export async function recordPosts<T>(a: FalRouterApi, fn: () => PromiseLike<T>): Promise<{ value: T; posts: HostToPanel[] }> {
  const posts: HostToPanel[] = [];
  const sub = a.panel.onDidPost((m) => posts.push(m));
  try {
    return { value: await fn(), posts };
  } finally {
    sub.dispose();
  }
}

export async function until(predicate: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a run and resolves once that new run (not the previous one) has shown some output. */
export async function startAndAwaitOutput<T>(a: FalRouterApi, start: () => Thenable<T>): Promise<{ running: Thenable<T> }> {
  const previous = a.panel.snapshot?.runId;
  const running = start();
  await until(() => a.panel.snapshot?.runId !== previous && (a.panel.snapshot?.output ?? "").length > 0, 10_000, "first output");
  // Wrapped: an async function returning a thenable would wait for it.
  return { running };
}

