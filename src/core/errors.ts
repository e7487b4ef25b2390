import type { RouterFailure } from "./types";
import { redact } from "./apiKey";
import { TLS_CODES } from "./queueRetry";
import * as l10n from "@vscode/l10n";

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

/** Failures to connect at all (as opposed to a connection lost on the way). */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function networkCode(err: ApiErrorLike): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && typeof cur === "object" && depth < 4; depth++) {
    const code = (cur as ApiErrorLike).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || TLS_CODES.has(code))) return code;
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
    const { message, detail } = body as { message?: unknown; detail?: unknown };
    if (typeof message === "string" && message) return message.slice(0, 300);
    if (typeof detail === "string" && detail) return detail.slice(0, 300);
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
  const retried = !err.retries ? "" : ` ${err.retries === 1 ? l10n.t("It was retried once.") : l10n.t("It was retried {0} times.", err.retries)}`;
  // The client wraps network failures during a stream as ApiError 500 with the fetch message.
  const code = networkCode(err);
  if (code && TLS_CODES.has(code)) {
    const where = context.viaProxy ? l10n.t("the proxy set in falRouter.proxyUrl") : l10n.t("fal");
    return { ...base, status: undefined, kind: "network", message: l10n.t("The TLS certificate of {0} is not trusted ({1}), so nothing was sent. If a proxy on your network inspects TLS, add its certificate to your system's certificates.", where, code) };
  }
  if (code && context.viaProxy && CONNECT_CODES.has(code) && (status === undefined || status === 500)) {
    return { ...base, status: undefined, kind: "network", message: l10n.t("Could not reach the proxy set in falRouter.proxyUrl ({0}).{1} Check that it is running and that the URL is right.", code, retried) };
  }
  if (code && (status === undefined || status === 500)) {
    return { ...base, status: undefined, kind: "network", message: l10n.t("The connection to fal was lost ({0}). Check your network or proxy and try again.", code === "network" ? (err.message ?? "") : code) };
  }
  switch (true) {
    case (status === 401 || status === 403) && context.viaProxy && !context.keySent:
      return {
        ...base,
        kind: "auth",
        message: l10n.t("The proxy (falRouter.proxyUrl) refused the request ({0}). No key was sent from VS Code, so the proxy must add one: fix the proxy's authentication, or store a key with \"fal Router: Set API Key\".", status ?? ""),
      };
    case status === 401 || status === 403:
      return { ...base, kind: "auth", message: l10n.t("fal rejected the API key ({0}). Run \"fal Router: Set API Key\" to enter a valid key.", status ?? "") };
    case status === 422: {
      const fields = fieldMessages(err.body);
      return { ...base, kind: "validation", fields, message: fields.length ? l10n.t("fal rejected the request as invalid (422): {0} Check the model id and settings.", fields.join("; ")) : l10n.t("fal rejected the request as invalid (422). Check the model id and settings.") };
    }
    case status === 404:
      return { ...base, kind: "notFound", message: serverText ? l10n.t("fal could not find the endpoint or request (404): {0}.", serverText) : l10n.t("fal could not find the endpoint or request (404).") };
    case status === 429:
      return { ...base, kind: "rateLimit", message: l10n.t("fal is rate limiting requests (429).{0} Wait a moment and try again.", retried) };
    case status !== undefined && status >= 500:
      return { ...base, kind: "server", message: serverText ? l10n.t("fal had a server error ({0}): {1}.{2} Try again shortly.", status ?? "", serverText, retried) : l10n.t("fal had a server error ({0}).{1} Try again shortly.", status ?? "", retried) };
    default:
      if (status !== undefined && serverText) return { ...base, kind: "unknown", message: l10n.t("The request failed ({0}): {1}", status, serverText) };
      return { ...base, kind: "unknown", message: serverText ? l10n.t("The request failed: {0}", serverText) : l10n.t("The request failed for an unknown reason.") };
  }
}

/** The failure with every occurrence of `key` (and of its secret half) in its texts replaced by a marker. */
export function withoutKey(failure: RouterFailure, key: string | undefined): RouterFailure {
  if (!key) return failure;
  return { ...failure, message: redact(failure.message, key), ...(failure.fields ? { fields: failure.fields.map((f) => redact(f, key)) } : {}) };
}

export function stalledFailure(seconds: number, requestId?: string): RouterFailure {
  return { kind: "stalled", requestId, message: l10n.t("No data from fal for {0} s; the stream was stopped. The partial answer is kept.", seconds) };
}

export function modelFailure(message: string, requestId?: string): RouterFailure {
  return { kind: "model", requestId, message: l10n.t("The model reported an error: {0}", message) };
}
