/**
 * Prompt files: the `*.prompt.md` format VS Code's own chat reads (Markdown with optional YAML
 * front matter, and `${…}` variables), so that one file in `.github/prompts/` serves both. We add
 * our own front-matter keys: `kind`, `model`, `temperature`, `reasoning` and `max_tokens`.
 * Parsing never throws: a file gives a prompt, problems with their line, or both.
 */
import { isModelId } from "../settings";
import { yamlParser } from "./yaml";

/** Where the answer goes: the result panel, the rewrite diff, or a new untitled editor. */
export type PromptKind = "explain" | "rewrite" | "untitled";
export const PROMPT_KINDS: readonly PromptKind[] = ["explain", "rewrite", "untitled"];

export interface PromptFile {
  /** What `/name`, the picker and a keybinding's argument call it: the `name` key, else the file's name. */
  readonly name: string;
  readonly description?: string;
  readonly kind: PromptKind;
  readonly model?: string;
  readonly temperature?: number;
  readonly reasoning?: boolean;
  readonly maxTokens?: number;
  /** The Markdown after the front matter, trimmed; the request's text once its variables are filled. */
  readonly body: string;
}

export interface PromptProblem {
  readonly severity: "error" | "warning";
  readonly message: string;
  /** 0-based, in the file. */
  readonly line: number;
  readonly column: number;
}

export interface ParsedPromptFile {
  /** Undefined when the file cannot be used (bad YAML, no body); `problems` says why. */
  readonly prompt?: PromptFile;
  readonly problems: readonly PromptProblem[];
}

export const PROMPT_FILE_SUFFIX = ".prompt.md";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Keys of VS Code's own prompt files: read by its chat, not used here, and not worth a warning. */
const VSCODE_KEYS = new Set(["mode", "agent", "tools", "argument-hint"]);
const OUR_KEYS = new Set(["name", "description", "kind", "model", "temperature", "reasoning", "max_tokens"]);

/** `fix-bugs.prompt.md` → `fix-bugs`. */
export function promptNameOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  return base.toLowerCase().endsWith(PROMPT_FILE_SUFFIX) ? base.slice(0, -PROMPT_FILE_SUFFIX.length) : base;
}

/** Splits off the front matter: the YAML text and the line it starts on, and the body. */
function split(text: string): { yaml?: string; yamlLine: number; body: string; unclosed?: boolean } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!/^---[ \t]*$/.test(lines[0] ?? "")) return { yamlLine: 0, body: lines.join("\n") };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l));
  if (end < 0) return { yamlLine: 1, body: "", unclosed: true };
  return { yaml: lines.slice(1, end).join("\n"), yamlLine: 1, body: lines.slice(end + 1).join("\n") };
}

export function parsePromptFile(text: string, fileName: string): ParsedPromptFile {
  const problems: PromptProblem[] = [];
  const at = (severity: PromptProblem["severity"], message: string, line = 0, column = 0) => problems.push({ severity, message, line, column });
  const parts = split(text);
  if (parts.unclosed) {
    at("error", "The front matter starts with --- but has no closing --- line.");
    return { problems };
  }
  let meta: Record<string, { value: unknown; line: number; column: number }> = {};
  if (parts.yaml !== undefined && parts.yaml.trim() !== "") {
    const parsed = yamlParser().parseMap(parts.yaml);
    for (const e of parsed.errors) at("error", `The front matter is not valid YAML: ${e.message}`, parts.yamlLine + e.line, e.column);
    if (parsed.errors.length > 0) return { problems };
    if (!parsed.entries) {
      at("error", "The front matter must be a list of `key: value` lines.", parts.yamlLine);
      return { problems };
    }
    meta = Object.fromEntries(parsed.entries.map((e) => [e.key, { value: e.value, line: parts.yamlLine + e.line, column: e.column }]));
  }
  const fileNameAsName = promptNameOf(fileName);
  let name = NAME.test(fileNameAsName) ? fileNameAsName : fileNameAsName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "") || "prompt";
  const out: { -readonly [K in keyof PromptFile]?: PromptFile[K] } = {};
  for (const [key, { value, line, column }] of Object.entries(meta)) {
    const bad = (what: string) => at("warning", `\`${key}\` ${what}; it is ignored.`, line, column);
    if (VSCODE_KEYS.has(key)) continue;
    if (!OUR_KEYS.has(key)) {
      at("warning", `Unknown key \`${key}\` is ignored. Known keys: ${[...OUR_KEYS].join(", ")}.`, line, column);
      continue;
    }
    if (value === null || value === undefined) continue;
    switch (key) {
      case "name":
        if (typeof value === "string" && NAME.test(value.trim())) name = value.trim();
        else bad("must be one word of letters, digits, dots, dashes or underscores (it is typed as /name in the chat)");
        break;
      case "description":
        if (typeof value === "string") out.description = value.trim();
        else bad("must be text");
        break;
      case "kind":
        if (typeof value === "string" && (PROMPT_KINDS as readonly string[]).includes(value)) out.kind = value as PromptKind;
        else bad(`must be one of ${PROMPT_KINDS.join(", ")}`);
        break;
      case "model":
        if (typeof value === "string" && isModelId(value.trim())) out.model = value.trim();
        else bad("must be an OpenRouter model id such as anthropic/claude-sonnet-4.5");
        break;
      case "temperature":
        if (typeof value === "number" && value >= 0 && value <= 2) out.temperature = value;
        else bad("must be a number from 0 to 2");
        break;
      case "reasoning":
        if (typeof value === "boolean") out.reasoning = value;
        else bad("must be true or false");
        break;
      case "max_tokens":
        if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1_000_000) out.maxTokens = value;
        else bad("must be a whole number from 1 to 1000000");
        break;
    }
  }
  // VS Code's `mode: edit` changes code: without our own `kind`, it goes through the diff.
  const mode = meta.mode?.value;
  const kind = out.kind ?? (mode === "edit" ? "rewrite" : "explain");
  const body = parts.body.trim();
  if (body === "") {
    at("error", "The prompt has no text after its front matter.", Math.max(0, text.split(/\r?\n/).length - 1));
    return { problems };
  }
  for (const v of variablesIn(body)) {
    if (v.kind === "input" && !NAME.test(v.name)) at("warning", `\${input:${v.name}} needs a name of letters, digits, dots, dashes or underscores.`);
  }
  return { prompt: { ...out, name, kind, body }, problems };
}

