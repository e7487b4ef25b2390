import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Stop Request` — stops the editor action and the chat answer, whichever runs. */
export const stop: CommandModule = ({ panel, chat }) =>
  vscode.commands.registerCommand("falRouter.stop", () => {
    panel.stop();
    chat.stop();
  });
