/**
 * Conversations as they are stored: one JSON document per conversation. Every document read from
 * disk is validated; anything malformed is reported as damaged rather than trusted. Also the
 * markdown export. No vscode, no DOM.
 */
import type { Usage } from "./types";
import { attachmentLabel, type Attachment } from "./transcript";
import { fenceFor, languageName } from "./prompts";

export type MessageStatus = "streaming" | "done" | "failed" | "cancelled" | "interrupted";

export interface ChatMessage {
  readonly id: string;
  readonly role: "user" | "assistant";
  text: string;
  reasoning?: string;
  attachments?: Attachment[];
  /** Assistant messages: the model that answered, the outcome, usage and request id. */
  model?: string;
  status?: MessageStatus;
  usage?: Usage;
  requestId?: string;
  error?: string;
  /** Assistant messages: what the context budget left out of the request. */
  contextNote?: string;
  time: string;
}

export interface Conversation {
  readonly version: 1;
  readonly id: string;
  title: string;
  /** True once the user renamed it: the title is no longer derived from the first question. */
  titleFixed?: boolean;
  readonly createdAt: string;
  updatedAt: string;
  messages: ChatMessage[];
}

export const CONVERSATION_ID = /^c-[a-z0-9-]{1,60}$/;

const isStr = (v: unknown, max = 50_000_000): v is string => typeof v === "string" && v.length <= max;
const optStr = (v: unknown, max?: number) => (v === undefined ? undefined : isStr(v, max) ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
const STATUSES: readonly string[] = ["streaming", "done", "failed", "cancelled", "interrupted"];

function parseAttachment(raw: unknown): Attachment | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const a = raw as Record<string, unknown>;
  if (!isStr(a.id, 100) || !isStr(a.file, 4096) || !isStr(a.languageId, 100) || !isStr(a.code)) return undefined;
  if (a.image !== undefined) {
    const img = a.image as Record<string, unknown> | null;
    if (!img || !isStr(img.mimeType, 100) || !/^image\//.test(img.mimeType) || num(img.bytes) === undefined) return undefined;
    return { id: a.id, file: a.file, languageId: "image", code: "", startLine: 1, endLine: 1, image: { mimeType: img.mimeType, bytes: num(img.bytes)! } };
  }
  const start = num(a.startLine);
  const end = num(a.endLine);
  if (!start || !end) return undefined;
  return { id: a.id, file: a.file, languageId: a.languageId, code: a.code, startLine: start, endLine: end };
}

function parseMessage(raw: unknown): ChatMessage | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const m = raw as Record<string, unknown>;
  if (!isStr(m.id, 100) || (m.role !== "user" && m.role !== "assistant") || !isStr(m.text) || !isStr(m.time, 40)) return undefined;
  const reasoning = optStr(m.reasoning);
  const model = optStr(m.model, 200);
  const requestId = optStr(m.requestId, 200);
  const error = optStr(m.error, 2000);
  const contextNote = optStr(m.contextNote, 500);
  if ([reasoning, model, requestId, error, contextNote].includes(null)) return undefined;
  if (m.status !== undefined && (typeof m.status !== "string" || !STATUSES.includes(m.status))) return undefined;
  let attachments: Attachment[] | undefined;
  if (m.attachments !== undefined) {
    if (!Array.isArray(m.attachments)) return undefined;
    attachments = [];
    for (const a of m.attachments) {
      const parsed = parseAttachment(a);
      if (!parsed) return undefined;
      attachments.push(parsed);
    }
  }
  const u = m.usage && typeof m.usage === "object" ? (m.usage as Record<string, unknown>) : undefined;
  return {
    id: m.id,
    role: m.role,
    text: m.text,
    time: m.time,
    reasoning: reasoning ?? undefined,
    model: model ?? undefined,
    requestId: requestId ?? undefined,
    error: error ?? undefined,
    contextNote: contextNote ?? undefined,
    status: m.status as MessageStatus | undefined,
    attachments,
    usage: u && { promptTokens: num(u.promptTokens), completionTokens: num(u.completionTokens), totalTokens: num(u.totalTokens), cost: num(u.cost) },
  };
}

/**
 * Validates a stored conversation. Throws with a reason when it is damaged. A message left
 * `streaming` (the window closed or crashed mid-answer) comes back as `interrupted`, text kept.
 */
export function parseConversation(raw: unknown): Conversation {
  if (!raw || typeof raw !== "object") throw new Error("not an object");
  const c = raw as Record<string, unknown>;
  if (c.version !== 1) throw new Error(`unknown version ${String(c.version)}`);
  if (!isStr(c.id, 100) || !CONVERSATION_ID.test(c.id)) throw new Error("bad id");
  if (!isStr(c.title, 500) || !isStr(c.createdAt, 40) || !isStr(c.updatedAt, 40)) throw new Error("bad title or times");
  if (!Array.isArray(c.messages)) throw new Error("no messages");
  const messages: ChatMessage[] = [];
  for (const [i, raw] of c.messages.entries()) {
    const m = parseMessage(raw);
    if (!m) throw new Error(`message ${i} is malformed`);
    if (m.status === "streaming") m.status = "interrupted";
    messages.push(m);
  }
  return { version: 1, id: c.id, title: c.title, titleFixed: c.titleFixed === true ? true : undefined, createdAt: c.createdAt, updatedAt: c.updatedAt, messages };
}

/** Billed cost of the whole conversation (answers whose cost is known). */
export function conversationCost(c: Pick<Conversation, "messages">): number {
  let sum = 0;
  for (const m of c.messages) if (m.usage?.cost !== undefined) sum += m.usage.cost;
  return sum;
}

/** The conversation as a markdown document. */
export function conversationToMarkdown(c: Conversation): string {
  const out = [`# ${c.title}`, "", `_Exported from fal Router on ${new Date().toISOString().slice(0, 10)} · started ${c.createdAt.slice(0, 16).replace("T", " ")} · billed ${conversationCost(c).toFixed(6)} USD_`, ""];
  for (const m of c.messages) {
    if (m.role === "user") {
      out.push("## You", "", m.text.trim(), "");
      for (const a of m.attachments ?? []) {
        if (a.image) {
          out.push(`Image: \`${a.file}\` (${a.image.mimeType}, not included in this export)`, "");
          continue;
        }
        const fence = fenceFor(a.code);
        out.push(`\`${attachmentLabel(a)}\` (${languageName(a.languageId)})`, "", `${fence}${a.languageId}`, a.code, fence, "");
      }
    } else {
      const meta = [m.model, m.usage?.totalTokens !== undefined ? `${m.usage.totalTokens} tokens` : undefined, m.usage?.cost !== undefined ? `${m.usage.cost} USD` : undefined, m.status !== "done" ? m.status : undefined]
        .filter(Boolean)
        .join(" · ");
      out.push(`## Assistant${meta ? ` (${meta})` : ""}`, "");
      if (m.reasoning?.trim()) out.push("<details><summary>Reasoning</summary>", "", m.reasoning.trim(), "", "</details>", "");
      out.push(m.text.trim() || "_(no answer)_", "");
      if (m.error) out.push(`> ${m.error}`, "");
    }
  }
  return out.join("\n");
}
