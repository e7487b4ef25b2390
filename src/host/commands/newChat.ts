import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: New Chat` — the current conversation stays in the history. */
export const newChat: CommandModule = ({ chat, chatView }) =>
  vscode.commands.registerCommand("falRouter.newChat", async () => {
    await chat.open(undefined);
    await chatView.reveal();
  });
