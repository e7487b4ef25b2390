import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Switch Model…` — also what clicking the status-bar item runs. */
export const switchModel: CommandModule = ({ switcher }) => vscode.commands.registerCommand("falRouter.switchModel", () => switcher.switchModel());
