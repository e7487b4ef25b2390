/**
 * VS Code's chat messages as core's plain data (core/providerMessages.ts does the folding). Image
 * parts are `LanguageModelDataPart`s (VS Code 1.106 and later), read by shape so the extension still
 * compiles against the 1.104 typings it requires.
 */
import * as vscode from "vscode";
import type { ProviderMessage, ProviderPart } from "../../core/providerMessages";

/** The proposed System role's value (some callers send it); the stable API has User and Assistant. */
const SYSTEM_ROLE = 3;

function isData(p: unknown): p is { mimeType: string; data: Uint8Array } {
  return typeof p === "object" && p !== null && typeof (p as { mimeType?: unknown }).mimeType === "string" && (p as { data?: unknown }).data instanceof Uint8Array;
}

function toPart(p: unknown): ProviderPart {
  if (p instanceof vscode.LanguageModelTextPart) return { kind: "text", text: p.value };
  if (isData(p)) {
    if (p.mimeType.startsWith("image/")) return { kind: "image", mimeType: p.mimeType, data: p.data };
    if (p.mimeType.startsWith("text/")) return { kind: "text", text: new TextDecoder().decode(p.data) };
    return { kind: "unsupported", what: p.mimeType };
  }
  if (p instanceof vscode.LanguageModelToolCallPart) return { kind: "unsupported", what: "tool call" };
  if (p instanceof vscode.LanguageModelToolResultPart) return { kind: "unsupported", what: "tool result" };
  return { kind: "unsupported", what: typeof p };
}

export function toProviderMessage(m: vscode.LanguageModelChatRequestMessage): ProviderMessage {
  const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? "assistant" : (m.role as number) === SYSTEM_ROLE ? "system" : "user";
  return { role, parts: m.content.map(toPart) };
}
