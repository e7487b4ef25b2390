/** Shapes shared by the core: what a request is, and what a run of it yields. No vscode, no DOM. */
import type { ImageInput } from "./images";

export const ROUTER_ENDPOINT = "openrouter/router";
/** The same router for requests with images (`image_urls`). */
export const VISION_ENDPOINT = "openrouter/router/vision";

export interface RouterRequest {
  readonly model: string;
  readonly prompt: string;
  readonly systemPrompt?: string;
  readonly reasoning?: boolean;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** Sent to the vision endpoint when there are any. */
  readonly images?: readonly ImageInput[];
}

/** The documented wire shape of `usage`; every field but cost may be missing. */
export interface Usage {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly totalTokens?: number;
  /** Billed cost in USD, as fal reports it. */
  readonly cost?: number;
}

export type RunMode = "stream" | "queue";

export type ErrorKind =
  | "auth"
  | "validation"
  | "rateLimit"
  | "server"
  | "network"
  | "stalled"
  | "model"
  | "notFound"
  | "input"
  /** The answer passed MAX_ANSWER_CHARS and was stopped (core/repetition.ts). */
  | "tooLong"
  | "unknown";

export interface RouterFailure {
  readonly kind: ErrorKind;
  /** One sentence a user can act on. */
  readonly message: string;
  readonly status?: number;
  readonly requestId?: string;
  /** Field messages of a 422. */
  readonly fields?: readonly string[];
}

/** Typed events of one run, in order: (queued|retrying)*, started, (output|reasoning|reset)*, usage?, then exactly one terminal. */
export type RouterEvent =
  | { readonly type: "queued"; readonly position?: number }
  | { readonly type: "started"; readonly requestId?: string }
  /** A queue call failed in a way worth retrying; the gateway waits `delayMs`, then tries again. */
  | { readonly type: "retrying"; readonly attempt: number; readonly maxRetries: number; readonly delayMs: number; readonly status?: number }
  /** `text` is the whole output so far (the latest snapshot itself, not a copy); `delta` what it added. */
  | { readonly type: "output"; readonly delta: string; readonly text: string }
  | { readonly type: "reasoning"; readonly delta: string; readonly text: string }
  /** The newest snapshot did not extend the previous one: replace everything shown. */
  | { readonly type: "reset"; readonly output: string; readonly reasoning: string }
  | { readonly type: "usage"; readonly usage: Usage }
  /** Not from the gateway: the engine saw the answer repeat one short unit at length (core/repetition.ts). */
  | { readonly type: "repeating" }
  | { readonly type: "done"; readonly requestId?: string }
  | { readonly type: "cancelled"; readonly requestId?: string }
  | { readonly type: "error"; readonly error: RouterFailure };

export interface RunResult {
  readonly outcome: "done" | "cancelled" | "error";
  readonly output: string;
  readonly reasoning: string;
  readonly usage?: Usage;
  readonly requestId?: string;
  readonly error?: RouterFailure;
  /** Milliseconds from start to the first output or reasoning character. */
  readonly firstTokenMs?: number;
  readonly totalMs: number;
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};
