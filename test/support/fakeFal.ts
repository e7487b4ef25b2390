/**
 * A fake fal server: a real HTTP server on 127.0.0.1 (ephemeral port) that behaves like the
 * `openrouter/router` endpoint as described in shared/fal-router-protocol.md. Point the real
 * @fal-ai/client at it with `proxyUrl: {url: server.url, when: "always"}`; requests are routed by
 * the `x-fal-target-url` header the proxy middleware adds (or by path when called directly).
 *
 * Behaviour without a script: keys starting with "bad" (or none) get 401, model ids that are not
 * `vendor/name` or contain "unknown" get 422 with field messages, anything else gets a streamed
 * answer of cumulative snapshots ending with `partial: false` and `usage`.
 *
 * The vision variant (`openrouter/router/vision`, same paths below it) answers the same way and
 * requires `image_urls`. fal's storage is faked as `@fal-ai/client` 1.10 uses it (storage.js):
 * `POST https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3` with
 * `{content_type, file_name}` (through the proxy, with the key) answers `{upload_url, file_url}`;
 * the client then `PUT`s the bytes to `upload_url` directly, with only a `Content-Type`. Here
 * `upload_url` is this server, and `uploads` keeps what arrived by the `file_url` it stands for.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { TLSSocket } from "node:tls";

export interface Scenario {
  /** Reply with this HTTP status and JSON body instead of an answer. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Output pieces; each event's snapshot is the concatenation so far. */
  output?: string[];
  reasoning?: string[];
  usage?: Record<string, number> | null;
  /** Delay before the first event, and between events. */
  firstDelayMs?: number;
  delayMs?: number;
  /** After this many events: hang without closing / destroy the socket / send an in-band error. */
  stallAfter?: number;
  dropAfter?: number;
  errorAfter?: number;
  errorMessage?: string;
  /** Close the stream cleanly after this many events without the final `partial:false`. */
  endEarlyAfter?: number;
  /** Write each event in two TCP writes, split inside a multi-byte character where there is one. */
  splitMultibyte?: boolean;
  /** Stream mode: an event whose data is not JSON is sent before this index. */
  garbageAt?: number;
  /** Queue mode: positions reported by successive status polls before IN_PROGRESS. */
  queuePositions?: number[];
  /**
   * Reply with these bytes as they are (with `status`, default 200, and `contentType`, default
   * text/html): a non-JSON error body, a proxy's HTML error page, a proxy's empty 200.
   */
  rawBody?: string;
  contentType?: string;
  /** Stream mode: an event that is valid JSON of the wrong shape is sent before this index. */
  wrongShapeAt?: number;
  /**
   * Queue mode: the request is cancelled on fal's side (not by the client) once it starts: status
   * says COMPLETED and the result answers 400 "Request … was cancelled". fal does not document the
   * shape; this is a plausible one, enough to see that the extension says so and returns to idle.
   */
  cancelledOnServer?: boolean;
}

export interface Received {
  method: string;
  /** The fal URL the client meant (from x-fal-target-url, or this server's URL). */
  target: string;
  path: string;
  kind: "stream" | "run" | "submit" | "status" | "result" | "cancel" | "initiate" | "upload" | "other";
  /** Which app: the router or its vision variant. */
  endpoint?: "router" | "vision";
  authorization?: string;
  headers: http.IncomingHttpHeaders;
  body?: Record<string, unknown>;
  /** The raw bytes of an upload. */
  bytes?: Buffer;
  /** Set when the client closed the connection before the response finished. */
  clientClosed: boolean;
  requestId: string;
}

interface QueueEntry {
  id: string;
  scenario: Scenario;
  input: Record<string, unknown>;
  polls: number;
  cancelled: boolean;
}

export const DEFAULT_OUTPUT = [
  "## What it does\n\n",
  "The function adds two numbers ",
  "and returns the sum.\n\n",
  "```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\n\n",
  "- It is **pure**\n- It never throws\n",
];

export const DEFAULT_USAGE = { prompt_tokens: 40, completion_tokens: 227, total_tokens: 267, cost: 0.0005795 };

