/**
 * The one protocol between the extension host and its webviews. Discriminated unions named
 * `noun/verb`, both directions. Streams are frames tied to a run id: `run/start`, then deltas,
 * then exactly one terminal `run/end`. Every message from a webview is validated at runtime
 * before the host acts on it. No vscode, no DOM.
 */

/** `retrying`: a queue call is waiting to be retried; `interrupted`: restored after a reload that cut the run off. */
export type RunStatus = "queued" | "retrying" | "streaming" | "done" | "failed" | "cancelled" | "interrupted";

export interface UsageView {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  cost?: number;
}

export interface FailureView {
  message: string;
  kind: string;
  status?: number;
  requestId?: string;
  fields?: string[];
}

export interface RunHeader {
  runId: string;
  /** "Explain", "Rewrite", … */
  action: string;
  model: string;
  /** e.g. "src/a.ts:3-9" */
  source: string;
  reasoning: boolean;
  canApply: boolean;
}

/** Everything a panel shows for one run; sent whole only on `ready` (replay), never while streaming. */
export interface RunSnapshot extends RunHeader {
  status: RunStatus;
  queuePosition?: number;
  /** What the status line says beyond the status, e.g. the retry in progress. */
  statusDetail?: string;
  output: string;
  reasoningText: string;
  usage?: UsageView;
  firstTokenMs?: number;
  totalMs?: number;
  error?: FailureView;
  applied?: boolean;
}

/** Totals of billed usage, as the Show Usage view gets them. */
export interface UsageTotalsView {
  cost: number;
  requests: number;
  tokens: number;
  unknownCost: number;
}

export interface UsageRowView {
  time: string;
  action: string;
  model: string;
  outcome: string;
  totalTokens?: number;
  cost?: number;
  requestId?: string;
  error?: string;
}

/** Everything the usage view shows; small (aggregates plus the newest rows), sent whole on ready and on change. */
export interface UsageReport {
  today: string;
  total: UsageTotalsView;
  session: number;
  dailyBudgetUsd: number;
  /** Newest first; at most the last 90 days. */
  byDay: Array<UsageTotalsView & { day: string }>;
  byModel: Array<UsageTotalsView & { model: string }>;
  /** Newest first. */
  recent: UsageRowView[];
}

