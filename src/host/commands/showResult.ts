import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** Re-opens the result panel with the last run, e.g. after it was closed. */
export const showResult: CommandModule = ({ panel }) => vscode.commands.registerCommand("falRouter.showResult", () => panel.reveal());
