/**
 * The chat view's messages. Its answers stream with the shared run frames (keyed by the message
 * id); everything else is the conversation: a replay from what the webview has cached, appends,
 * truncation, attachments, and the small state. `ChatMessageView` is also what the webview caches
 * across reloads, so its shape only ever grows. No vscode, no DOM.
 */
import type { StreamFrame, UsageView } from "./run";
import { bare, codeCopy, isStr, linkOpen, parserFor, type CodeCopyMessage, type LinkMessage, type Raw } from "./validate";

/** A code attachment as the chat shows it: a chip, without the code itself. */
export interface AttachmentView {
  id: string;
  /** e.g. "src/a.ts:3-9" */
  label: string;
  languageId: string;
  lines: number;
  /** An image: its type and size, and its bytes (base64) for the thumbnail while the session has them. */
  image?: { mimeType: string; bytes: number; thumbnail?: string };
}

export type ChatMessageStatus = "streaming" | "done" | "failed" | "cancelled" | "interrupted";

export interface ChatMessageView {
  id: string;
  role: "user" | "assistant";
  text: string;
  reasoning?: string;
  attachments?: AttachmentView[];
  model?: string;
  status?: ChatMessageStatus;
  usage?: UsageView;
  error?: string;
  requestId?: string;
  /** What the context budget left out of this answer's request. */
  contextNote?: string;
}

/** The chat's small state: sent whole whenever it changes (never the messages). */
export interface ChatStateView {
  conversationId?: string;
  title: string;
  /** Billed cost of the conversation so far. */
  totalCost: number;
  model: string;
  hasKey: boolean;
  busy: boolean;
}

export type ChatCommand = "new" | "history" | "export" | "pickModel" | "setKey";
const CHAT_COMMANDS: readonly string[] = ["new", "history", "export", "pickModel", "setKey"] satisfies ChatCommand[];

export type HostToChat =
  | StreamFrame
  /** The chat's messages from index `from` on (the webview keeps those before it, cached in its state). */
  | { type: "chat/replay"; state: ChatStateView; from: number; messages: ChatMessageView[]; attachments: AttachmentView[] }
  | { type: "chat/state"; state: ChatStateView }
  | { type: "chat/append"; message: ChatMessageView }
  /** Keep only the first `count` messages (regenerate, edit the last question). */
  | { type: "chat/truncate"; count: number }
  | { type: "chat/attachments"; attachments: AttachmentView[] }
  | { type: "chat/compose"; text: string }
  /** The user asked for the chat: put the caret in the input. */
  | { type: "chat/focus" };

export type ChatToHost =
  /** The chat webview (re)loaded; it has the first `known` messages of `conversationId` cached, the last being `lastId`. */
  | { type: "chat/ready"; conversationId?: string; known: number; lastId?: string }
  | { type: "chat/send"; text: string }
  | { type: "chat/stop" }
  | { type: "chat/regenerate" }
  | { type: "chat/editLast" }
  | { type: "chat/command"; command: ChatCommand }
  | { type: "attachment/remove"; id: string }
  | { type: "attachment/open"; id: string }
  /** An image pasted or dropped into the composer: its name, type and bytes (base64); the host checks it again. */
  | { type: "image/add"; name: string; mimeType: string; data: string }
  | { type: "code/insert"; code: string }
  | { type: "code/apply"; code: string }
  | { type: "code/newFile"; code: string; language: string }
  | LinkMessage
  | CodeCopyMessage;

const IMAGE_MIME = /^image\/(png|jpeg|webp|gif)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** 20 MB (core/images.ts MAX_IMAGE_BYTES) as base64. */
const MAX_IMAGE_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4;

const withId =
  <T extends "attachment/remove" | "attachment/open">(type: T) =>
  (m: Raw): { type: T; id: string } | undefined =>
    isStr(m.id, 100) ? { type, id: m.id } : undefined;

const withCode =
  <T extends "code/insert" | "code/apply">(type: T) =>
  (m: Raw): { type: T; code: string } | undefined =>
    isStr(m.code, 5_000_000) ? { type, code: m.code } : undefined;

export const parseChatMessage = parserFor<ChatToHost>({
  "chat/ready": (m) => {
    const known = typeof m.known === "number" && Number.isInteger(m.known) && m.known >= 0 ? m.known : undefined;
    if (known === undefined || (m.conversationId !== undefined && !isStr(m.conversationId, 100)) || (m.lastId !== undefined && !isStr(m.lastId, 100))) return undefined;
    return { type: "chat/ready", known, conversationId: m.conversationId as string | undefined, lastId: m.lastId as string | undefined };
  },
  "chat/send": (m) => (isStr(m.text, 2_000_000) ? { type: "chat/send", text: m.text } : undefined),
  "chat/stop": bare("chat/stop"),
  "chat/regenerate": bare("chat/regenerate"),
  "chat/editLast": bare("chat/editLast"),
  "chat/command": (m) => (typeof m.command === "string" && CHAT_COMMANDS.includes(m.command) ? { type: "chat/command", command: m.command as ChatCommand } : undefined),
  "attachment/remove": withId("attachment/remove"),
  "attachment/open": withId("attachment/open"),
  "image/add": (m) =>
    isStr(m.name, 200) && isStr(m.mimeType, 40) && IMAGE_MIME.test(m.mimeType) && isStr(m.data, MAX_IMAGE_BASE64) && BASE64.test(m.data) ? { type: "image/add", name: m.name, mimeType: m.mimeType, data: m.data } : undefined,
  "code/insert": withCode("code/insert"),
  "code/apply": withCode("code/apply"),
  "code/newFile": (m) => (isStr(m.code, 5_000_000) && isStr(m.language, 100) ? { type: "code/newFile", code: m.code, language: m.language } : undefined),
  "link/open": linkOpen,
  "code/copy": codeCopy,
});
