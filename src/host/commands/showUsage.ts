import * as vscode from "vscode";
import type { CommandModule } from "./context";

/** `fal Router: Show Usage and Cost` */
export const showUsage: CommandModule = ({ usagePanel }) => vscode.commands.registerCommand("falRouter.showUsage", () => usagePanel.show());
