import * as vscode from "vscode";
import { currentSettings } from "../settings";
import type { CommandModule } from "./context";

/** `fal Router: Refresh Model Catalog` — OpenRouter's public list, validated and cached; on failure the current list stays. */
export const refreshCatalog: CommandModule = ({ catalog, logs }) =>
  vscode.commands.registerCommand("falRouter.refreshCatalog", async () => {
    const { catalogUrl } = currentSettings();
    try {
      const fresh = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t("fal Router: refreshing the model catalog") }, () => catalog.refresh(catalogUrl));
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: the model catalog now has {0} models from {1}.", fresh.models.length, new URL(catalogUrl).host));
      return true;
    } catch (e) {
      const cur = catalog.current;
      const why = (e as Error).message;
      const using =
        cur.source === "bundled"
          ? vscode.l10n.t("fal Router: {0} Using the bundled catalog ({1} models, curated {2}; its prices may be out of date). Any model id still works through \"Use another model id…\".", why, cur.models.length, cur.fetchedAt)
          : vscode.l10n.t("fal Router: {0} Using the cached catalog from {1} ({2} models). Any model id still works through \"Use another model id…\".", why, cur.fetchedAt.slice(0, 10), cur.models.length);
      logs.for("catalog").warn(`refresh failed: ${(e as Error).message}`);
      void vscode.window.showWarningMessage(using);
      return false;
    }
  });
