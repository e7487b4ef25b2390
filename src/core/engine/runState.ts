import type { RouterEvent, RouterFailure, RunResult, Usage } from "../types";

export type RunPhase = "starting" | "queued" | "retrying" | "streaming" | "done" | "failed" | "cancelled";

/** Outcome → the status a view shows; the one place this mapping lives. */
function phaseOf(outcome: RunResult["outcome"]): "done" | "failed" | "cancelled" {
  return outcome === "done" ? "done" : outcome === "cancelled" ? "cancelled" : "failed";
}

/** What the status line says while a queue call waits to be retried. */
export function retryDetail(e: Extract<RouterEvent, { type: "retrying" }>): string {
  const why = e.status === 429 ? "Rate limited (429)" : e.status ? `fal answered ${e.status}` : "Connection failed";
  return `${why}: retrying (${e.attempt} of ${e.maxRetries}) in ${Math.max(1, Math.round(e.delayMs / 1000))} s…`;
}

/**
 * The one owner of a run's state: its text, reasoning, usage and status. The text is the latest
 * snapshot itself (never a string built from deltas, which in V8 would keep every snapshot alive);
 * views and stores read it from here instead of mirroring it.
 */
export class RunState {
  phase: RunPhase = "starting";
  output = "";
  reasoning = "";
  usage?: Usage;
  queuePosition?: number;
  statusDetail?: string;
  error?: RouterFailure;
  requestId?: string;
  firstTokenMs?: number;
  totalMs?: number;
  /** The answer was seen repeating one short unit at length: the views offer Stop prominently. */
  repeating = false;

  constructor(
    readonly runId: string,
    readonly model: string,
  ) {}

  /** The terminal status once the run has finished (a run still going counts as failed). */
  get endStatus(): "done" | "failed" | "cancelled" {
    return this.phase === "done" || this.phase === "cancelled" ? this.phase : "failed";
  }

  get running(): boolean {
    return this.phase === "starting" || this.phase === "queued" || this.phase === "retrying" || this.phase === "streaming";
  }

  apply(e: RouterEvent): void {
    switch (e.type) {
      case "queued":
        this.phase = "queued";
        this.queuePosition = e.position;
        this.statusDetail = undefined;
        break;
      case "retrying":
        this.phase = "retrying";
        this.statusDetail = retryDetail(e);
        break;
      case "started":
        this.phase = "streaming";
        this.statusDetail = undefined;
        this.requestId ??= e.requestId;
        break;
      case "output":
        this.output = e.text;
        break;
      case "reasoning":
        this.reasoning = e.text;
        break;
      case "reset":
        this.output = e.output;
        this.reasoning = e.reasoning;
        break;
      case "usage":
        this.usage = { ...e.usage };
        break;
      case "repeating":
        this.repeating = true;
        break;
      case "done":
      case "cancelled":
      case "error":
        break; // finish() records the result, with its timings
    }
  }

  finish(result: RunResult): void {
    this.phase = phaseOf(result.outcome);
    this.output = result.output;
    this.reasoning = result.reasoning;
    this.usage = result.usage && { ...result.usage };
    this.error = result.error;
    this.requestId = result.requestId ?? result.error?.requestId ?? this.requestId;
    this.firstTokenMs = result.firstTokenMs;
    this.totalMs = result.totalMs;
    this.statusDetail = undefined;
  }
}
