import { retryDetail, type RunState } from "../core/engine/runState";
import type { RouterEvent } from "../core/types";
import type { FailureView, StreamFrame } from "../protocol/run";

/** How often buffered deltas are posted; webviews render at most once a frame anyway. */
const FLUSH_MS = 24;

/**
 * Turns one run's gateway events into protocol frames for a webview: `run/status`, batched
 * `output/delta` and `reasoning/delta` (only deltas, never the text so far), `text/reset`,
 * `usage/update`, and one terminal `run/end`. It builds no text from deltas (a sliced delta keeps
 * its whole snapshot alive in V8): it holds the latest snapshots, which the run state holds anyway,
 * and how much of each the webview has; a flush posts the rest, at most one interval late. Used by
 * the panel and the chat.
 */
export class RunForwarder {
  private latest = { output: "", reasoning: "" };
  private sent = { output: 0, reasoning: 0 };
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
        this.latest.output = e.text;
        this.schedule();
        break;
      case "reasoning":
        this.latest.reasoning = e.text;
        this.schedule();
        break;
      case "reset":
        this.latest = { output: e.output, reasoning: e.reasoning };
        this.discardPending();
        this.post({ type: "text/reset", runId, output: e.output, reasoning: e.reasoning });
        break;
      case "usage":
        this.post({ type: "usage/update", runId, usage: { ...e.usage } });
        break;
      case "repeating":
        this.flush(); // the notice follows the text that showed the loop
        this.post({ type: "run/repeating", runId });
        break;
      case "done":
      case "cancelled":
      case "error":
        break; // the terminal frame is sent by end(), with timings
    }
  }

  /** Drops deltas not yet posted (the webview is about to be replayed from the run state). */
  discardPending(): void {
    this.sent = { output: this.latest.output.length, reasoning: this.latest.reasoning.length };
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { output, reasoning } = this.latest;
    const sent = this.sent;
    this.discardPending();
    if (reasoning.length > sent.reasoning) this.post({ type: "reasoning/delta", runId: this.runId, text: reasoning.slice(sent.reasoning) });
    if (output.length > sent.output) this.post({ type: "output/delta", runId: this.runId, text: output.slice(sent.output) });
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
