import type { FalClient } from "@fal-ai/client";
import { classifyError, modelFailure, stalledFailure, withoutKey, type FailureContext } from "./errors";
import { DEFAULT_QUEUE_RETRY, retryingFetch, type RetryPolicy } from "./queueRetry";
import { DEFAULT_INLINE_MAX_KB, imageUrls } from "./images";
import { falClient, openRouterStream, readRouterEvents, requestIdOf, streamUrlFor, type StreamConnection } from "./routerStream";
import { parsePayload, SnapshotDiffer } from "./snapshots";
import {
  ROUTER_ENDPOINT,
  VISION_ENDPOINT,
  silentLogger,
  type Logger,
  type RouterEvent,
  type RouterFailure,
  type RouterRequest,
  type RunMode,
  type RunResult,
  type Usage,
} from "./types";
import * as l10n from "@vscode/l10n";

export interface GatewayOptions {
  /** `id:secret`; may be undefined when a proxy adds the key server-side. */
  readonly credentials?: string;
  /** Sent as `{url, when: "always"}`: every request goes there with `x-fal-target-url`. */
  readonly proxyUrl?: string;
  /** No data for this long aborts the stream (the client's own timeout never fires). */
  readonly stallTimeoutMs: number;
  /** Queue polling interval; the client's default is 500 ms. */
  readonly pollIntervalMs?: number;
  /** Retries of queue calls (ours, not the client's; tests shorten the delays). */
  readonly retry?: Partial<RetryPolicy>;
  /** Images up to this size go inline as data URIs; larger ones are uploaded to fal's storage. */
  readonly inlineImageMaxBytes?: number;
  readonly logger?: Logger;
}

export interface RunOptions {
  readonly mode: RunMode;
  readonly signal?: AbortSignal;
  readonly onEvent: (event: RouterEvent) => void;
}

/** The endpoint a request goes to: the vision variant when it has images. */
export function endpointFor(req: RouterRequest): string {
  return req.images?.length ? VISION_ENDPOINT : ROUTER_ENDPOINT;
}

/** The router's input JSON, built from a request (`imageUrls`: its images, resolved). Only documented fields are sent. */
export function toRouterInput(req: RouterRequest, imageUrls?: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = { prompt: req.prompt, model: req.model };
  if (imageUrls?.length) input.image_urls = [...imageUrls];
  if (req.systemPrompt) input.system_prompt = req.systemPrompt;
  if (req.reasoning !== undefined) input.reasoning = req.reasoning;
  if (req.temperature !== undefined) input.temperature = req.temperature;
  if (req.maxTokens !== undefined) input.max_tokens = req.maxTokens;
  return input;
}

/**
 * One connection per configuration; `run` sends one request and reports typed events.
 * Streams are read with `fetch` and a linear-time SSE parser (routerStream.ts); the queue goes
 * through `@fal-ai/client`. Both use the same `fetch`, with our retries.
 */
export class RouterGateway {
  /** The queue (and, later, storage), created on first use. Streams are read by `routerStream.ts`. */
  private clientPromise?: Promise<FalClient>;
  private readonly connection: StreamConnection;
  private readonly log: Logger;
  /** Queue runs by their abort signal, so a retry is reported to the run it belongs to. */
  private readonly retrying = new WeakMap<AbortSignal, Run>();
  private readonly rearm = new WeakMap<AbortSignal, (waitMs: number) => void>();
  private readonly context: FailureContext;

  constructor(private readonly options: GatewayOptions) {
    this.log = options.logger ?? silentLogger;
    this.context = { viaProxy: Boolean(options.proxyUrl), keySent: Boolean(options.credentials) };
    const policy = { ...DEFAULT_QUEUE_RETRY, ...options.retry };
    const fetch = retryingFetch(policy, (signal, notice) => {
      this.log.warn(`fal call ${notice.status ?? "network failure"}; retry ${notice.attempt}/${notice.maxRetries} in ${Math.round(notice.delayMs)} ms`);
      if (signal) this.retrying.get(signal)?.emit({ type: "retrying", ...notice });
      // Waiting to retry is not a stalled stream: the watchdog counts from the next attempt.
      if (signal) this.rearm.get(signal)?.(notice.delayMs);
    });
    this.connection = { credentials: options.credentials, proxyUrl: options.proxyUrl, fetch };
  }

