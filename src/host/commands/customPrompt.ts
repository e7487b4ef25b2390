import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `Ask About Selection…`: the user's own question; a string argument skips the input box. */
export const customPrompt: CommandModule = ({ runner }) =>
  vscode.commands.registerCommand("falRouter.customPrompt", (question?: unknown) => runner.run("custom", typeof question === "string" ? question : undefined));
