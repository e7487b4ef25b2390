import * as vscode from "vscode";
import { currentSettings } from "../settings";
import type { CommandModule } from "./context";

/** `fal Router: Refresh Model Catalog` — OpenRouter's public list, validated and cached; on failure the current list stays. */
export const refreshCatalog: CommandModule = ({ catalog, logs }) =>
  vscode.commands.registerCommand("falRouter.refreshCatalog", async () => {
    const { catalogUrl } = currentSettings();
    try {
      const fresh = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "fal Router: refreshing the model catalog" }, () => catalog.refresh(catalogUrl));
      void vscode.window.showInformationMessage(`fal Router: the model catalog now has ${fresh.models.length} models from ${new URL(catalogUrl).host}.`);
      return true;
    } catch (e) {
      const cur = catalog.current;
      const using = cur.source === "bundled" ? `the bundled catalog (${cur.models.length} models, curated ${cur.fetchedAt}; its prices may be out of date)` : `the cached catalog from ${cur.fetchedAt.slice(0, 10)} (${cur.models.length} models)`;
      logs.for("catalog").warn(`refresh failed: ${(e as Error).message}`);
      void vscode.window.showWarningMessage(`fal Router: ${(e as Error).message} Using ${using}. Any model id still works through "Use another model id…".`);
      return false;
    }
  });
