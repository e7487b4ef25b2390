/** Prompt building for the editor actions. Pure functions over plain data. */

export type ActionId = "explain" | "rewrite" | "custom";

export interface CodeContext {
  /** Workspace-relative path, or the file name of an untitled document. */
  readonly file: string;
  /** VS Code language id, e.g. `typescript`. */
  readonly languageId: string;
  readonly code: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

const LANGUAGE_NAMES: Record<string, string> = {
  typescript: "TypeScript",
  typescriptreact: "TypeScript (React)",
  javascript: "JavaScript",
  javascriptreact: "JavaScript (React)",
  python: "Python",
  rust: "Rust",
  go: "Go",
  java: "Java",
  csharp: "C#",
  cpp: "C++",
  c: "C",
  shellscript: "shell",
  plaintext: "plain text",
};

export function languageName(languageId: string): string {
  return LANGUAGE_NAMES[languageId] ?? languageId;
}

/** Replaces `{language}` and `{file}` in a configured system prompt. Unknown placeholders stay. */
export function fillTemplate(template: string, ctx: Pick<CodeContext, "file" | "languageId">): string {
  return template.replace(/\{(language|file)\}/g, (_, key: string) => (key === "language" ? languageName(ctx.languageId) : ctx.file));
}

/** A fence longer than any backtick run inside the code, so the code cannot close it. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}

export function codeBlock(ctx: CodeContext): string {
  const fence = fenceFor(ctx.code);
  return `${fence}${ctx.languageId}\n${ctx.code}\n${fence}`;
}

/** The `prompt` field: where the code comes from, the code, and the user's own question if any. */
export function buildUserPrompt(action: ActionId, ctx: CodeContext, question?: string): string {
  const where = `File: ${ctx.file} (lines ${ctx.startLine}-${ctx.endLine}, ${languageName(ctx.languageId)})`;
  const ask = action === "explain" ? "Explain this code." : action === "rewrite" ? "Rewrite this code." : (question ?? "").trim();
  return `${where}\n\n${codeBlock(ctx)}\n\n${ask}`.trimEnd();
}
