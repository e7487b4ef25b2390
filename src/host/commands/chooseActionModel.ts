import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Choose Model per Action…` — an override for Explain, Rewrite, Ask or Chat, at user or workspace scope. */
export const chooseActionModel: CommandModule = ({ switcher }) => vscode.commands.registerCommand("falRouter.chooseActionModel", () => switcher.chooseActionModel());
