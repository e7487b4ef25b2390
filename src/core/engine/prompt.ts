/**
 * What a request asks, as data, and how it becomes the router's two text fields. A surface
 * describes its request (an editor action on some code, or a chat's turns); the engine builds the
 * prompt once, with the settings the whole request uses. New surfaces add a kind here.
 */
import { formatCount } from "../../shared/format";
import { buildUserPrompt, fillTemplate, type ActionId, type CodeContext } from "../prompts";
import type { RouterSettings } from "../settings";
import { attachmentLabel, foldTranscript, type Turn } from "../transcript";
import * as l10n from "@vscode/l10n";
import { promptFileText, type PromptFileSpec } from "../promptFiles/request";
import type { ImageInput } from "../images";

export type PromptSpec =
  | { readonly kind: "action"; readonly action: ActionId; readonly code: CodeContext; readonly question?: string }
  /** A prompt file run on the selection, its variables and inputs resolved by the host. */
  | PromptFileSpec
  /** The conversation so far, ending with the new user turn. */
  | { readonly kind: "chat"; readonly turns: readonly Turn[] }
  /** An image the user chose ("Explain Image"), with an optional question about it. */
  | { readonly kind: "image"; readonly name: string; readonly image: ImageInput; readonly question?: string }
  /** Another extension's messages (the language-model provider): the same transcript, its own system prompt. */
  | { readonly kind: "messages"; readonly turns: readonly Turn[]; readonly systemPrompt: string; readonly images?: readonly ImageInput[] };

/** What one request sends, built once. */
export interface BuiltPrompt {
  readonly prompt: string;
  readonly systemPrompt: string;
  /** Asked in the same confirmation as the budget (a huge selection). */
  readonly extraWarnings: readonly string[];
  /** What fitting the context budget left out (the chat says so under the answer). */
  readonly contextNotes: readonly string[];
  readonly estimatedTokens?: number;
  /** Sent with the prompt, to the vision endpoint. */
  readonly images?: readonly ImageInput[];
}

/** "Explain Image": what the model is told about an image from a developer's work. */
export const IMAGE_SYSTEM_PROMPT =
  "You are an expert software engineer. The user shares an image from their work: a screenshot of an error, a terminal, a UI or a mock-up, a diagram. " +
  "Say what it shows. For an error, explain its likely cause and how to fix it; for a UI or mock-up, describe its structure and what to build or check. Answer in Markdown, concisely.";
export const IMAGE_QUESTION = "Explain this image.";

/** The share of a model's context window a chat may fill (the rest is for the answer). */
const CONTEXT_SHARE = 0.8;

function tooBig(what: string, chars: number, s: RouterSettings): string {
  return l10n.t("{0} has {1} characters, more than falRouter.maxSelectionChars ({2}).", what, formatCount(chars), formatCount(s.maxSelectionChars));
}

/** `contextLength` is the chosen model's context window, when the catalog knows it. */
export function buildPrompt(spec: PromptSpec, s: RouterSettings, contextLength: number | undefined): BuiltPrompt {
  if (spec.kind === "action") {
    const { action, code, question } = spec;
    return {
      prompt: buildUserPrompt(action, code, question),
      systemPrompt: fillTemplate(s.prompts[action], code),
      extraWarnings: code.code.length > s.maxSelectionChars ? [tooBig(l10n.t("The selection"), code.code.length, s)] : [],
      contextNotes: [],
    };
  }
  if (spec.kind === "image") {
    const ask = spec.question?.trim() || IMAGE_QUESTION;
    return { prompt: `Image: ${spec.name}\n\n${ask}`, systemPrompt: IMAGE_SYSTEM_PROMPT, extraWarnings: [], contextNotes: [], images: [spec.image] };
  }
  if (spec.kind === "promptFile") {
    return { ...promptFileText(spec), extraWarnings: spec.code.code.length > s.maxSelectionChars ? [tooBig(l10n.t("The selection"), spec.code.code.length, s)] : [], contextNotes: [] };
  }
  const budget = Math.min(s.chatContextTokens, contextLength ? Math.floor(contextLength * CONTEXT_SHARE) : Infinity);
  const folded = foldTranscript(spec.turns, spec.kind === "messages" ? spec.systemPrompt : s.prompts.chat, budget);
  const contextNotes = [
    ...(folded.dropped ? [l10n.t("{0} earlier message(s) were left out", folded.dropped)] : []),
    ...(folded.condensed ? [l10n.t("code attached to {0} earlier message(s) was condensed", folded.condensed)] : []),
  ];
  const big = spec.turns.at(-1)?.attachments?.filter((a) => a.code.length > s.maxSelectionChars) ?? [];
  return {
    prompt: folded.prompt,
    systemPrompt: folded.systemPrompt,
    extraWarnings: big.map((a) => tooBig(attachmentLabel(a), a.code.length, s)),
    contextNotes,
    estimatedTokens: folded.estimatedTokens,
    images: spec.kind === "messages" ? (spec.images?.length ? spec.images : undefined) : spec.turns.at(-1)?.images?.length ? spec.turns.at(-1)!.images : undefined,
  };
}