  /** A server (or a proxy) may repeat the key it was sent in an error body: never pass it on. */
  private failure(error: RouterFailure): RouterFailure {
    return withoutKey(error, this.options.credentials);
  }

  private client(): Promise<FalClient> {
    const { credentials, proxyUrl } = this.options;
    const { fetch } = this.connection;
    this.clientPromise ??= falClient().then(({ createFalClient }) =>
      createFalClient({
        // A function, so the client never falls back to process.env on its own.
        credentials: () => credentials ?? "",
        proxyUrl: proxyUrl ? { url: proxyUrl, when: "always" } : undefined,
        fetch,
      }),
    );
    return this.clientPromise;
  }

  /** The request's input, its images resolved: inline when small, uploaded to fal's storage when large. */
  private async input(request: RouterRequest): Promise<Record<string, unknown>> {
    if (!request.images?.length) return toRouterInput(request);
    const inline = this.options.inlineImageMaxBytes ?? DEFAULT_INLINE_MAX_KB * 1024;
    const urls = await imageUrls(request.images, inline, async (image) => {
      const client = await this.client();
      const url = await client.storage.upload(new Blob([new Uint8Array(image.data)], { type: image.mimeType }));
      this.log.info(`uploaded an image (${image.data.byteLength} bytes) to fal storage`);
      return url;
    });
    return toRouterInput(request, urls);
  }

  run(request: RouterRequest, opts: RunOptions): Promise<RunResult> {
    const run = new Run(opts, this.log);
    this.log.info(`request model=${request.model} mode=${opts.mode} promptChars=${request.prompt.length}${request.images?.length ? ` images=${request.images.length}` : ""}`);
    if (opts.signal?.aborted) return Promise.resolve(run.finish({ type: "cancelled" }));
    const work = opts.mode === "queue" ? this.runQueue(request, run, opts.signal) : this.runStream(request, run, opts.signal);
    return work.catch((err: unknown) => run.finish({ type: "error", error: this.failure(classifyError(err, run.requestId, this.context)) }));
  }

