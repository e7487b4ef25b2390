import { retryDetail, type RunState } from "../core/engine/runState";
import type { RouterEvent } from "../core/types";
import type { FailureView, StreamFrame } from "../protocol/run";

/** How often buffered deltas are posted; webviews render at most once a frame anyway. */
const FLUSH_MS = 24;

/**
 * Turns one run's gateway events into protocol frames for a webview: `run/status`, batched
 * `output/delta` and `reasoning/delta` (only deltas, never the text so far), `text/reset`,
 * `usage/update`, and one terminal `run/end`. It keeps no text: the run's state (core
 * `RunState`) owns it. Deltas wait here at most one flush interval. Used by the panel and the chat.
 */
export class RunForwarder {
  private pending = { output: "", reasoning: "" };
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly runId: string,
    private readonly post: (message: StreamFrame) => void,
  ) {}

  event(e: RouterEvent): void {
    const runId = this.runId;
    switch (e.type) {
      case "queued":
        this.post({ type: "run/status", runId, status: "queued", queuePosition: e.position });
        break;
      case "retrying":
        this.post({ type: "run/status", runId, status: "retrying", detail: retryDetail(e) });
        break;
      case "started":
        this.post({ type: "run/status", runId, status: "streaming" });
        break;
      case "output":
        this.pending.output += e.delta;
        this.schedule();
        break;
      case "reasoning":
        this.pending.reasoning += e.delta;
        this.schedule();
        break;
      case "reset":
        this.pending = { output: "", reasoning: "" };
        this.post({ type: "text/reset", runId, output: e.output, reasoning: e.reasoning });
        break;
      case "usage":
        this.post({ type: "usage/update", runId, usage: { ...e.usage } });
        break;
      case "done":
      case "cancelled":
      case "error":
        break; // the terminal frame is sent by end(), with timings
    }
  }

  /** Drops deltas not yet posted (the webview is about to be replayed from the run state). */
  discardPending(): void {
    this.pending = { output: "", reasoning: "" };
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { output, reasoning } = this.pending;
    this.pending = { output: "", reasoning: "" };
    if (reasoning) this.post({ type: "reasoning/delta", runId: this.runId, text: reasoning });
    if (output) this.post({ type: "output/delta", runId: this.runId, text: output });
  }

  /** Posts what is buffered, then the one terminal frame, from the finished run state. */
  end(run: RunState): FailureView | undefined {
    this.flush();
    const error = failureView(run);
    this.post({ type: "run/end", runId: this.runId, status: run.endStatus, error, totalMs: run.totalMs ?? 0, firstTokenMs: run.firstTokenMs });
    return error;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }
}

export function failureView(run: RunState): FailureView | undefined {
  const e = run.error;
  return e && { message: e.message, kind: e.kind, status: e.status, requestId: e.requestId, fields: e.fields ? [...e.fields] : undefined };
}
