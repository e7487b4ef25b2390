import * as vscode from "vscode";
import { MODEL_TARGETS, type ModelTarget } from "../../core/settings";
import type { CommandModule } from "./context";

/** `fal Router: Choose Model per Action…` — an override for Explain, Rewrite, Ask or Chat, at user or workspace scope. */
export const chooseActionModel: CommandModule = ({ switcher }) => vscode.commands.registerCommand("falRouter.chooseActionModel", (target?: unknown) =>
    switcher.chooseActionModel(typeof target === "string" && (MODEL_TARGETS as readonly string[]).includes(target) ? (target as ModelTarget) : undefined),
  );
