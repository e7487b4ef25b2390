/**
 * How a prompt file run on a selection becomes the router's two text fields. The body is the
 * user's request; the system prompt depends on where the answer goes (its `kind`).
 */
import { buildUserPrompt, fillTemplate, languageName, type CodeContext } from "../prompts";
import { mentionsSelection, renderPrompt, type PromptFile, type PromptKind, type PromptVariables } from "./promptFile";

export interface PromptFileSpec {
  readonly kind: "promptFile";
  readonly prompt: PromptFile;
  readonly code: CodeContext;
  readonly vars: PromptVariables;
  /** The answers to its `${input:…}` questions, by name. */
  readonly inputs: Readonly<Record<string, string>>;
}

/** The system prompt for each kind: a rewrite and a new file must come back as one fenced block. */
export const PROMPT_FILE_SYSTEM: Record<PromptKind, string> = {
  explain: "You are a senior {language} engineer helping with code from `{file}`. Do what the user asks about the code. Use Markdown.",
  rewrite:
    "You are a senior {language} engineer. Apply the user's request to the code from `{file}`, changing nothing else and preserving its behaviour. Reply with the complete updated code in one fenced code block, then at most three short bullet points on what changed.",
  untitled:
    "You are a senior {language} engineer. The user asks for a new file based on the code from `{file}`. Reply with the whole new file in one fenced code block, then at most three short bullet points about it.",
};

export function promptFileText(spec: PromptFileSpec): { prompt: string; systemPrompt: string } {
  const { prompt, code } = spec;
  const request = renderPrompt(prompt.body, spec.vars, spec.inputs);
  // A body that places the selection itself is sent as written, after the line saying where the code is from.
  const text = mentionsSelection(prompt.body)
    ? `File: ${code.file} (lines ${code.startLine}-${code.endLine}, ${languageName(code.languageId)})\n\n${request}`
    : buildUserPrompt("custom", code, request);
  return { prompt: text, systemPrompt: fillTemplate(PROMPT_FILE_SYSTEM[prompt.kind], code) };
}
