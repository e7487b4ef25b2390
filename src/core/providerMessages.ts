/**
 * The language-model provider's requests (another extension, or VS Code's own chat, calling a fal
 * model through `vscode.lm`), as plain data: the host turns VS Code's message classes into these,
 * and this folds them into the same documented transcript as our chat (transcript.ts). No vscode,
 * no DOM.
 *
 * - A system message (a proposed role; some callers send one) goes into the system prompt.
 * - Messages of the same role in a row are one turn.
 * - An image part stays in its turn's place as `[Image N]` and is sent with the request, in order.
 * - Parts the router cannot take (tool calls and results: it has no tools) are left out and
 *   counted; a request that is nothing else is refused.
 */
import { estimateTokens } from "./catalog";
import type { Turn } from "./transcript";
import * as l10n from "@vscode/l10n";

export type ProviderPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "image"; readonly mimeType: string; readonly data: Uint8Array }
  | { readonly kind: "unsupported"; readonly what: string };

export interface ProviderMessage {
  readonly role: "user" | "assistant" | "system";
  readonly parts: readonly ProviderPart[];
}

export interface ProviderImage {
  readonly mimeType: string;
  readonly data: Uint8Array;
}

export interface ProviderConversation {
  readonly turns: readonly Turn[];
  /** The caller's own system text, if it sent any; ours comes first. */
  readonly system: string;
  readonly images: readonly ProviderImage[];
  /** Parts left out (tool calls, tool results, unknown data). */
  readonly leftOut: number;
}

/** Ours, before the caller's: the caller's extension brings its own instructions. */
export const PROVIDER_SYSTEM_PROMPT = "You are a helpful assistant, called from Visual Studio Code. Answer in Markdown.";

/** A request the provider refuses before anything is sent; the message is for the caller's user. */
export class ProviderInputError extends Error {}

/** An image's share of the token estimate: most models bill a screenshot at several hundred tokens. */
export const IMAGE_TOKEN_ESTIMATE = 800;

export function toConversation(messages: readonly ProviderMessage[]): ProviderConversation {
  const turns: Array<{ role: "user" | "assistant"; texts: string[] }> = [];
  const system: string[] = [];
  const images: ProviderImage[] = [];
  let leftOut = 0;
  for (const m of messages) {
    const texts: string[] = [];
    for (const p of m.parts) {
      if (p.kind === "text") texts.push(p.text);
      else if (p.kind === "image" && m.role !== "system") {
        images.push({ mimeType: p.mimeType, data: p.data });
        texts.push(`[Image ${images.length}]`);
      } else leftOut++;
    }
    const text = texts.join("");
    if (m.role === "system") {
      if (text.trim()) system.push(text.trim());
      continue;
    }
    const last = turns.at(-1);
    if (last?.role === m.role) last.texts.push(text);
    else turns.push({ role: m.role, texts: [text] });
  }
  const folded: Turn[] = turns.map((t) => ({ role: t.role, text: t.texts.filter((x) => x.trim()).join("\n\n") })).filter((t) => t.text.trim() || t.role === "user");
  if (!folded.length || !folded.some((t) => t.text.trim())) throw new ProviderInputError(l10n.t("The request has no text for the model: the fal router takes text (and images for vision models), not tool calls or tool results."));
  if (folded.at(-1)!.role !== "user") throw new ProviderInputError(l10n.t("The request must end with a user message."));
  return { turns: folded, system: system.join("\n\n"), images, leftOut };
}

/** The system prompt sent: ours, then the caller's. */
export function providerSystemPrompt(c: Pick<ProviderConversation, "system">): string {
  return c.system ? `${PROVIDER_SYSTEM_PROMPT}\n\n${c.system}` : PROVIDER_SYSTEM_PROMPT;
}

/** The provider's token count: the budget's estimate (about four characters a token), never a tokenizer's count. */
export function estimateMessageTokens(m: string | ProviderMessage): number {
  if (typeof m === "string") return estimateTokens(m);
  let n = 0;
  for (const p of m.parts) n += p.kind === "text" ? estimateTokens(p.text) : p.kind === "image" ? IMAGE_TOKEN_ESTIMATE : 0;
  return n;
}