let counter = 0;
const newId = () => `req-${Date.now().toString(36)}-${(++counter).toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FakeFalServer {
  readonly received: Received[] = [];
  /** Files put to fal storage, by the `file_url` the client was given. */
  readonly uploads = new Map<string, { contentType?: string; fileName?: string; bytes: Buffer }>();
  private readonly pendingUploads = new Map<string, { fileUrl: string; fileName?: string }>();
  private server?: http.Server;
  private readonly scripted: Scenario[] = [];
  private fallback: Scenario = {};
  private readonly byModel = new Map<string, Scenario>();
  private readonly queue = new Map<string, QueueEntry>();
  private readonly open = new Set<http.ServerResponse>();
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (socket) => socket.setNoDelay(true));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  /** Serves a connection made elsewhere (a TLS tunnel opened by httpsProxy.ts) as if it had arrived here. */
  accept(socket: Socket): void {
    if (!this.server) throw new Error("start the fake fal server first");
    this.server.emit("connection", socket);
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next requests (one scenario each, in order) follow these scripts; then the default applies. */
  script(...scenarios: Scenario[]): void {
    this.scripted.push(...scenarios);
  }

  /** Requests for `model` follow this script, whatever their order (a comparison's requests race). */
  scriptModel(model: string, scenario: Scenario): void {
    this.byModel.set(model, scenario);
  }

  /** Drops every per-model script. */
  unscriptModels(): void {
    this.byModel.clear();
  }

  /** Scenario for every unscripted request. */
  setDefault(scenario: Scenario): void {
    this.fallback = scenario;
  }

  reset(): void {
    this.received.length = 0;
    this.uploads.clear();
    this.scripted.length = 0;
    this.fallback = {};
    this.byModel.clear();
  }

  /** Requests that carried a prompt (stream, run or queue submit). */
  get answered(): Received[] {
    return this.received.filter((r) => r.kind === "stream" || r.kind === "run" || r.kind === "submit");
  }

  /** Resolves once `predicate` holds for the received list, or rejects after `ms`. */
  async waitFor(predicate: (r: Received[]) => boolean, ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (!predicate(this.received)) {
      if (Date.now() > until) throw new Error(`fake fal: condition not met in ${ms} ms; received ${this.received.map((r) => r.kind).join(",")}`);
      await sleep(10);
    }
  }

  /**
   * OpenRouter's public model list (`GET /api/v1/models`, no key), served when set; 404 otherwise.
   * Lives here so one local server stands in for everything the extension reaches.
   */
  catalogBody?: unknown;
  readonly catalogRequests: http.IncomingHttpHeaders[] = [];

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!req.headers["x-fal-target-url"] && req.method === "GET" && req.url === "/api/v1/models") {
      this.catalogRequests.push(req.headers);
      res.writeHead(this.catalogBody === undefined ? 404 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(this.catalogBody ?? { error: "not found" }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString("utf8");
    // Through the proxy middleware the target is a header; through an HTTPS proxy (httpsProxy.ts) it is the TLS connection's host.
    const direct = req.socket instanceof TLSSocket ? `https://${req.headers.host}${req.url}` : new URL(req.url ?? "/", this.url).toString();
    const target = String(req.headers["x-fal-target-url"] ?? direct);
    const url = new URL(target);
    const path = url.pathname.replace(/\/+$/, "");
    const isQueueHost = url.hostname.startsWith("queue.");
    let kind: Received["kind"] = "other";
    const m = /^\/openrouter\/router(\/vision)?(\/stream)?(?:\/requests\/([^/]+)(\/status|\/cancel)?)?$/.exec(path);
    if (m) {
      if (m[3]) kind = m[4] === "/status" ? "status" : m[4] === "/cancel" ? "cancel" : "result";
      else if (m[2]) kind = "stream";
      else kind = isQueueHost ? "submit" : "run";
    } else if (url.hostname === "rest.fal.ai" && path === "/storage/upload/initiate" && req.method === "POST") kind = "initiate";
    else if (req.method === "PUT" && path.startsWith("/upload/") && !req.headers["x-fal-target-url"]) kind = "upload";
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const requestId = m?.[3] ?? newId();
    const rec: Received = {
      method: req.method ?? "GET",
      target,
      path,
      kind,
      authorization: req.headers.authorization,
      headers: req.headers,
      body,
      bytes: kind === "upload" ? bytes : undefined,
      endpoint: m ? (m[1] ? "vision" : "router") : undefined,
      clientClosed: false,
      requestId,
    };
    this.received.push(rec);
    this.open.add(res);
    res.on("close", () => {
      this.open.delete(res);
      if (!res.writableFinished) rec.clientClosed = true;
    });
    res.setHeader("x-fal-request-id", requestId);

    if (kind === "other") return this.json(res, 404, { detail: `Application not found: ${path}` });
    if (kind === "initiate") return this.initiate(rec, res);
    if (kind === "upload") return this.upload(rec, res);
    if (kind === "status" || kind === "result" || kind === "cancel") return this.queueFollowUp(kind, requestId, res);

    const scenario = this.byModel.get(String(body?.model)) ?? this.scripted.shift() ?? this.fallback;
    if (scenario.rawBody !== undefined && kind !== "submit") {
      res.writeHead(scenario.status ?? 200, { "content-type": scenario.contentType ?? "text/html" });
      res.end(scenario.rawBody);
      return;
    }
    const denied = this.check(rec, body, scenario);
    if (denied) return this.json(res, denied.status, denied.body, denied.headers);

    if (kind === "stream") return this.stream(res, scenario, rec);
    if (kind === "run") return this.json(res, 200, finalPayload(scenario));
    // queue submit
    this.queue.set(requestId, { id: requestId, scenario, input: body ?? {}, polls: 0, cancelled: false });
    const base = `https://queue.fal.run/openrouter/router/requests/${requestId}`;
    return this.json(res, 200, {
      status: "IN_QUEUE",
      request_id: requestId,
      response_url: base,
      status_url: `${base}/status`,
      cancel_url: `${base}/cancel`,
      queue_position: scenario.queuePositions?.[0] ?? 0,
    });
  }

  /** Auth, input validation and scripted HTTP errors, as fal answers them. */
  private check(rec: Received, body: Record<string, unknown> | undefined, s: Scenario): { status: number; body: unknown; headers?: Record<string, string> } | undefined {
    if (s.status && s.status >= 400) return { status: s.status, body: s.body ?? { detail: `scripted ${s.status}` }, headers: s.headers };
    const auth = rec.authorization ?? "";
    if (!/^Key \S+:\S+$/.test(auth)) return { status: 401, body: { detail: "No valid authorization header" } };
    if (/^Key bad/i.test(auth)) return { status: 401, body: { detail: "Invalid key" } };
    const detail: { loc: string[]; msg: string; type: string }[] = [];
    if (typeof body?.prompt !== "string") detail.push({ loc: ["body", "prompt"], msg: "field required", type: "value_error.missing" });
    const model = body?.model;
    if (typeof model !== "string") detail.push({ loc: ["body", "model"], msg: "field required", type: "value_error.missing" });
    else if (!/^[\w.-]+\/[\w.:-]+$/.test(model) || model.includes("unknown")) {
      detail.push({ loc: ["body", "model"], msg: `Model '${model}' is not a valid OpenRouter model`, type: "value_error" });
    }
    if (rec.endpoint === "vision") {
      const urls = body?.image_urls;
      if (!Array.isArray(urls) || urls.length === 0) detail.push({ loc: ["body", "image_urls"], msg: "field required", type: "value_error.missing" });
      else if (urls.some((u) => typeof u !== "string" || !/^(https?:|data:image\/)/.test(u))) detail.push({ loc: ["body", "image_urls"], msg: "invalid or missing URL scheme", type: "value_error.url" });
    }
    const t = body?.temperature;
    if (t !== undefined && (typeof t !== "number" || t < 0 || t > 2)) detail.push({ loc: ["body", "temperature"], msg: "ensure this value is between 0 and 2", type: "value_error" });
    if (detail.length) return { status: 422, body: { detail } };
    return undefined;
  }

  /**
   * The bytes of one event. A scenario streamed without delay is a benchmark's: its events are
   * encoded once and reused, so the server is never slower than the client it measures.
   */
  private readonly encoded = new WeakMap<Scenario, Map<string, Buffer>>();
  private encode(s: Scenario, body: unknown, i: number, event: Record<string, unknown>): Buffer {
    if (s.delayMs !== 0 || event.error) return Buffer.from(`data: ${JSON.stringify(event)}\n\n`, "utf8");
    let cache = this.encoded.get(s);
    if (!cache) this.encoded.set(s, (cache = new Map()));
    const key = `${JSON.stringify(body ?? null)}#${i}`;
    let bytes = cache.get(key);
    if (!bytes) cache.set(key, (bytes = Buffer.from(`data: ${JSON.stringify(event)}\n\n`, "utf8")));
    return bytes;
  }

  private async stream(res: http.ServerResponse, s: Scenario, rec: Received): Promise<void> {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    const events = snapshots(s, rec.body);
    await sleep(s.firstDelayMs ?? 0);
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      if (s.stallAfter !== undefined && i === s.stallAfter) return; // hang: never write, never close
      if (s.dropAfter !== undefined && i === s.dropAfter) {
        res.socket?.destroy();
        return;
      }
      if (s.endEarlyAfter !== undefined && i === s.endEarlyAfter) {
        res.end();
        return;
      }
      if (s.garbageAt === i) res.write("data: {not json\n\n");
      if (s.wrongShapeAt === i) res.write('data: {"choices":[{"delta":{"content":"x"}}]}\n\n');
      let event: Record<string, unknown> = events[i];
      if (s.errorAfter !== undefined && i === s.errorAfter) event = { ...events[Math.max(0, i - 1)], partial: true, error: s.errorMessage ?? "Upstream provider error" };
      const bytes = this.encode(s, rec.body, i, event);
      if (s.splitMultibyte && event.partial) {
        const cut = multibyteCut(bytes);
        res.write(bytes.subarray(0, cut));
        await sleep(25);
        res.write(bytes.subarray(cut));
      } else if (!res.write(bytes) && s.delayMs === 0) {
        // As fast as the client reads: wait for the socket, not a timer.
        await new Promise((r) => res.once("drain", r));
      }
      if (event.error) {
        res.end();
        return;
      }
      if (i < events.length - 1 && s.delayMs !== 0) await sleep(s.delayMs ?? 5);
    }
    res.end();
  }

  /** `storage/upload/initiate`: needs the key, as fal's REST API does; answers where to put the bytes. */
  private initiate(rec: Received, res: http.ServerResponse): void {
    if (!/^Key \S+:\S+$/.test(rec.authorization ?? "") || /^Key bad/i.test(rec.authorization ?? "")) return this.json(res, 401, { detail: "Invalid key" });
    const contentType = typeof rec.body?.content_type === "string" ? rec.body.content_type : undefined;
    const fileName = typeof rec.body?.file_name === "string" ? rec.body.file_name : "file.bin";
    if (!contentType) return this.json(res, 422, { detail: [{ loc: ["body", "content_type"], msg: "field required", type: "value_error.missing" }] });
    const id = newId();
    const fileUrl = `https://v3.fal.media/files/fake/${id}/${encodeURIComponent(fileName)}`;
    this.pendingUploads.set(id, { fileUrl, fileName });
    return this.json(res, 200, { upload_url: `${this.url}upload/${id}`, file_url: fileUrl });
  }

  /** The signed upload URL: takes the bytes once. */
  private upload(rec: Received, res: http.ServerResponse): void {
    const id = rec.path.slice("/upload/".length);
    const pending = this.pendingUploads.get(id);
    if (!pending) return this.json(res, 404, { detail: "No such upload" });
    this.pendingUploads.delete(id);
    this.uploads.set(pending.fileUrl, { contentType: rec.headers["content-type"], fileName: pending.fileName, bytes: rec.bytes ?? Buffer.alloc(0) });
    res.writeHead(200).end();
  }

  private queueFollowUp(kind: "status" | "result" | "cancel", id: string, res: http.ServerResponse): void {
    const entry = this.queue.get(id);
    if (!entry) return this.json(res, 404, { detail: `Request ${id} not found` });
    const base = `https://queue.fal.run/openrouter/router/requests/${id}`;
    const urls = { request_id: id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
    if (kind === "cancel") {
      entry.cancelled = true;
      return this.json(res, 202, { status: "CANCELLATION_REQUESTED" });
    }
    if (kind === "status") {
      const positions = entry.scenario.queuePositions ?? [];
      const poll = entry.polls++;
      if (poll < positions.length) return this.json(res, 200, { status: "IN_QUEUE", queue_position: positions[poll], ...urls });
      if (poll === positions.length) return this.json(res, 200, { status: "IN_PROGRESS", logs: [], ...urls });
      return this.json(res, 200, { status: "COMPLETED", logs: [], metrics: { inference_time: 0.42 }, ...urls });
    }
    if (entry.scenario.cancelledOnServer) return this.json(res, 400, { detail: `Request ${id} was cancelled` });
    return this.json(res, 200, finalPayload(entry.scenario, entry.input));
  }

  private json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }
}

