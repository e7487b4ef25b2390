/**
 * One selection, one prompt, several models at once: the comparison's rules. It is N requests of
 * the one request engine (prepare once, so one budget and estimate question covers them all, then
 * one execute per column), each with its own stop. A column that fails keeps its partial answer and
 * leaves the others running. Its requests' usage records share the comparison's id. No vscode.
 */
import type { RouterSettings } from "../settings";
import type { RouterEvent, RunResult } from "../types";
import type { EngineOutcome, EngineRequest, Prepared, RequestEngine } from "./pipeline";
import type { RunState } from "./runState";

export const MIN_COLUMNS = 2;
export const MAX_COLUMNS = 4;

/** What a surface is told about each column; `index` is the column, stable across retries. */
export interface ComparisonObserver {
  started(index: number, run: RunState, settings: RouterSettings): void;
  event(index: number, run: RunState, e: RouterEvent): void;
  ended(index: number, run: RunState, result: RunResult): void;
}

export interface ComparisonColumn {
  readonly model: string;
  /** The column's current run (a retry replaces it); undefined until it started. */
  run?: RunState;
  controller?: AbortController;
}

export type ComparisonOutcome = Exclude<EngineOutcome, { status: "ran" }> | { readonly status: "ran"; readonly results: readonly RunResult[] };

export class Comparison {
  readonly columns: ComparisonColumn[];
  private prepared?: Prepared;

  constructor(
    private readonly engine: RequestEngine,
    readonly request: EngineRequest,
    models: readonly string[],
    /** Links the usage records of every request sent for this comparison. */
    readonly id: string,
    private readonly observer: ComparisonObserver,
  ) {
    const distinct = [...new Set(models)];
    if (distinct.length < MIN_COLUMNS || distinct.length > MAX_COLUMNS) throw new RangeError(`a comparison takes ${MIN_COLUMNS} to ${MAX_COLUMNS} different models, not ${distinct.length}`);
    this.columns = distinct.map((model) => ({ model }));
  }

  /** Checks once for every column, then starts them all at once; resolves when every column ended. */
  async start(): Promise<ComparisonOutcome> {
    const ready = await this.engine.prepare(this.request, this.columns.map((c) => c.model), this.id);
    if (ready.status !== "ready") return ready;
    this.prepared = ready;
    const results = await Promise.all(this.columns.map((_, i) => this.runColumn(i, ready)));
    return { status: "ran", results };
  }

  get running(): boolean {
    return this.columns.some((c) => c.run?.running);
  }

  /** Stops one column; the others carry on. */
  stop(index: number): void {
    const c = this.columns[index];
    if (c?.run?.running) c.controller?.abort();
  }

  stopAll(): void {
    this.columns.forEach((_, i) => this.stop(i));
  }

  /**
   * Sends one column's request again (one more billed request, so its own budget and estimate
   * question); the column's answer is replaced. Does nothing while that column still runs.
   */
  async retry(index: number): Promise<ComparisonOutcome> {
    const c = this.columns[index];
    if (!c || !this.prepared || c.run?.running) return { status: "declined" };
    const ready = await this.engine.prepare(this.request, [c.model], this.id);
    if (ready.status !== "ready") return ready;
    return { status: "ran", results: [await this.runColumn(index, ready)] };
  }

  /** The column whose current run is `runId`. */
  indexOf(runId: string): number {
    return this.columns.findIndex((c) => c.run?.runId === runId);
  }

  private async runColumn(index: number, ready: Prepared): Promise<RunResult> {
    const column = this.columns[index];
    const controller = new AbortController();
    column.controller = controller;
    const outcome = await this.engine.execute(ready, column.model, {
      signal: controller.signal,
      onStart: (run, settings) => {
        column.run = run;
        this.observer.started(index, run, settings);
      },
      onEvent: (run, e) => this.observer.event(index, run, e),
      onEnd: (run, result) => this.observer.ended(index, run, result),
    });
    return outcome.result;
  }
}
