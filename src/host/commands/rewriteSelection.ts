import * as vscode from "vscode";
import type { CommandModule } from "./context";

export const rewriteSelection: CommandModule = ({ runner }) =>
  vscode.commands.registerCommand("falRouter.rewriteSelection", () => runner.run("rewrite"));
