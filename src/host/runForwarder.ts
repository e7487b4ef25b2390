import type { RouterEvent, RunResult, Usage } from "../core/types";
import type { FailureView, HostMessage, RunStatus } from "../protocol/messages";

/** How often buffered deltas are posted; webviews render at most once a frame anyway. */
const FLUSH_MS = 24;

/**
 * Turns one run's gateway events into protocol frames for a webview: `run/status`, batched
 * `output/delta` and `reasoning/delta` (only deltas, never the text so far), `text/reset`,
 * `usage/update`, and one terminal `run/end`. It also keeps the text so far, for replays and saving.
 * Used by the result panel and the chat view alike.
 */
export class RunForwarder {
  output = "";
  reasoning = "";
  usage?: Usage;
  status: RunStatus = "streaming";
  queuePosition?: number;
  statusDetail?: string;
  private pending = { output: "", reasoning: "" };
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly runId: string,
    private readonly post: (message: HostMessage) => void,
  ) {}

  event(e: RouterEvent): void {
    const runId = this.runId;
    switch (e.type) {
      case "queued":
        this.statusDetail = undefined;
        this.status = "queued";
        this.queuePosition = e.position;
        this.post({ type: "run/status", runId, status: "queued", queuePosition: e.position });
        break;
      case "retrying": {
        this.status = "retrying";
        const why = e.status === 429 ? "Rate limited (429)" : e.status ? `fal answered ${e.status}` : "Connection failed";
        this.statusDetail = `${why}: retrying (${e.attempt} of ${e.maxRetries}) in ${Math.max(1, Math.round(e.delayMs / 1000))} s…`;
        this.post({ type: "run/status", runId, status: "retrying", detail: this.statusDetail });
        break;
      }
      case "started":
        this.statusDetail = undefined;
        this.status = "streaming";
        this.post({ type: "run/status", runId, status: "streaming" });
        break;
      case "output":
        this.output += e.delta;
        this.pending.output += e.delta;
        this.schedule();
        break;
      case "reasoning":
        this.reasoning += e.delta;
        this.pending.reasoning += e.delta;
        this.schedule();
        break;
      case "reset":
        this.output = e.output;
        this.reasoning = e.reasoning;
        this.pending = { output: "", reasoning: "" };
        this.post({ type: "text/reset", runId, output: e.output, reasoning: e.reasoning });
        break;
      case "usage":
        this.usage = { ...e.usage };
        this.post({ type: "usage/update", runId, usage: { ...e.usage } });
        break;
      case "done":
      case "cancelled":
      case "error":
        break; // the terminal frame is sent by end(), with timings
    }
  }

  /** Drops deltas not yet posted (the webview is about to be replayed from the text so far). */
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

  /** Posts what is buffered, then the one terminal frame. Returns the failure as the view shows it. */
  end(result: RunResult): FailureView | undefined {
    this.flush();
    const status = result.outcome === "done" ? "done" : result.outcome === "cancelled" ? "cancelled" : "failed";
    this.status = status;
    const error = result.error && { ...result.error, fields: result.error.fields ? [...result.error.fields] : undefined };
    this.post({ type: "run/end", runId: this.runId, status, error, totalMs: result.totalMs, firstTokenMs: result.firstTokenMs });
    return error;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }
}
