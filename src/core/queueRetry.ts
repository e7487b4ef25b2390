/**
 * Retries of fal calls, owned by the gateway rather than by `@fal-ai/client`.
 *
 * The client retries queue calls (submit, status, result, cancel) with a fixed policy of its own
 * (1 s base, up to 3–5 attempts) that ignores the `retry` option, and says nothing while it waits:
 * a 429 meant about 7 s of silence. We give the client a `fetch` (its documented `config.fetch`)
 * that retries queue calls itself — with a configurable, injectable delay, honouring
 * `Retry-After`, and reporting each wait so the UI can say "retrying" — and that turns a final
 * failure into an error the client does not retry again.
 *
 * The stream request (routerStream.ts) uses the same `fetch`: a network failure before any
 * response is retried the same way (as the client did, but reported). An HTTP error status on the
 * stream is not retried: it is reported at once, as before. Other calls pass straight through.
 */

import { STREAM_URL } from "./routerStream";

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_QUEUE_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** What is reported before each wait. */
export interface RetryNotice {
  /** 1-based. */
  readonly attempt: number;
  readonly maxRetries: number;
  readonly delayMs: number;
  /** The HTTP status that caused it; undefined for a network failure. */
  readonly status?: number;
}

/** Thrown for a call that failed for good after our retries: shaped like the client's ApiError, but not one, so the client does not retry it. */
export class FalHttpError extends Error {
  override readonly name = "FalHttpError";
  constructor(
    readonly status: number | undefined,
    readonly body: unknown,
    readonly requestId: string | undefined,
    message: string,
    readonly retries: number,
    /** The network error's code (ECONNREFUSED, a TLS certificate code…), when there was no response. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Certificate failures: retrying cannot fix them. */
export const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The code of a failed fetch: undici puts the socket's error in `cause` (sometimes one level down). */
function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === "object" && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const RETRYABLE_STATUS = new Set([408, 409, 429, 502, 503, 504]);

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function targetOf(input: string | URL | Request, init?: RequestInit): string {
  const headers = new Headers(init?.headers);
  return headers.get("x-fal-target-url") ?? (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
}

export function isQueueUrl(url: string): boolean {
  try {
    return new URL(url).hostname.startsWith("queue.");
  } catch {
    return false;
  }
}

/** Delay before retry `attempt` (0-based): `Retry-After` when the server gives one, else exponential; both capped. */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfter: string | null, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, policy.maxDelayMs);
  }
  return Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => "");
  try {
    return JSON.parse(text);
  } catch {
    return text ? { message: text.slice(0, 300) } : undefined;
  }
}

function isAbort(e: unknown): boolean {
  return typeof e === "object" && e !== null && ((e as { name?: string }).name === "AbortError" || (e as { name?: string }).name === "TimeoutError");
}

/** How a call is retried: all transient failures (queue calls), network failures only (the stream), or not at all. */
function retryKind(target: string): "all" | "network" | "none" {
  if (isQueueUrl(target)) return "all";
  if (target === STREAM_URL) return "network";
  return "none";
}

/**
 * A `fetch` for the fal client and the stream. `notify` is looked up by the request's abort
 * signal, so each run hears only about its own retries.
 */
export function retryingFetch(policy: RetryPolicy, notify: (signal: AbortSignal | null | undefined, n: RetryNotice) => void, base: Fetch = fetch): Fetch {
  return async (input, init) => {
    const kind = retryKind(targetOf(input, init));
    if (kind === "none") return base(input, init);
    const signal = init?.signal;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await base(input, init);
      } catch (e) {
        if (isAbort(e) || signal?.aborted) throw e;
        const code = causeCode(e);
        if (attempt >= policy.maxRetries || (code && TLS_CODES.has(code))) {
          throw new FalHttpError(undefined, undefined, undefined, `fetch failed${code ? ` (${code})` : ""} after ${attempt} retries`, attempt, code);
        }
        const delayMs = retryDelay(attempt, policy, null);
        notify(signal, { attempt: attempt + 1, maxRetries: policy.maxRetries, delayMs });
        await sleep(delayMs, signal);
        continue;
      }
      if (res.ok || kind === "network") return res;
      const retryable = RETRYABLE_STATUS.has(res.status) && res.headers.get("x-fal-request-timeout-type") !== "user";
      if (!retryable || attempt >= policy.maxRetries || signal?.aborted) {
        const body = await readBody(res);
        throw new FalHttpError(res.status, body, res.headers.get("x-fal-request-id") ?? undefined, `HTTP ${res.status}`, attempt);
      }
      const delayMs = retryDelay(attempt, policy, res.headers.get("retry-after"));
      await res.body?.cancel().catch(() => undefined);
      notify(signal, { attempt: attempt + 1, maxRetries: policy.maxRetries, delayMs, status: res.status });
      await sleep(delayMs, signal);
      if (signal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
    }
  };
}
