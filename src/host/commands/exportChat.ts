import * as vscode from "vscode";
import { conversationToMarkdown } from "../../core/conversations";
import type { CommandModule } from "./context";

/** `fal Router: Export Chat to Markdown…` — the current conversation; automation may pass the target file. */
export const exportChat: CommandModule = ({ chat }) =>
  vscode.commands.registerCommand("falRouter.exportChat", async (target?: unknown) => {
    await chat.restore();
    const conv = chat.conversation;
    if (!conv || conv.messages.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: the chat is empty; there is nothing to export."));
      return undefined;
    }
    const name = conv.title.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "chat";
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target instanceof vscode.Uri
        ? target
        : await vscode.window.showSaveDialog({ title: vscode.l10n.t("Export conversation"), defaultUri: folder && vscode.Uri.joinPath(folder, `${name}.md`), filters: { Markdown: ["md"] } });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(conversationToMarkdown(conv), "utf8"));
    if (!(target instanceof vscode.Uri)) await vscode.window.showTextDocument(uri, { preview: true });
    return uri;
  });
