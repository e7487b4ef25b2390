import * as vscode from "vscode";
import type { CommandModule } from "./context";

export const clearApiKey: CommandModule = ({ keys }) =>
  vscode.commands.registerCommand("falRouter.clearApiKey", async () => {
    await keys.clear();
    const env = (await keys.get())?.source === "environment";
    void vscode.window.showInformationMessage(
      env ? vscode.l10n.t("fal Router: API key removed from secret storage. The FAL_KEY environment variable is still used.") : vscode.l10n.t("fal Router: API key removed."),
    );
  });
