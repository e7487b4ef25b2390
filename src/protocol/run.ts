/**
 * The frames of one streamed run, shared by every surface that shows one (the result panel and
 * the chat): `run/start`, then status changes and deltas, then exactly one terminal `run/end`.
 * Also the result panel's saved run, validated when a reload restores it. No vscode, no DOM.
 */
import { isStr } from "./validate";

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
  /** A rewrite's proposal was settled: its changes accepted, or every one rejected. Its buttons are then off. */
  applied?: boolean;
  /** The answer is repeating itself (core/repetition.ts): Stop is offered prominently. */
  repeating?: boolean;
}

/** What a run streams after it started (the chat's answers use exactly these). */
export type StreamFrame =
  | { type: "run/status"; runId: string; status: RunStatus; queuePosition?: number; detail?: string }
  | { type: "output/delta"; runId: string; text: string }
  | { type: "reasoning/delta"; runId: string; text: string }
  /** The stream resynced: replace what is shown. */
  | { type: "text/reset"; runId: string; output: string; reasoning: string }
  | { type: "usage/update"; runId: string; usage: UsageView; firstTokenMs?: number; totalMs?: number }
  /** The answer repeats one short unit at length: offer Stop prominently (it is billed per token). */
  | { type: "run/repeating"; runId: string }
  | { type: "run/end"; runId: string; status: "done" | "failed" | "cancelled"; error?: FailureView; totalMs: number; firstTokenMs?: number };

/** The frames of a run as the result panel gets them: its header, then the stream. */
export type RunFrame = { type: "run/start"; header: RunHeader } | StreamFrame;

const RUN_STATUSES: readonly RunStatus[] = ["queued", "retrying", "streaming", "done", "failed", "cancelled", "interrupted"];
const optNum = (v: unknown): v is number | undefined => v === undefined || (typeof v === "number" && Number.isFinite(v));

/**
 * Validates the result panel's saved run (the host's file or the webview's state after a reload).
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
