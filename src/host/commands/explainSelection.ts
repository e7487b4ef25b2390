import * as vscode from "vscode";
import type { CommandModule } from "./context";

export const explainSelection: CommandModule = ({ runner }) =>
  vscode.commands.registerCommand("falRouter.explainSelection", () => runner.run("explain"));
