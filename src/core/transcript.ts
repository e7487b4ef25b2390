/**
 * Folding a conversation into the router's two text fields. The router takes one `prompt` and one
 * `system_prompt`; a chat is sent as a transcript in a documented format:
 *
 *   system_prompt = the chat system prompt + TRANSCRIPT_RULES
 *   prompt        = turns, oldest first, each introduced by a line `### User` or `### Assistant`,
 *                   separated by blank lines, ending with the new user turn and a final
 *                   `### Assistant` line for the model to continue.
 *
 * Code attached to a user turn follows its text as `File: path (lines a-b, Language)` and a fenced
 * block whose fence is longer than any backtick run in the code. A line inside a message that
 * starts with `### User` or `### Assistant` is escaped with a backslash, so a message can never
 * forge a turn. To stay within the context budget, attachments of older turns are condensed to a
 * one-line reference first, then the oldest turns are dropped; the newest user turn is always sent
 * whole. The result says what was condensed or dropped so the view can say so. An attached image
 * is a line `Image: name [attached to this message]` in the newest turn, whose images go with the
 * request; in older turns it is named only (not sent again). No vscode, no DOM.
 */
import { linesLabel } from "./lines";
import { estimateTokens } from "./catalog";
import { fenceFor, languageName } from "./prompts";
import * as l10n from "@vscode/l10n";
import type { ImageInput } from "./images";

export interface Attachment {
  readonly id: string;
  /** Workspace-relative path. */
  readonly file: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly code: string;
  /**
   * Set for an image (`file` is its name, there are no lines or code): what it is, never its bytes,
   * so a saved conversation stays small. The bytes live with the session (ChatConversation).
   */
  readonly image?: { readonly mimeType: string; readonly bytes: number };
}

export interface Turn {
  readonly role: "user" | "assistant";
  readonly text: string;
  readonly attachments?: readonly Attachment[];
  /** The newest turn's images, sent to the vision endpoint with the prompt. */
  readonly images?: readonly ImageInput[];
}

export const TRANSCRIPT_RULES =
  "The prompt is a chat transcript. Each turn starts with a line `### User` or `### Assistant`. " +
  "Continue the conversation: write only the next assistant turn, replying to the last user turn, without a `###` heading of your own.";

export interface FoldedTranscript {
  readonly prompt: string;
  readonly systemPrompt: string;
  /** Earlier turns left out to fit the budget. */
  readonly dropped: number;
  /** Earlier turns whose attached code was replaced by a reference. */
  readonly condensed: number;
  readonly estimatedTokens: number;
}

const HEADING = /^(\\*)(### (?:User|Assistant)\b)/gm;

/** Escapes lines that would read as a turn heading. */
export function escapeTurnText(text: string): string {
  return text.replace(HEADING, "\\$1$2");
}

export function attachmentLabel(a: Pick<Attachment, "file" | "startLine" | "endLine" | "image">): string {
  return a.image ? a.file : linesLabel(a.file, a.startLine, a.endLine);
}

/** `sent`: the image goes with this request (the newest turn); older ones are named only. */
function renderAttachment(a: Attachment, condensed: boolean, sent = false): string {
  if (a.image) return sent ? `Image: ${a.file} [attached to this message]` : `Image: ${a.file} [shown earlier in the conversation; not sent again]`;
  const where = `File: ${a.file} (lines ${a.startLine}-${a.endLine}, ${languageName(a.languageId)})`;
  if (condensed) return `${where} [code omitted to save context; it was shown earlier in the conversation]`;
  const fence = fenceFor(a.code);
  return `${where}\n${fence}${a.languageId}\n${a.code}\n${fence}`;
}

function renderTurn(t: Turn, condensed: boolean, newest = false): string {
  const parts = [t.role === "user" ? "### User" : "### Assistant", escapeTurnText(t.text.trim())];
  for (const a of t.attachments ?? []) parts.push("", renderAttachment(a, condensed, newest && Boolean(t.images?.length)));
  return parts.join("\n");
}

/**
 * Folds `turns` (the last one is the new user turn) into prompt and system prompt, within
 * `budgetTokens` where possible.
 */
export function foldTranscript(turns: readonly Turn[], systemPrompt: string, budgetTokens: number): FoldedTranscript {
  if (turns.length === 0 || turns[turns.length - 1].role !== "user") throw new Error("A transcript ends with the user's turn.");
  const system = `${systemPrompt.trim()}\n\n${TRANSCRIPT_RULES}`;
  const last = renderTurn(turns[turns.length - 1], false, true);
  const history = turns.slice(0, -1);
  const full = history.map((t) => renderTurn(t, false));
  const short = history.map((t) => (t.attachments?.length ? renderTurn(t, true) : undefined));
  const cost = (s: string) => estimateTokens(s) + 1;
  let total = cost(system) + cost(last) + cost("### Assistant");
  const chosen: string[] = [];
  let condensed = 0;
  let dropped = 0;
  // Newest first: keep whole while it fits; then condensed; then stop (everything older is dropped).
  // Collected newest first and reversed once: linear in the number of turns (BENCHMARKS.md).
  for (let i = history.length - 1; i >= 0; i--) {
    const whole = cost(full[i]);
    if (total + whole <= budgetTokens) {
      chosen.push(full[i]);
      total += whole;
      continue;
    }
    const condensedCost = short[i] === undefined ? Infinity : cost(short[i]!);
    if (total + condensedCost <= budgetTokens) {
      chosen.push(short[i]!);
      total += condensedCost;
      condensed++;
    } else {
      dropped = i + 1;
      break;
    }
  }
  chosen.reverse();
  const notice = dropped ? [`[${dropped} earlier turn(s) of this conversation were left out to fit the context budget.]`] : [];
  const prompt = [...notice, ...chosen, last, "### Assistant"].join("\n\n");
  return { prompt, systemPrompt: system, dropped, condensed, estimatedTokens: estimateTokens(system) + estimateTokens(prompt) };
}

/** A conversation's title: its first question's first line, shortened. */
export function titleFrom(text: string, max = 60): string {
  const line = text.trim().split("\n")[0].replace(/\s+/g, " ").trim();
  if (!line) return l10n.t("New chat");
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
