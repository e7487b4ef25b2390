import * as vscode from "vscode";
import { readSettings, type RouterSettings } from "../core/settings";
import type { Logger } from "../core/types";

export const SECTION = "falRouter";

/** Reads the `falRouter.*` settings through core's typed, range-checked reader. */
export function currentSettings(log?: Logger, scope?: vscode.ConfigurationScope): RouterSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return readSettings((key) => config.get(key), (w) => log?.warn(w));
}