  private async runStream(request: RouterRequest, run: Run, signal?: AbortSignal): Promise<RunResult> {
    const controller = new AbortController();
    return new Promise<RunResult>((resolve) => {
      let settled = false;
      const settle = (terminal: Parameters<Run["finish"]>[0]) => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        signal?.removeEventListener("abort", onAbort);
        // Closes the connection whatever the outcome (after the final event there is nothing more to read).
        controller.abort();
        resolve(run.finish(terminal));
      };
      const stallMs = this.options.stallTimeoutMs;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const arm = (waitMs = 0) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          this.log.warn(`stream stalled after ${stallMs} ms without data; aborting`);
          settle({ type: "error", error: stalledFailure(Math.round(stallMs / 1000), run.requestId) });
        }, stallMs + waitMs);
      };
      const onAbort = () => settle({ type: "cancelled" });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.retrying.set(controller.signal, run);
      this.rearm.set(controller.signal, arm);
      // An upload of a large image is not a stalled stream: the watchdog starts once the input is ready.
      if (!request.images?.length) arm();
      let foreignSeen = false;
      const onData = (data: unknown) => {
        if (settled) return;
        arm();
        const payload = parsePayload(data);
        if (payload.foreign) {
          // Skipped, not fatal: the next snapshot repeats the whole answer anyway (the watchdog still runs).
          if (!foreignSeen) this.log.warn("the stream sent an event that is not the router's (no output, error or partial); skipped");
          foreignSeen = true;
          return;
        }
        run.snapshot(payload.output, payload.reasoning);
        if (payload.usage) run.setUsage(payload.usage);
        if (payload.error) settle({ type: "error", error: this.failure(modelFailure(payload.error, run.requestId)) });
        else if (!payload.partial) settle({ type: "done" });
      };
      const read = async () => {
        const input = await this.input(request);
        if (settled) return;
        arm();
        const response = await openRouterStream(this.connection, input, controller.signal, streamUrlFor(endpointFor(request)));
        run.requestId = requestIdOf(response);
        arm();
        await readRouterEvents(response, onData, controller.signal);
        // The connection closed. A complete answer ends with `partial: false`, handled above.
        settle({
          type: "error",
          error: { kind: "network", requestId: run.requestId, message: l10n.t("The stream from fal ended before the answer was complete. The partial answer is kept.") },
        });
      };
      read().catch((err: unknown) => {
        if (!settled) settle({ type: "error", error: this.failure(classifyError(err, run.requestId, this.context)) });
      });
    });
  }

  private async runQueue(request: RouterRequest, run: Run, signal?: AbortSignal): Promise<RunResult> {
    const client = await this.client();
    const controller = new AbortController();
    this.retrying.set(controller.signal, run);
    const cancelled = new Promise<"cancelled">((resolve) => {
      const onAbort = () => {
        controller.abort();
        if (run.requestId) {
          client.queue.cancel(endpointFor(request), { requestId: run.requestId }).catch((e: unknown) => this.log.debug(`queue cancel failed: ${String(e)}`));
        }
        resolve("cancelled");
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    const endpoint = endpointFor(request);
    const input = await this.input(request);
    const work = client.subscribe(endpoint, {
      input: input as never,
      mode: "polling",
      pollInterval: this.options.pollIntervalMs ?? 500,
      abortSignal: controller.signal,
      onEnqueue: (id: string) => {
        run.requestId = id;
        this.log.info(`queued request ${id}`);
      },
      onQueueUpdate: (update: { status: string; queue_position?: number }) => {
        if (update.status === "IN_QUEUE") run.emit({ type: "queued", position: update.queue_position });
        else run.start();
      },
    });
    const outcome = await Promise.race([work, cancelled]);
    if (outcome === "cancelled") return run.finish({ type: "cancelled" });
    run.requestId = outcome.requestId || run.requestId;
    const payload = parsePayload(outcome.data);
    if (payload.foreign) {
      const message = l10n.t("fal answered with something that is not the router's result, so there is no answer to show. Try again; if it repeats, check falRouter.proxyUrl.");
      return run.finish({ type: "error", error: { kind: "unknown", requestId: run.requestId, message } });
    }
    run.snapshot(payload.output, payload.reasoning);
    if (payload.usage) run.setUsage(payload.usage);
    if (payload.error) return run.finish({ type: "error", error: this.failure(modelFailure(payload.error, run.requestId)) });
    return run.finish({ type: "done" });
  }
}

/** State of one run: turns snapshots into events and remembers what a result needs. */
class Run {
  requestId?: string;
  private readonly differ = new SnapshotDiffer();
  private readonly startedAt = Date.now();
  private firstTokenAt?: number;
  private started = false;
  private usage?: Usage;
  private finished?: RunResult;

  constructor(private readonly opts: RunOptions, private readonly log: Logger) {}

  emit(event: RouterEvent): void {
    if (this.finished) return;
    try {
      this.opts.onEvent(event);
    } catch (e) {
      this.log.error(`event listener failed: ${String(e)}`);
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.emit({ type: "started", requestId: this.requestId });
  }

  snapshot(output: string, reasoning: string): void {
    this.start();
    const events = this.differ.next(output, reasoning);
    if (events.length > 0 && this.firstTokenAt === undefined && (output || reasoning)) this.firstTokenAt = Date.now();
    for (const e of events) this.emit(e);
  }

  setUsage(usage: Usage): void {
    this.usage = usage;
    this.emit({ type: "usage", usage });
  }

  finish(terminal: { type: "done" } | { type: "cancelled" } | { type: "error"; error: RouterFailure }): RunResult {
    if (this.finished) return this.finished;
    const event: RouterEvent = terminal.type === "error" ? terminal : { type: terminal.type, requestId: this.requestId };
    this.emit(event);
    const { output, reasoning } = this.differ.text;
    const error = terminal.type === "error" ? { ...terminal.error, requestId: terminal.error.requestId ?? this.requestId } : undefined;
    this.finished = {
      outcome: terminal.type,
      output,
      reasoning,
      usage: this.usage,
      requestId: this.requestId ?? error?.requestId,
      error,
      firstTokenMs: this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.startedAt,
      totalMs: Date.now() - this.startedAt,
    };
    this.log.info(`request ${this.requestId ?? "-"} ${terminal.type}${error ? ` (${error.kind}${error.status ? ` ${error.status}` : ""})` : ""} in ${this.finished.totalMs} ms`);
    return this.finished;
  }
}