function pieces(s: Scenario, body?: Record<string, unknown>): { out: string[]; rsn: string[] } {
  const out = s.output ?? DEFAULT_OUTPUT;
  const wantsReasoning = body?.reasoning === true;
  const rsn = s.reasoning ?? (wantsReasoning ? ["Reading the code. ", "It is an addition."] : []);
  return { out, rsn };
}

/** Cumulative snapshots: reasoning first, then output; the last has partial:false and usage. */
function snapshots(s: Scenario, body?: Record<string, unknown>): Record<string, unknown>[] {
  const { out, rsn } = pieces(s, body);
  const events: Record<string, unknown>[] = [];
  let reasoning = "";
  let output = "";
  for (const r of rsn) {
    reasoning += r;
    events.push({ output, reasoning, partial: true });
  }
  for (const o of out) {
    output += o;
    events.push({ output, reasoning, partial: true });
  }
  const last = finalPayload(s, body);
  events.push(last);
  return events;
}

function finalPayload(s: Scenario, body?: Record<string, unknown>): Record<string, unknown> {
  const { out, rsn } = pieces(s, body);
  const final: Record<string, unknown> = { output: out.join(""), partial: false };
  if (rsn.length) final.reasoning = rsn.join("");
  if (s.usage !== null) final.usage = s.usage ?? DEFAULT_USAGE;
  return final;
}

/**
 * A byte offset inside the last multi-byte UTF-8 sequence (the newest character, as a network
 * chunk boundary would hit it), or the middle when there is none. Final events are never split,
 * so, as on the wire, a later snapshot always carries the character intact.
 */
function multibyteCut(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] >= 0xc0) return i + 1;
  }
  return Math.floor(bytes.length / 2);
}
