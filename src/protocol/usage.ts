/** The usage view's messages: one small report, sent whole on ready and on change. No vscode, no DOM. */
import { bare, parserFor } from "./validate";

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

/** Everything the usage view shows; small (aggregates plus the newest rows). */
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
  /** Model comparisons (their linked records), newest first. */
  comparisons?: Array<{ id: string; time: string; action: string; models: string[]; cost: number; unknownCost: number }>;
}

export type HostToUsage = { type: "usage/replay"; report: UsageReport };

export type UsageToHost = { type: "webview/ready" } | { type: "usage/export" };

export const parseUsageMessage = parserFor<UsageToHost>({
  "webview/ready": bare("webview/ready"),
  "usage/export": bare("usage/export"),
});
