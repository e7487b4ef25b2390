import type { RouterEvent, Usage } from "./types";

/**
 * Turns the router's cumulative snapshots into deltas. Each snapshot repeats the whole answer and
 * normally extends the previous one (the stream is decoded as a stream, so a split multi-byte
 * character arrives whole). Should a snapshot ever not extend the previous one (a server that
 * rewrites, or `@fal-ai/client`'s own decoding in queue results), we emit a `reset` with the full text.
 */
export class SnapshotDiffer {
  private output = "";
  private reasoning = "";

  get text(): { output: string; reasoning: string } {
    return { output: this.output, reasoning: this.reasoning };
  }

  /** Returns the events that bring a viewer of the previous snapshot up to date with `next`. */
  next(nextOutput: string, nextReasoning: string): RouterEvent[] {
    const outputExtends = extendsText(nextOutput, this.output);
    const reasoningExtends = extendsText(nextReasoning, this.reasoning);
    if (!outputExtends || !reasoningExtends) {
      // A snapshot may also be shorter (a replaced U+FFFD may change length); resync both.
      this.output = nextOutput;
      this.reasoning = nextReasoning;
      return [{ type: "reset", output: nextOutput, reasoning: nextReasoning }];
    }
    const events: RouterEvent[] = [];
    if (nextReasoning.length > this.reasoning.length) {
      events.push({ type: "reasoning", delta: nextReasoning.slice(this.reasoning.length), text: nextReasoning });
      this.reasoning = nextReasoning;
    }
    if (nextOutput.length > this.output.length) {
      events.push({ type: "output", delta: nextOutput.slice(this.output.length), text: nextOutput });
      this.output = nextOutput;
    }
    return events;
  }
}

/**
 * `next.startsWith(prev)`, 8× faster in V8 for long strings (a slice compared with `===` is a
 * memory compare; `startsWith` goes character by character). Every event repeats the whole
 * answer, so this runs over the square of its length.
 */
function extendsText(next: string, prev: string): boolean {
  return next.length >= prev.length && (prev.length === 0 || next.slice(0, prev.length) === prev);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Reads `usage` defensively: the documented wire shape is
 * `{prompt_tokens, completion_tokens, total_tokens, cost}`, the client's generated types differ,
 * and camelCase is accepted too. Returns undefined when nothing usable is there.
 */
export function parseUsage(raw: unknown): Usage | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const u = raw as Record<string, unknown>;
  const promptTokens = num(u.prompt_tokens ?? u.promptTokens ?? u.input_tokens);
  const completionTokens = num(u.completion_tokens ?? u.completionTokens ?? u.output_tokens);
  let totalTokens = num(u.total_tokens ?? u.totalTokens);
  if (totalTokens === undefined && promptTokens !== undefined && completionTokens !== undefined) {
    totalTokens = promptTokens + completionTokens;
  }
  const cost = num(u.cost ?? u.total_cost);
  if ([promptTokens, completionTokens, totalTokens, cost].every((v) => v === undefined)) return undefined;
  return { promptTokens, completionTokens, totalTokens, cost };
}

/** One router event payload (a stream snapshot or a queue result), read defensively. */
export interface RouterPayload {
  output: string;
  reasoning: string;
  partial: boolean;
  error?: string;
  usage?: Usage;
  /**
   * The event is not the router's (no output text, no error, no partial flag: another API's shape,
   * or a proxy's). Read as the router's, it would be an empty final answer: the partial answer lost.
   */
  foreign: boolean;
}

export function parsePayload(raw: unknown): RouterPayload {
  const p = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const error = typeof p.error === "string" && p.error.trim() !== "" ? p.error : undefined;
  return {
    foreign: typeof p.output !== "string" && typeof p.partial !== "boolean" && error === undefined,
    output: typeof p.output === "string" ? p.output : "",
    reasoning: typeof p.reasoning === "string" ? p.reasoning : "",
    partial: p.partial === true,
    error,
    usage: parseUsage(p.usage),
  };
}
