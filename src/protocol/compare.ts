/**
 * The comparison panel's messages: one column per model, each column's frames keyed by the run
 * id of its current request (so columns never cross-talk), and the panel's buttons. No vscode, no DOM.
 */
import type { FailureView, RunStatus, StreamFrame, UsageView } from "./run";
import { bare, codeCopy, forRun, isStr, linkOpen, parserFor, type CodeCopyMessage, type LinkMessage, type Raw } from "./validate";

export interface ColumnView {
  readonly model: string;
  /** The column's current request; undefined until it started. */
  readonly runId?: string;
  readonly status: RunStatus;
  readonly output: string;
  readonly usage?: UsageView;
  readonly firstTokenMs?: number;
  readonly totalMs?: number;
  readonly error?: FailureView;
}

export interface ComparisonView {
  readonly id: string;
  /** The prompt's name: "Explain", "add-docs", … */
  readonly title: string;
  /** e.g. "src/a.ts:3-9" */
  readonly source: string;
  /** A rewrite-kind prompt: an answer can go through the rewrite diff ("Use this one"). */
  readonly canUse: boolean;
  /** Reopened from the history: nothing can be sent again from it. */
  readonly archived: boolean;
  readonly columns: readonly ColumnView[];
}

export type HostToCompare =
  /** The whole comparison, on every `webview/ready`, and when one starts or is reopened. */
  | { type: "compare/replay"; comparison?: ComparisonView }
  /** A column's (new) request started: its frames carry this run id from now on. */
  | { type: "column/start"; index: number; runId: string }
  | { type: "compare/notice"; message: string; ok: boolean }
  | StreamFrame;

export type CompareToHost =
  | { type: "webview/ready" }
  | { type: "run/stop"; runId: string }
  | { type: "compare/stopAll" }
  | { type: "column/retry"; runId: string }
  | { type: "output/copy"; runId: string }
  /** "Use this one": that answer through the rewrite diff. */
  | { type: "compare/use"; runId: string }
  /** A diff of two answers, in VS Code's diff editor. */
  | { type: "compare/diff"; left: string; right: string }
  | { type: "compare/export" }
  | LinkMessage
  | CodeCopyMessage;

export const parseCompareMessage = parserFor<CompareToHost>({
  "webview/ready": bare("webview/ready"),
  "run/stop": forRun("run/stop"),
  "compare/stopAll": bare("compare/stopAll"),
  "column/retry": forRun("column/retry"),
  "output/copy": forRun("output/copy"),
  "compare/use": forRun("compare/use"),
  "compare/diff": (m) => (isStr(m.left, 100) && isStr(m.right, 100) && m.left !== m.right ? { type: "compare/diff", left: m.left, right: m.right } : undefined),
  "compare/export": bare("compare/export"),
  "link/open": linkOpen,
  "code/copy": codeCopy,
});

const STATUSES: readonly RunStatus[] = ["queued", "retrying", "streaming", "done", "failed", "cancelled", "interrupted"];
const optNum = (v: unknown): v is number | undefined => v === undefined || (typeof v === "number" && Number.isFinite(v) && v >= 0);

/**
 * Validates a saved comparison (the history file). A column that was still running when it was saved
 * is restored as interrupted; a saved comparison is always archived (nothing can be sent from it).
 */
export function parseComparison(raw: unknown): ComparisonView | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Raw;
  if (!isStr(r.id, 100) || !isStr(r.title, 500) || !isStr(r.source, 10_000) || !Array.isArray(r.columns) || r.columns.length < 1 || r.columns.length > 4) return undefined;
  const columns: ColumnView[] = [];
  for (const c of r.columns as unknown[]) {
    const col = c as Raw | undefined;
    if (!col || typeof col !== "object" || !isStr(col.model, 200) || !isStr(col.output, 50_000_000) || !STATUSES.includes(col.status as RunStatus)) return undefined;
    if (!optNum(col.firstTokenMs) || !optNum(col.totalMs) || (col.runId !== undefined && !isStr(col.runId, 100))) return undefined;
    const u = col.usage as Raw | undefined;
    const usage = u && typeof u === "object" && [u.promptTokens, u.completionTokens, u.totalTokens, u.cost].every(optNum) ? (u as UsageView) : undefined;
    const e = col.error as Raw | undefined;
    const error = e && typeof e === "object" && isStr(e.message) && isStr(e.kind, 50) ? { message: e.message, kind: e.kind } : undefined;
    const status = col.status as RunStatus;
    const cut = status === "queued" || status === "retrying" || status === "streaming";
    columns.push({ model: col.model, runId: col.runId as string | undefined, status: cut ? "interrupted" : status, output: col.output, usage, firstTokenMs: col.firstTokenMs, totalMs: col.totalMs, error });
  }
  return { id: r.id, title: r.title, source: r.source, canUse: false, archived: true, columns };
}
