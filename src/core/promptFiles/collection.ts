/**
 * All the prompt files the user can run, from every place they come from, as one list. A name
 * is used once: a workspace's file wins over the settings' folders, which win over the user's
 * folder, which wins over the built-in prompts (so a team can change a built-in by copying it).
 * Two files with one name in the same place: the first (by path) is used, the other is warned.
 */
import { parsePromptFile, type PromptFile, type PromptProblem } from "./promptFile";

export type PromptOrigin = "workspace" | "folder" | "user" | "builtin";
export const ORIGIN_ORDER: readonly PromptOrigin[] = ["workspace", "folder", "user", "builtin"];

export interface PromptSourceFile {
  /** Opaque to core: the host's URI string, the key of the file's problems. */
  readonly id: string;
  readonly text: string;
  readonly origin: PromptOrigin;
}

export interface LoadedPrompt {
  readonly prompt: PromptFile;
  readonly id: string;
  readonly origin: PromptOrigin;
}

export interface PromptCollection {
  /** In origin order, then by name. */
  readonly prompts: readonly LoadedPrompt[];
  /** Every file's problems, by id; files without problems have an empty list (so old ones are cleared). */
  readonly problems: ReadonlyMap<string, readonly PromptProblem[]>;
}

export function collectPrompts(files: readonly PromptSourceFile[]): PromptCollection {
  const problems = new Map<string, PromptProblem[]>();
  const byName = new Map<string, LoadedPrompt>();
  const sorted = [...files].sort((a, b) => ORIGIN_ORDER.indexOf(a.origin) - ORIGIN_ORDER.indexOf(b.origin) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const file of sorted) {
    const parsed = parsePromptFile(file.text, file.id);
    const list = [...parsed.problems];
    problems.set(file.id, list);
    if (!parsed.prompt) continue;
    const key = parsed.prompt.name.toLowerCase();
    const taken = byName.get(key);
    if (!taken) byName.set(key, { prompt: parsed.prompt, id: file.id, origin: file.origin });
    else if (taken.origin === file.origin) list.push({ severity: "warning", message: `Another prompt file is already called “${parsed.prompt.name}” (${taken.id}); this one is not used.`, line: 0, column: 0 });
  }
  const prompts = [...byName.values()].sort((a, b) => ORIGIN_ORDER.indexOf(a.origin) - ORIGIN_ORDER.indexOf(b.origin) || a.prompt.name.localeCompare(b.prompt.name));
  return { prompts, problems };
}

/** `/name rest` in the chat: the prompt's name and the text after it; undefined when the text is no slash command. */
export function slashCommand(text: string): { readonly name: string; readonly rest: string } | undefined {
  const m = /^\/([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1], rest: (m[2] ?? "").trim() } : undefined;
}
