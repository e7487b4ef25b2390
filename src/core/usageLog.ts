/**
 * The local usage log: one JSON object per line, one line per finished request (done, cancelled
 * or failed). Parsing tolerates damage line by line, so one bad line never costs the others.
 * Aggregation and CSV export live here too. No vscode, no DOM.
 */
import type { RunResult } from "./types";

export type UsageOutcome = "done" | "cancelled" | "error";

export interface UsageRecord {
  /** ISO time the request finished. */
  readonly time: string;
  /** explain | rewrite | custom | chat, or the id of the extension that called the language-model provider */
  readonly action: string;
  readonly model: string;
  readonly outcome: UsageOutcome;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly totalTokens?: number;
  /** Billed cost in USD as fal reported it; undefined when fal reported none (e.g. a failed request). */
  readonly cost?: number;
  readonly requestId?: string;
  /** Error kind, for failed requests. */
  readonly error?: string;
  /** The comparison this request was one column of: its records share the id. */
  readonly comparison?: string;
}

export interface Totals {
  cost: number;
  requests: number;
  tokens: number;
  /** Requests whose cost is unknown (fal reported no usage). */
  unknownCost: number;
}

export interface UsageSummary {
  readonly total: Totals;
  /** Newest day first; `day` is YYYY-MM-DD in local time. */
  readonly byDay: Array<Totals & { day: string }>;
  /** Most expensive first. */
  readonly byModel: Array<Totals & { model: string }>;
}

const OUTCOMES: readonly string[] = ["done", "cancelled", "error"];
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
const text = (v: unknown, max = 200): string | undefined => (typeof v === "string" && v.length > 0 && v.length <= max ? v : undefined);

export function serializeRecord(r: UsageRecord): string {
  return JSON.stringify(r);
}

/** Validates one parsed line; undefined if it is not a usage record. */
export function toRecord(raw: unknown): UsageRecord | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Record<string, unknown>;
  const time = text(r.time, 40);
  const action = text(r.action, 120);
  const model = text(r.model);
  if (!time || Number.isNaN(Date.parse(time)) || !action || !model || typeof r.outcome !== "string" || !OUTCOMES.includes(r.outcome)) return undefined;
  return {
    time,
    action,
    model,
    outcome: r.outcome as UsageOutcome,
    promptTokens: num(r.promptTokens),
    completionTokens: num(r.completionTokens),
    totalTokens: num(r.totalTokens),
    cost: num(r.cost),
    requestId: text(r.requestId),
    error: text(r.error, 40),
    comparison: text(r.comparison, 100),
  };
}

/** Parses a whole log. `damaged` counts non-empty lines that were not valid records. */
export function parseUsageLog(content: string): { records: UsageRecord[]; damaged: number } {
  const records: UsageRecord[] = [];
  let damaged = 0;
  for (const line of content.split("\n")) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      damaged++;
      continue;
    }
    const r = toRecord(parsed);
    if (r) records.push(r);
    else damaged++;
  }
  return { records, damaged };
}

/** YYYY-MM-DD of an ISO time in local time. */
export function dayOf(time: string | Date): string {
  const d = typeof time === "string" ? new Date(time) : time;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function tokensOf(r: UsageRecord): number {
  return r.totalTokens ?? (r.promptTokens ?? 0) + (r.completionTokens ?? 0);
}

function add(t: Totals, r: UsageRecord): void {
  t.requests++;
  t.tokens += tokensOf(r);
  if (r.cost === undefined) t.unknownCost++;
  else t.cost += r.cost;
}

const empty = (): Totals => ({ cost: 0, requests: 0, tokens: 0, unknownCost: 0 });

export function summarize(records: readonly UsageRecord[]): UsageSummary {
  const total = empty();
  const days = new Map<string, Totals>();
  const models = new Map<string, Totals>();
  for (const r of records) {
    add(total, r);
    const day = dayOf(r.time);
    add(days.get(day) ?? days.set(day, empty()).get(day)!, r);
    add(models.get(r.model) ?? models.set(r.model, empty()).get(r.model)!, r);
  }
  return {
    total,
    byDay: [...days].map(([day, t]) => ({ day, ...t })).sort((a, b) => (a.day < b.day ? 1 : -1)),
    byModel: [...models].map(([model, t]) => ({ model, ...t })).sort((a, b) => b.cost - a.cost || b.requests - a.requests),
  };
}

/** A comparison as its linked usage records tell it: when, which action, which models, what was billed. */
export interface ComparisonSummary {
  readonly id: string;
  /** When its last request finished. */
  readonly time: string;
  readonly action: string;
  readonly models: string[];
  readonly cost: number;
  readonly unknownCost: number;
}

/** The comparisons in the log, newest first, at most `max`. */
export function comparisonsOf(records: readonly UsageRecord[], max = 20): ComparisonSummary[] {
  const byId = new Map<string, { id: string; time: string; action: string; models: string[]; cost: number; unknownCost: number }>();
  for (const r of records) {
    if (!r.comparison) continue;
    const c = byId.get(r.comparison) ?? byId.set(r.comparison, { id: r.comparison, time: r.time, action: r.action, models: [], cost: 0, unknownCost: 0 }).get(r.comparison)!;
    if (r.time > c.time) c.time = r.time;
    if (!c.models.includes(r.model)) c.models.push(r.model);
    if (r.cost === undefined) c.unknownCost++;
    else c.cost += r.cost;
  }
  return [...byId.values()].sort((a, b) => (a.time < b.time ? 1 : -1)).slice(0, max);
}

/** Billed cost of the records that finished on `day` (local YYYY-MM-DD). */
export function spentOn(records: readonly UsageRecord[], day: string): number {
  let sum = 0;
  for (const r of records) if (r.cost !== undefined && dayOf(r.time) === day) sum += r.cost;
  return sum;
}

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function cell(v: string | number | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "number") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = ["time", "action", "model", "outcome", "prompt_tokens", "completion_tokens", "total_tokens", "cost_usd", "request_id", "error", "comparison"] as const;

export function toCsv(records: readonly UsageRecord[]): string {
  const rows = records.map((r) =>
    [r.time, r.action, r.model, r.outcome, r.promptTokens, r.completionTokens, r.totalTokens, r.cost, r.requestId, r.error, r.comparison].map(cell).join(","),
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}

/** The usage record of one finished request (done, cancelled or failed), with whatever usage is known. */
export function usageRecordOf(action: string, model: string, result: RunResult, time: Date, comparison?: string): UsageRecord {
  const u = result.usage;
  return {
    time: time.toISOString(),
    action,
    model,
    outcome: result.outcome,
    promptTokens: u?.promptTokens,
    completionTokens: u?.completionTokens,
    totalTokens: u?.totalTokens,
    cost: u?.cost,
    requestId: result.requestId ?? result.error?.requestId,
    error: result.error?.kind,
    comparison,
  };
}
