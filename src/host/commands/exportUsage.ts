import { homedir } from "node:os";
import * as vscode from "vscode";
import { dayOf, toCsv } from "../../core/usageLog";
import type { CommandModule } from "./context";

/** `fal Router: Export Usage to CSV…` — the whole local usage log; automation may pass the target file. */
export const exportUsage: CommandModule = ({ usage }) =>
  vscode.commands.registerCommand("falRouter.exportUsage", async (target?: unknown) => {
    const uri =
      target instanceof vscode.Uri
        ? target
        : await vscode.window.showSaveDialog({
            title: vscode.l10n.t("Export fal Router usage"),
            defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), `fal-router-usage-${dayOf(new Date())}.csv`),
            filters: { CSV: ["csv"] },
          });
    if (!uri) return undefined;
    await usage.loaded();
    await vscode.workspace.fs.writeFile(uri, Buffer.from(toCsv(usage.records), "utf8"));
    void vscode.window.showInformationMessage(`fal Router: exported ${usage.records.length} request(s) to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  });
