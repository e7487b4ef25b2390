import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Set API Key` — masked input (or a key passed by automation), stored in SecretStorage. */
export const setApiKey: CommandModule = ({ keys }) =>
  vscode.commands.registerCommand("falRouter.setApiKey", async (key?: unknown) => {
    try {
      const stored = typeof key === "string" ? (await keys.set(key), key) : await keys.prompt();
      if (stored) void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: API key saved in VS Code's secret storage."));
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t("fal Router: {0}", e instanceof Error ? e.message : String(e)));
    }
  });