/** The values the host supplies for the built-in variables. */
export interface PromptVariables {
  readonly selection: string;
  readonly file: string;
  readonly fileBasename: string;
  readonly fileDirname: string;
  readonly fileBasenameNoExtension: string;
  readonly workspaceFolder: string;
  readonly workspaceFolderBasename: string;
}

const BUILT_INS = new Set(["selection", "selectedText", "file", "fileBasename", "fileDirname", "fileBasenameNoExtension", "workspaceFolder", "workspaceFolderBasename"]);
/** `\${…}` is an escaped, literal `${…}`; a `${…}` that is no variable stays as written. */
const VARIABLE = /(\\)?\$\{([^{}\r\n]*)\}/g;

type Variable = { readonly kind: "builtin"; readonly name: string } | { readonly kind: "input"; readonly name: string; readonly placeholder?: string };

function classify(inner: string): Variable | undefined {
  if (BUILT_INS.has(inner)) return { kind: "builtin", name: inner };
  const input = /^input:([^:]*)(?::(.*))?$/s.exec(inner);
  if (input) return { kind: "input", name: input[1].trim(), placeholder: input[2]?.trim() || undefined };
  return undefined;
}

function variablesIn(body: string): Variable[] {
  const out: Variable[] = [];
  for (const m of body.matchAll(VARIABLE)) {
    const v = m[1] ? undefined : classify(m[2]);
    if (v) out.push(v);
  }
  return out;
}

/** The `${input:…}` questions a prompt asks, once each, in the order they first appear. */
export function promptInputs(body: string): { readonly name: string; readonly placeholder?: string }[] {
  const seen = new Map<string, { name: string; placeholder?: string }>();
  for (const v of variablesIn(body)) {
    if (v.kind === "input" && NAME.test(v.name) && !seen.has(v.name)) seen.set(v.name, { name: v.name, placeholder: v.placeholder });
  }
  return [...seen.values()];
}

/** Whether the body places the selection itself (otherwise the request adds the code after the file line). */
export function mentionsSelection(body: string): boolean {
  return variablesIn(body).some((v) => v.kind === "builtin" && (v.name === "selection" || v.name === "selectedText"));
}

/** Fills the variables; `inputs` holds the answers by name. Escaped and unknown `${…}` are kept as text. */
export function renderPrompt(body: string, vars: PromptVariables, inputs: Readonly<Record<string, string>>): string {
  return body.replace(VARIABLE, (whole, escaped: string | undefined, inner: string) => {
    if (escaped) return whole.slice(1);
    const v = classify(inner);
    if (!v) return whole;
    if (v.kind === "input") return inputs[v.name] ?? whole;
    return v.name === "selectedText" ? vars.selection : vars[v.name as keyof PromptVariables];
  });
}
