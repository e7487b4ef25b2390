import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Focus Chat` — shows the chat view wherever the user moved it, and focuses its input. */
export const focusChat: CommandModule = ({ chatView }) => vscode.commands.registerCommand("falRouter.focusChat", () => chatView.reveal());
