import * as vscode from "vscode";
import type { CommandModule } from "./context";

export const stop: CommandModule = ({ runner }) => vscode.commands.registerCommand("falRouter.stop", () => runner.stop());
