/**
 * The one protocol between the extension host and its webviews. Discriminated unions named
 * `noun/verb`, both directions. Streams are frames tied to a run id: `run/start`, then deltas,
 * then exactly one terminal `run/end`. Every message from a webview is validated at runtime
 * before the host acts on it. No vscode, no DOM.
 */

export type RunStatus = "queued" | "streaming" | "done" | "failed" | "cancelled";

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

export type HostMessage =
  | { type: "run/start"; header: RunHeader }
  | { type: "run/status"; runId: string; status: RunStatus; queuePosition?: number }
  | { type: "output/delta"; runId: string; text: string }
  | { type: "reasoning/delta"; runId: string; text: string }
  /** The stream resynced: replace what is shown. */
  | { type: "text/reset"; runId: string; output: string; reasoning: string }
  | { type: "usage/update"; runId: string; usage: UsageView; firstTokenMs?: number; totalMs?: number }
  | { type: "run/end"; runId: string; status: "done" | "failed" | "cancelled"; error?: FailureView; totalMs: number; firstTokenMs?: number }
  | { type: "state/replay"; run?: RunSnapshot }
  | { type: "apply/result"; runId: string; ok: boolean; message: string }
  | { type: "usage/replay"; report: UsageReport };

export type WebviewMessage =
  | { type: "webview/ready" }
  | { type: "run/stop"; runId: string }
  | { type: "output/copy"; runId: string }
  | { type: "rewrite/apply"; runId: string }
  | { type: "rewrite/diff"; runId: string }
  | { type: "link/open"; href: string }
  | { type: "code/copy"; code: string }
  | { type: "usage/export" };

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
      return isStr(m.code, 5_000_000) ? { type: m.type, code: m.code } : undefined;
    default:
      return undefined;
  }
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
