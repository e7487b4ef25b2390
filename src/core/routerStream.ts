import type { ApiError } from "@fal-ai/client";
import { createParser } from "eventsource-parser";
import { ROUTER_ENDPOINT } from "./types";

/**
 * The router's `/stream` endpoint, read with `fetch` and eventsource-parser 4 (a maintained,
 * linear-time SSE parser) instead of `client.stream()`.
 *
 * Why: the client's stream parses with eventsource-parser 1.1.2, which scans its whole buffer again
 * for every line. Every router event repeats the whole answer, so that cost several times the
 * bytes on the wire (2.9× a raw `fetch` + simple parser for 2,000 events, BENCHMARKS.md). It also
 * decodes each network chunk without `stream: true`, turning a split multi-byte character into
 * U+FFFD for one event.
 *
 * What is kept from the client, so nothing else can tell the difference:
 * - the URL it builds (`https://fal.run/openrouter/router/stream`);
 * - its auth (`Authorization: Key <id:secret>` only when credentials are set);
 * - its proxy convention (`proxyUrl` with `when: "always"`: POST to the proxy with `x-fal-target-url`);
 * - its errors (`ApiError`, and `ValidationError` for a 422, built as its default response handler
 *   does), so `classifyError` is unchanged;
 * - the `fetch` the gateway gives the client, so network failures before any response are retried
 *   the same way as queue calls (and reported as "retrying").
 * The queue, and storage, still go through `@fal-ai/client`.
 */

export const STREAM_URL = `https://fal.run/${ROUTER_ENDPOINT}/stream`;
/** The stream URL the client builds for `endpoint`. */
export const streamUrlFor = (endpoint: string): string => `https://fal.run/${endpoint}/stream`;
const USER_AGENT = "fal-router-vscode";

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface StreamConnection {
  /** `id:secret`; undefined when a proxy adds the key server-side. */
  readonly credentials?: string;
  readonly proxyUrl?: string;
  readonly fetch: Fetch;
}

/** POSTs the input; resolves with the open event stream, or throws the client's error types. */
export async function openRouterStream(conn: StreamConnection, input: unknown, signal: AbortSignal, target = STREAM_URL): Promise<Response> {
  const headers: Record<string, string> = {
    accept: "text/event-stream",
    "content-type": "application/json",
    "user-agent": USER_AGENT,
  };
  if (conn.credentials) headers.authorization = `Key ${conn.credentials}`;
  let url = target;
  if (conn.proxyUrl) {
    url = conn.proxyUrl;
    headers["x-fal-target-url"] = target;
  }
  const response = await conn.fetch(url, { method: "POST", headers, body: JSON.stringify(input), signal });
  if (!response.ok) throw await responseError(response);
  if (!response.body) {
    const { ApiError } = await falClient();
    throw new ApiError({ message: "Response body is empty.", status: 400, body: undefined, requestId: requestIdOf(response) });
  }
  return response;
}

export function requestIdOf(response: Response): string | undefined {
  return response.headers.get("x-fal-request-id") ?? undefined;
}

/**
 * `@fal-ai/client`, loaded when first needed (a failed response, the queue): evaluating it and its
 * dependencies is not paid at activation, nor by a stream that succeeds.
 */
export function falClient(): Promise<typeof import("@fal-ai/client")> {
  // A synchronous require made lazy (not `import()`): the bundle maps it to dist/fal-client.js
  // (esbuild.mjs), and a CommonJS require behaves the same in every extension host.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Promise.resolve().then(() => require("@fal-ai/client") as typeof import("@fal-ai/client"));
}

/** The error the client's default response handler throws for a failed response. */
async function responseError(response: Response): Promise<ApiError<unknown>> {
  const { ApiError, ValidationError } = await falClient();
  const { status, statusText } = response;
  const requestId = requestIdOf(response);
  const timeoutType = response.headers.get("x-fal-request-timeout-type") ?? undefined;
  const text = await response.text().catch(() => "");
  if ((response.headers.get("content-type") ?? "").includes("application/json")) {
    let body: { message?: string } | undefined;
    try {
      body = JSON.parse(text) as { message?: string };
    } catch {
      body = undefined;
    }
    const ErrorType = status === 422 ? ValidationError : ApiError;
    return new ErrorType({ message: body?.message || statusText, status, body, requestId, timeoutType });
  }
  return new ApiError({ message: `HTTP ${status}: ${statusText}`, status, body: text || undefined, requestId, timeoutType });
}

/**
 * Reads the event stream to its end, calling `onData` with each event's JSON, parsed once.
 * Resolves when the server closes the stream; rejects on a network failure, an abort, or an
 * event that is not JSON.
 *
 * Bytes are handed to the parser in whole lines: everything up to the last line feed of what has
 * arrived is decoded and fed, the rest waits as bytes. The parser then never holds a partial line
 * to join with the next chunk, and each byte is decoded once. Decoding is streaming, so a
 * multi-byte character split across network chunks arrives whole.
 */
/**
 * `signal`: stop reading and cancel the body, so the connection closes (and fal stops generating)
 * whatever a host's `fetch` does with an abort once the response has arrived (VS Code's extension
 * host patches `fetch` for proxy support).
 */
export async function readRouterEvents(response: Response, onData: (data: unknown) => void, signal?: AbortSignal): Promise<void> {
  const decoder = new TextDecoder();
  let failure: unknown;
  const parser = createParser({
    onEvent: (event) => {
      if (failure !== undefined) return;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        failure = new Error(`fal sent a stream event that is not JSON (${event.data.length} characters)`);
        return;
      }
      onData(data);
    },
  });
  const waiting: Uint8Array[] = [];
  const decodeWaiting = (): string => {
    let text = "";
    for (const part of waiting) text += decoder.decode(part, { stream: true });
    waiting.length = 0;
    return text;
  };
  const reader = response.body!.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  if (signal?.aborted) cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const lf = value.lastIndexOf(10);
      if (lf < 0) {
        waiting.push(value);
        continue;
      }
      waiting.push(value.subarray(0, lf + 1));
      parser.feed(decodeWaiting());
      if (lf + 1 < value.length) waiting.push(value.subarray(lf + 1));
      if (failure !== undefined) throw failure;
    }
    parser.feed(decodeWaiting() + decoder.decode());
    if (failure !== undefined) throw failure;
  } finally {
    signal?.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}
