import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Add Selection to Chat` — a removable chip with the file name and line range. */
export const addSelectionToChat: CommandModule = ({ chat, chatView }) =>
  vscode.commands.registerCommand("falRouter.addSelectionToChat", async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: open a file and select some code first."));
      return undefined;
    }
    const added = chat.addSelection(editor);
    if (added) await chatView.reveal();
    return added?.id;
  });
