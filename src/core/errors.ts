import type { RouterFailure } from "./types";

/** What the fal client's ApiError/ValidationError look like, without importing their classes. */
interface ApiErrorLike {
  name?: string;
  message?: string;
  status?: number;
  body?: unknown;
  requestId?: string;
  cause?: unknown;
  code?: string;
  /** Set by the gateway's retries (FalHttpError). */
  retries?: number;
}

/** What the gateway knows about how a request was sent, so a message can tell the truth about it. */
export interface FailureContext {
  /** Sent through `falRouter.proxyUrl`. */
  readonly viaProxy: boolean;
  /** A key was sent from VS Code (behind a proxy it may be added by the proxy instead). */
  readonly keySent: boolean;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function networkCode(err: ApiErrorLike): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && typeof cur === "object" && depth < 4; depth++) {
    const code = (cur as ApiErrorLike).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    cur = (cur as ApiErrorLike).cause;
  }
  const msg = err.message ?? "";
  if (/fetch failed|terminated|socket hang up|network|other side closed/i.test(msg)) return "network";
  return undefined;
}

/** Field messages of a 422 body: `detail` is `[{loc, msg}]` or a string. */
export function fieldMessages(body: unknown): string[] {
  if (!body || typeof body !== "object") return [];
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === "string") return [detail];
  if (!Array.isArray(detail)) return [];
  return detail.map((d) => {
    const item = (d ?? {}) as { loc?: unknown; msg?: unknown };
    const loc = Array.isArray(item.loc) ? item.loc.filter((p) => p !== "body").join(".") : "";
    const msg = typeof item.msg === "string" ? item.msg : JSON.stringify(d);
    return loc ? `${loc}: ${msg}` : msg;
  });
}

function bodyMessage(body: unknown): string | undefined {
  if (body && typeof body === "object") {
    const m = (body as { message?: unknown; detail?: unknown }).message;
    if (typeof m === "string" && m) return m;
  }
  return undefined;
}

/** Maps anything the client throws, or a failed HTTP response, to a failure a user can act on. */
export function classifyError(raw: unknown, requestIdHint?: string, context: FailureContext = { viaProxy: false, keySent: true }): RouterFailure {
  const err = (raw && typeof raw === "object" ? raw : { message: String(raw) }) as ApiErrorLike;
  const requestId = (err.requestId || requestIdHint) || undefined;
  const status = typeof err.status === "number" ? err.status : undefined;
  const serverText = bodyMessage(err.body) ?? err.message;
  const base = { status, requestId };
  const retried = err.retries ? ` It was retried ${err.retries} time${err.retries === 1 ? "" : "s"}.` : "";
  // The client wraps network failures during a stream as ApiError 500 with the fetch message.
  const code = networkCode(err);
  if (code && (status === undefined || status === 500)) {
    return { ...base, status: undefined, kind: "network", message: `The connection to fal was lost (${code === "network" ? err.message : code}). Check your network or proxy and try again.` };
  }
  switch (true) {
    case (status === 401 || status === 403) && context.viaProxy && !context.keySent:
      return {
        ...base,
        kind: "auth",
        message: `The proxy (falRouter.proxyUrl) refused the request (${status}). No key was sent from VS Code, so the proxy must add one: fix the proxy's authentication, or store a key with "fal Router: Set API Key".`,
      };
    case status === 401 || status === 403:
      return { ...base, kind: "auth", message: `fal rejected the API key (${status}). Run "fal Router: Set API Key" to enter a valid key.` };
    case status === 422: {
      const fields = fieldMessages(err.body);
      return { ...base, kind: "validation", fields, message: `fal rejected the request as invalid (422)${fields.length ? `: ${fields.join("; ")}` : "."} Check the model id and settings.` };
    }
    case status === 404:
      return { ...base, kind: "notFound", message: `fal could not find the endpoint or request (404)${serverText ? `: ${serverText}` : ""}.` };
    case status === 429:
      return { ...base, kind: "rateLimit", message: `fal is rate limiting requests (429).${retried} Wait a moment and try again.` };
    case status !== undefined && status >= 500:
      return { ...base, kind: "server", message: `fal had a server error (${status})${serverText ? `: ${serverText}` : ""}.${retried} Try again shortly.` };
    default:
      return { ...base, kind: "unknown", message: serverText ? `The request failed: ${serverText}` : "The request failed for an unknown reason." };
  }
}

export function stalledFailure(seconds: number, requestId?: string): RouterFailure {
  return { kind: "stalled", requestId, message: `No data from fal for ${seconds} s; the stream was stopped. The partial answer is kept.` };
}

export function modelFailure(message: string, requestId?: string): RouterFailure {
  return { kind: "model", requestId, message: `The model reported an error: ${message}` };
}
