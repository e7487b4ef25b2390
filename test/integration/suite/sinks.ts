/**
 * Every message the extension meant for any of its webviews, from the first test that loaded the
 * workbench to the end of the suite (a root hook subscribes as soon as the workbench exists, so a
 * test that only activates the extension does not load it). `zz-sinks.test.ts` searches them for keys.
 */
import * as vscode from "vscode";
import type { FalRouterApi } from "../../../src/extension";
import { EXTENSION_ID } from "./helpers";

export const webviewPosts: string[] = [];
let watching = false;

export function watchWebviewPosts(): void {
  if (watching) return;
  const ext = vscode.extensions.getExtension<FalRouterApi>(EXTENSION_ID);
  const a = ext?.isActive ? (ext.exports as FalRouterApi | undefined) : undefined;
  if (!a?.loaded) return;
  watching = true;
  const record = (m: unknown) => webviewPosts.push(JSON.stringify(m));
  for (const surface of [a.panel, a.chatView, a.compare, a.usagePanel]) surface.onDidPost(record);
  a.chat.onDidPost(record);
}
