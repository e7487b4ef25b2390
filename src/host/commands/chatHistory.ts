import * as vscode from "vscode";
import { formatDateTime, formatUsd } from "../../shared/format";
import type { CommandModule } from "./context";

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("edit"), tooltip: "Rename" };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("trash"), tooltip: "Delete" };

/** `fal Router: Chat History…` — past conversations, newest first, titled from their first question; open, rename or delete. */
export const chatHistory: CommandModule = ({ chat, chatStore, chatView }) =>
  vscode.commands.registerCommand("falRouter.chatHistory", async () => {
    await chatStore.ready();
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
    const refresh = () => {
      qp.items = chatStore.list().map((c) => ({
        id: c.id,
        label: `${c.id === chat.conversation?.id ? "$(comment-discussion) " : ""}${c.title}`,
        description: `${c.messages} message(s) · ${formatUsd(c.cost)}`,
        detail: formatDateTime(c.updatedAt),
        buttons: [RENAME, DELETE],
      }));
    };
    refresh();
    qp.title = vscode.l10n.t("fal Router: Chat History");
    qp.placeholder = qp.items.length ? vscode.l10n.t("Open a conversation (search by title)") : vscode.l10n.t("No saved conversations yet");
    qp.matchOnDescription = true;
    qp.onDidTriggerItemButton(async ({ item, button }) => {
      if (button === DELETE) {
        const del = vscode.l10n.t("Delete");
        const sure = await vscode.window.showWarningMessage(vscode.l10n.t("Delete the conversation “{0}”?", chatStore.get(item.id)?.title ?? ""), { modal: true }, del);
        if (sure === del) await chat.delete(item.id);
      } else {
        const title = await vscode.window.showInputBox({ title: vscode.l10n.t("Rename Conversation"), value: chatStore.get(item.id)?.title, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t("A title cannot be empty.")) });
        if (title) await chat.rename(item.id, title);
      }
      refresh();
      qp.show();
    });
    qp.onDidAccept(async () => {
      const id = qp.selectedItems[0]?.id;
      qp.hide();
      if (id) {
        await chat.open(id);
        await chatView.reveal();
      }
    });
    qp.onDidHide(() => qp.dispose());
    qp.show();
  });
