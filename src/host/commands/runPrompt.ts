import * as vscode from "vscode";
import type { CommandModule } from "./context";

/**
 * A keybinding's `args`: the prompt's name, as a string or as `{ "name": "…", "inputs": { … } }`,
 * where `inputs` answers some of its `${input:…}` questions (the others are asked).
 */
function argsOf(a: unknown): { name?: string; inputs: Record<string, string> } {
  if (typeof a === "string") return { name: a.trim() || undefined, inputs: {} };
  if (!a || typeof a !== "object") return { inputs: {} };
  const { name, inputs } = a as { name?: unknown; inputs?: unknown };
  const given = inputs && typeof inputs === "object" ? Object.entries(inputs).filter((e): e is [string, string] => typeof e[1] === "string") : [];
  return { name: typeof name === "string" ? name.trim() || undefined : undefined, inputs: Object.fromEntries(given) };
}

/** `fal Router: Run Prompt on Selection…`: the picker, or with an argument the prompt of that name (bind it to a key). */
export const runPrompt: CommandModule = ({ prompts }) =>
  vscode.commands.registerCommand("falRouter.runPrompt", (a?: unknown) => {
    const { name, inputs } = argsOf(a);
    return name ? prompts.runNamed(name, inputs) : prompts.pick();
  });

/** The built-in prompt files' own commands (the editor context menu cannot pass an argument). A workspace file of the same name replaces the built-in one. */
const named =
  (id: string, name: string): CommandModule =>
  ({ prompts }) =>
    vscode.commands.registerCommand(id, () => prompts.runNamed(name));

export const addDocumentation = named("falRouter.addDocumentation", "add-docs");
export const writeTests = named("falRouter.writeTests", "write-tests");
export const findBugs = named("falRouter.findBugs", "find-bugs");
export const reviewSelection = named("falRouter.reviewSelection", "review");
