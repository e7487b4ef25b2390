import * as vscode from "vscode";
import type { CommandModule } from "./context";

export const showLog: CommandModule = ({ logs }) => vscode.commands.registerCommand("falRouter.showLog", () => logs.channel.show(true));