/** A code attachment as the chat shows it: a chip, without the code itself. */
export interface AttachmentView {
  id: string;
  /** e.g. "src/a.ts:3-9" */
  label: string;
  languageId: string;
  lines: number;
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
const CHAT_COMMANDS: readonly string[] = ["new", "history", "export", "pickModel", "setKey"];

export type HostMessage =
  | { type: "run/start"; header: RunHeader }
  | { type: "run/status"; runId: string; status: RunStatus; queuePosition?: number; detail?: string }
  | { type: "output/delta"; runId: string; text: string }
  | { type: "reasoning/delta"; runId: string; text: string }
  /** The stream resynced: replace what is shown. */
  | { type: "text/reset"; runId: string; output: string; reasoning: string }
  | { type: "usage/update"; runId: string; usage: UsageView; firstTokenMs?: number; totalMs?: number }
  | { type: "run/end"; runId: string; status: "done" | "failed" | "cancelled"; error?: FailureView; totalMs: number; firstTokenMs?: number }
  | { type: "state/replay"; run?: RunSnapshot }
  | { type: "apply/result"; runId: string; ok: boolean; message: string }
  | { type: "usage/replay"; report: UsageReport }
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

export type WebviewMessage =
  | { type: "webview/ready" }
  | { type: "run/stop"; runId: string }
  | { type: "output/copy"; runId: string }
  | { type: "rewrite/apply"; runId: string }
  | { type: "rewrite/diff"; runId: string }
  | { type: "link/open"; href: string }
  | { type: "code/copy"; code: string }
  | { type: "usage/export" }
  /** The chat webview (re)loaded; it has the first `known` messages of `conversationId` cached, the last being `lastId`. */
  | { type: "chat/ready"; conversationId?: string; known: number; lastId?: string }
  | { type: "chat/send"; text: string }
  | { type: "chat/stop" }
  | { type: "chat/regenerate" }
  | { type: "chat/editLast" }
  | { type: "chat/command"; command: ChatCommand }
  | { type: "attachment/remove"; id: string }
  | { type: "attachment/open"; id: string }
  | { type: "code/insert"; code: string }
  | { type: "code/apply"; code: string }
  | { type: "code/newFile"; code: string; language: string };

const isStr = (v: unknown, max = 10_000): v is string => typeof v === "string" && v.length <= max;

/** Runtime check of a message from a webview; returns undefined for anything malformed. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case "webview/ready":
    case "usage/export":
      return { type: m.type };
    case "run/stop":
    case "output/copy":
    case "rewrite/apply":
    case "rewrite/diff":
      return isStr(m.runId, 100) ? { type: m.type, runId: m.runId } : undefined;
    case "link/open":
      return isStr(m.href, 4096) ? { type: m.type, href: m.href } : undefined;
    case "code/copy":
    case "code/insert":
    case "code/apply":
      return isStr(m.code, 5_000_000) ? { type: m.type, code: m.code } : undefined;
    case "code/newFile":
      return isStr(m.code, 5_000_000) && isStr(m.language, 100) ? { type: m.type, code: m.code, language: m.language } : undefined;
    case "chat/ready": {
      const known = typeof m.known === "number" && Number.isInteger(m.known) && m.known >= 0 ? m.known : undefined;
      if (known === undefined || (m.conversationId !== undefined && !isStr(m.conversationId, 100)) || (m.lastId !== undefined && !isStr(m.lastId, 100))) return undefined;
      return { type: m.type, known, conversationId: m.conversationId as string | undefined, lastId: m.lastId as string | undefined };
    }
    case "chat/send":
      return isStr(m.text, 2_000_000) ? { type: m.type, text: m.text } : undefined;
    case "chat/stop":
    case "chat/regenerate":
    case "chat/editLast":
      return { type: m.type };
    case "chat/command":
      return typeof m.command === "string" && CHAT_COMMANDS.includes(m.command) ? { type: m.type, command: m.command as ChatCommand } : undefined;
    case "attachment/remove":
    case "attachment/open":
      return isStr(m.id, 100) ? { type: m.type, id: m.id } : undefined;
    default:
      return undefined;
  }
}

const RUN_STATUSES: readonly RunStatus[] = ["queued", "retrying", "streaming", "done", "failed", "cancelled", "interrupted"];
const optNum = (v: unknown): v is number | undefined => v === undefined || (typeof v === "number" && Number.isFinite(v));

/**
 * Validates the result panel's saved webview state (what a panel serializer gets after a reload).
 * A run that was still going is returned as `interrupted`: the request died with the old host.
 */
export function parseSavedRun(raw: unknown): RunSnapshot | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = (raw as { run?: unknown }).run as Record<string, unknown> | undefined;
  if (!r || typeof r !== "object") return undefined;
  const strings = [r.runId, r.action, r.model, r.source].every((v) => isStr(v, 10_000));
  if (!strings || !isStr(r.output, 50_000_000) || !isStr(r.reasoningText, 50_000_000) || !RUN_STATUSES.includes(r.status as RunStatus)) return undefined;
  if (!optNum(r.firstTokenMs) || !optNum(r.totalMs)) return undefined;
  const u = r.usage as Record<string, unknown> | undefined;
  const usage = u && typeof u === "object" && [u.promptTokens, u.completionTokens, u.totalTokens, u.cost].every(optNum) ? (u as UsageView) : undefined;
  const e = r.error as Record<string, unknown> | undefined;
  let error = e && typeof e === "object" && isStr(e.message) && isStr(e.kind, 50) ? { message: e.message, kind: e.kind, requestId: isStr(e.requestId, 200) ? e.requestId : undefined } : undefined;
  let status = r.status as RunStatus;
  if (status === "queued" || status === "retrying" || status === "streaming") {
    status = "interrupted";
    error = { kind: "interrupted", message: "The window reloaded while this answer was streaming, so the request stopped.", requestId: undefined };
  }
  return {
    runId: r.runId as string,
    action: r.action as string,
    model: r.model as string,
    source: r.source as string,
    reasoning: r.reasoning === true,
    // The selection a rewrite would replace belonged to the previous window's session.
    canApply: false,
    status,
    output: r.output as string,
    reasoningText: r.reasoningText as string,
    usage,
    firstTokenMs: r.firstTokenMs as number | undefined,
    totalMs: r.totalMs as number | undefined,
    error,
  };
}

/** Only web links leave the editor; everything else (command:, file:, javascript:, data:) is refused. */
export function isOpenableLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}
