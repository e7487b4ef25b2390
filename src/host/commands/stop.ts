import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Stop Request` — stops the editor action and the chat answer, whichever runs. */
export const stop: CommandModule = ({ runner, chat }) =>
  vscode.commands.registerCommand("falRouter.stop", () => {
    runner.stop();
    chat.stop();
  });
