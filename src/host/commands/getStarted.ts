import * as vscode from "vscode";
import { WALKTHROUGH } from "../contextKeys";
import type { CommandModule } from "./context";

/** `fal Router: Get Started` — opens the walkthrough (also in Help: Welcome). */
export const getStarted: CommandModule = () =>
  vscode.commands.registerCommand("falRouter.getStarted", () => vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH, false));
