import * as assert from "node:assert/strict";
import { RouterGateway, type GatewayOptions } from "../../src/core/routerGateway";
import type { RouterEvent, RouterRequest } from "../../src/core/types";
import { DEFAULT_USAGE, FakeFalServer } from "../support/fakeFal";

const KEY = "test-key-id:test-key-secret-123";
const REQ: RouterRequest = { model: "google/gemini-2.5-flash", prompt: "Explain x", systemPrompt: "You are terse.", temperature: 0.3, maxTokens: 500, reasoning: false };

describe("RouterGateway with the real @fal-ai/client against a fake fal server", () => {
  let server: FakeFalServer;
  beforeEach(async () => {
    server = await new FakeFalServer().start();
  });
  afterEach(async () => {
    await server.stop();
  });

  function gateway(extra: Partial<GatewayOptions> = {}) {
    return new RouterGateway({ credentials: KEY, proxyUrl: server.url, stallTimeoutMs: 2000, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra });
  }
  function collect() {
    const events: RouterEvent[] = [];
    return { events, onEvent: (e: RouterEvent) => events.push(e) };
  }
  const outputOf = (events: RouterEvent[]) =>
    events.reduce((acc, e) => (e.type === "output" ? acc + e.delta : e.type === "reset" ? e.output : acc), "");

  it("streams deltas whose concatenation is the answer, and sends the documented input with the key", async () => {
    server.script({ output: ["Hello", ", ", "world", "!"] });
    const { events, onEvent } = collect();
    const result = await gateway().run(REQ, { mode: "stream", onEvent });
    assert.equal(result.outcome, "done");
    assert.equal(result.output, "Hello, world!");
    assert.deepEqual(events.filter((e) => e.type === "output").map((e) => (e as { delta: string }).delta), ["Hello", ", ", "world", "!"]);
    assert.equal(outputOf(events), "Hello, world!");
    assert.equal(events.at(-1)?.type, "done");
    assert.equal(events.filter((e) => e.type === "done" || e.type === "error" || e.type === "cancelled").length, 1);
    assert.equal(result.usage?.cost, DEFAULT_USAGE.cost);
    assert.equal(result.usage?.totalTokens, 267);
    const [rec] = server.answered;
    assert.equal(rec.kind, "stream");
    assert.equal(rec.target, "https://fal.run/openrouter/router/stream");
    assert.equal(rec.authorization, `Key ${KEY}`);
    assert.match(String(rec.headers.accept), /text\/event-stream/);
    assert.deepEqual(rec.body, { prompt: "Explain x", model: "google/gemini-2.5-flash", system_prompt: "You are terse.", reasoning: false, temperature: 0.3, max_tokens: 500 });
    assert.ok(result.requestId && result.requestId === rec.requestId, "request id comes from x-fal-request-id");
    assert.ok(result.firstTokenMs !== undefined && result.firstTokenMs <= result.totalMs);
  });

  it("sends images to the vision endpoint: a small one inline, a large one uploaded to fal storage first, as the client does it", async () => {
    const small = new Uint8Array(100).fill(1);
    const large = new Uint8Array(3000).fill(2);
    const { onEvent } = collect();
    const images = [{ kind: "bytes" as const, mimeType: "image/png", data: small }, { kind: "bytes" as const, mimeType: "image/jpeg", data: large }, { kind: "url" as const, url: "https://example.com/c.webp" }];
    const result = await gateway({ inlineImageMaxBytes: 1024 }).run({ ...REQ, images }, { mode: "stream", onEvent });
    assert.equal(result.outcome, "done");
    const [initiate] = server.received.filter((r) => r.kind === "initiate");
    assert.equal(initiate.target, "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3");
    assert.equal(initiate.authorization, `Key ${KEY}`, "initiating an upload needs the key");
    assert.equal(initiate.body?.content_type, "image/jpeg");
    const [put] = server.received.filter((r) => r.kind === "upload");
    assert.equal(put.method, "PUT");
    assert.equal(put.authorization, undefined, "the signed upload URL never gets the key");
    assert.equal(put.bytes?.length, 3000);
    const [fileUrl] = [...server.uploads.keys()];
    assert.deepEqual([...server.uploads.get(fileUrl)!.bytes], [...large]);
    const [rec] = server.answered;
    assert.equal(rec.target, "https://fal.run/openrouter/router/vision/stream");
    assert.equal(rec.endpoint, "vision");
    assert.deepEqual(rec.body?.image_urls, [`data:image/png;base64,${Buffer.from(small).toString("base64")}`, fileUrl, "https://example.com/c.webp"]);
    assert.equal(rec.body?.prompt, "Explain x");
  });

  it("reports a failed upload as the request's error, and sends no request", async () => {
    const { onEvent } = collect();
    const result = await new RouterGateway({ credentials: "bad:key", proxyUrl: server.url, stallTimeoutMs: 2000, inlineImageMaxBytes: 0 }).run({ ...REQ, images: [{ kind: "bytes", mimeType: "image/png", data: new Uint8Array(10) }] }, { mode: "stream", onEvent });
    assert.equal(result.outcome, "error");
    assert.equal(result.error?.kind, "auth");
    assert.equal(server.answered.length, 0);
  });

  it("streams reasoning separately from the output", async () => {
    const { events, onEvent } = collect();
    const result = await gateway().run({ ...REQ, reasoning: true }, { mode: "stream", onEvent });
    assert.equal(result.reasoning, "Reading the code. It is an addition.");
    assert.deepEqual(events.filter((e) => e.type === "reasoning").map((e) => (e as { delta: string }).delta), ["Reading the code. ", "It is an addition."]);
    assert.ok(!result.output.includes("Reading the code"));
  });

  it("never falls back to the FAL_KEY environment variable by itself", async () => {
    const saved = process.env.FAL_KEY;
    process.env.FAL_KEY = "env-key:env-secret-value";
    try {
      const result = await gateway({ credentials: undefined }).run(REQ, { mode: "stream", onEvent: () => {} });
      assert.equal(server.answered[0].authorization, undefined);
      assert.equal(result.error?.kind, "auth");
    } finally {
      if (saved === undefined) delete process.env.FAL_KEY;
      else process.env.FAL_KEY = saved;
    }
  });

  it("reports a bad key as an auth failure with the request id", async () => {
    const result = await gateway({ credentials: "bad-key:0000000000" }).run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.outcome, "error");
    assert.equal(result.error?.kind, "auth");
    assert.equal(result.error?.status, 401);
    assert.match(result.error!.message, /Set API Key/);
    assert.equal(result.error?.requestId, server.answered[0].requestId);
  });

  it("shows the field messages of a 422 for an unknown model", async () => {
    const result = await gateway().run({ ...REQ, model: "acme/unknown-model" }, { mode: "stream", onEvent: () => {} });
    assert.equal(result.error?.kind, "validation");
    assert.deepEqual(result.error?.fields, ["model: Model 'acme/unknown-model' is not a valid OpenRouter model"]);
    assert.match(result.error!.message, /acme\/unknown-model/);
  });

  it("reports a rate limit (429) and a server error (503)", async () => {
    server.script({ status: 429, body: { detail: "Too many requests" } });
    const limited = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(limited.error?.kind, "rateLimit");
    server.script({ status: 500, body: { message: "boom" } });
    const failed = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(failed.error?.kind, "server");
    assert.match(failed.error!.message, /boom/);
  });

  it("retries a 429 in queue mode itself, reporting each wait, before reporting it (no client back-off of its own)", async () => {
    server.script(...Array.from({ length: 4 }, () => ({ status: 429, body: { detail: "slow down" } })));
    const { events, onEvent } = collect();
    const started = Date.now();
    const result = await gateway({ retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 10 } }).run(REQ, { mode: "queue", onEvent });
    const elapsed = Date.now() - started;
    assert.equal(result.error?.kind, "rateLimit");
    assert.match(result.error!.message, /retried 3 times/);
    assert.equal(server.received.filter((r) => r.kind === "submit").length, 4, "one submit and exactly 3 retries: the client added none of its own");
    const retries = events.filter((e): e is Extract<RouterEvent, { type: "retrying" }> => e.type === "retrying");
    assert.deepEqual(
      retries.map((e) => [e.attempt, e.maxRetries, e.status]),
      [
        [1, 3, 429],
        [2, 3, 429],
        [3, 3, 429],
      ],
    );
    // The client's own policy would have slept 1 s + 2 s + 4 s; ours was told 5–10 ms.
    assert.ok(elapsed < 3000, `took ${elapsed} ms: the client's own back-off ran`);
  });

  it("honours Retry-After on a queue 429, then succeeds", async () => {
    server.script({ status: 429, body: { detail: "slow down" }, headers: { "retry-after": "0" } }, { output: ["after ", "retry"] });
    const { events, onEvent } = collect();
    const result = await gateway({ retry: { maxRetries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } }).run(REQ, { mode: "queue", onEvent });
    assert.equal(result.outcome, "done");
    assert.equal(result.output, "after retry");
    const retry = events.find((e) => e.type === "retrying");
    assert.deepEqual(retry, { type: "retrying", attempt: 1, maxRetries: 3, delayMs: 0, status: 429 });
  });

  it("says the proxy refused the request when no key was sent through a proxy (401)", async () => {
    const result = await gateway({ credentials: undefined }).run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.error?.kind, "auth");
    assert.match(result.error!.message, /proxy \(falRouter\.proxyUrl\) refused the request \(401\)/);
    assert.match(result.error!.message, /No key was sent/);
    assert.doesNotMatch(result.error!.message, /fal rejected the API key/);
  });

  it("says fal rejected the key when a key was sent (401)", async () => {
    const result = await gateway({ credentials: "bad-key:nope" }).run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.error?.kind, "auth");
    assert.match(result.error!.message, /^fal rejected the API key \(401\)/);
  });

  it("keeps the partial answer when the connection drops", async () => {
    server.script({ output: ["one ", "two ", "three"], dropAfter: 2 });
    const { events, onEvent } = collect();
    const result = await gateway().run(REQ, { mode: "stream", onEvent });
    assert.equal(result.outcome, "error");
    assert.equal(result.error?.kind, "network");
    assert.equal(result.output, "one two ");
    assert.equal(events.at(-1)?.type, "error");
  });

  it("stops a stalled stream with its own watchdog, keeps the partial answer and closes the connection", async () => {
    server.script({ output: ["partial ", "never"], stallAfter: 1 });
    const result = await gateway({ stallTimeoutMs: 300 }).run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.error?.kind, "stalled");
    assert.equal(result.output, "partial ");
    await server.waitFor(() => server.answered[0].clientClosed);
  });

  it("never repeats the key when a server or proxy echoes it in an error body (500, 422, in-band)", async () => {
    const secret = KEY.split(":")[1];
    server.script({ status: 500, body: { message: `upstream refused Authorization: Key ${KEY}` } });
    const failed = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    server.script({ status: 422, body: { detail: [{ loc: ["body", "prompt"], msg: `bad token ${secret}` }] } });
    const invalid = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    server.script({ output: ["a"], errorAfter: 1, errorMessage: `key ${KEY} over quota` });
    const inBand = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    for (const r of [failed, invalid, inBand]) {
      const text = JSON.stringify(r.error);
      assert.ok(!text.includes(secret), text);
      assert.match(text, /\[key redacted\]/, "the rest of the server's message is kept");
    }
    assert.equal(invalid.error?.fields?.[0], "prompt: bad token [key redacted]");
  });

  it("skips an event of another API's shape instead of reading it as an empty final answer", async () => {
    server.script({ output: ["alpha ", "beta"], wrongShapeAt: 1 });
    const result = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.outcome, "done");
    assert.equal(result.output, "alpha beta");
  });

  it("says what a proxy's HTML error page or empty 200 means, without pasting the page", async () => {
    server.script({ status: 502, rawBody: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>" + "x".repeat(5000) + "</body></html>" });
    const html = await gateway({ retry: { maxRetries: 0 } }).run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(html.error?.kind, "server");
    assert.match(html.error!.message, /502/);
    assert.ok(html.error!.message.length < 400, html.error!.message);
    server.script({ status: 200, rawBody: "", contentType: "text/event-stream" });
    const empty = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(empty.outcome, "error");
    assert.match(empty.error!.message, /ended before the answer was complete/);
  });

  it("reports an in-band model error and keeps what came before", async () => {
    server.script({ output: ["alpha ", "beta ", "gamma"], errorAfter: 2, errorMessage: "provider overloaded" });
    const result = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.error?.kind, "model");
    assert.match(result.error!.message, /provider overloaded/);
    assert.equal(result.output, "alpha beta ");
  });

  it("treats a stream that closes without a final event as incomplete", async () => {
    server.script({ output: ["a", "b", "c"], endEarlyAfter: 2 });
    const result = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.error?.kind, "network");
    assert.match(result.error!.message, /ended before the answer was complete/);
    assert.equal(result.output, "ab");
  });

  it("decodes multi-byte characters split across network chunks whole: no U+FFFD is ever shown", async () => {
    server.script({ output: ["Grüße ", "naïve ", "日本語 ", "🎉"], splitMultibyte: true });
    const { events, onEvent } = collect();
    const result = await gateway().run(REQ, { mode: "stream", onEvent });
    assert.equal(result.output, "Grüße naïve 日本語 🎉");
    assert.equal(outputOf(events), "Grüße naïve 日本語 🎉", "a viewer applying the events sees the right text");
    assert.ok(!events.some((e) => e.type === "reset"), "every snapshot extends the previous one");
    assert.ok(events.every((e) => e.type !== "output" || !e.delta.includes("\uFFFD")), "no replacement character reached a viewer");
  });

  it("retries a refused connection to the stream, reporting each wait, then says the connection failed", async () => {
    const closed = await new FakeFalServer().start();
    const deadUrl = closed.url;
    await closed.stop();
    const { events, onEvent } = collect();
    const result = await gateway({ proxyUrl: deadUrl }).run(REQ, { mode: "stream", onEvent });
    assert.equal(result.outcome, "error");
    assert.equal(result.error?.kind, "network");
    assert.match(result.error!.message, /ECONNREFUSED/);
    assert.deepEqual(events.filter((e) => e.type === "retrying").map((e) => (e as { attempt: number }).attempt), [1, 2, 3]);
  });

  it("reports an event that is not JSON as a failure and keeps what came before", async () => {
    server.script({ output: ["kept ", "lost"], garbageAt: 1 });
    const result = await gateway().run(REQ, { mode: "stream", onEvent: () => {} });
    assert.equal(result.outcome, "error");
    assert.match(result.error!.message, /not JSON/);
    assert.equal(result.output, "kept ");
  });

  it("cancels on abort: closes the connection, resolves as cancelled, keeps the partial answer", async () => {
    server.script({ output: ["first ", "second ", "third"], delayMs: 400 });
    const controller = new AbortController();
    const { events, onEvent } = collect();
    const run = gateway().run(REQ, { mode: "stream", signal: controller.signal, onEvent: (e) => {
      onEvent(e);
      if (e.type === "output") controller.abort();
    } });
    const result = await run;
    assert.equal(result.outcome, "cancelled");
    assert.equal(result.output, "first ");
    assert.equal(events.at(-1)?.type, "cancelled");
    await server.waitFor(() => server.answered[0].clientClosed);
  });

  it("runs through the queue, reporting positions, then the result", async () => {
    server.script({ queuePositions: [2, 1], output: ["queued answer"] });
    const { events, onEvent } = collect();
    const result = await gateway({ pollIntervalMs: 10 }).run(REQ, { mode: "queue", onEvent });
    assert.equal(result.outcome, "done");
    assert.equal(result.output, "queued answer");
    assert.deepEqual(events.filter((e) => e.type === "queued").map((e) => (e as { position?: number }).position), [2, 1]);
    assert.equal(result.usage?.cost, DEFAULT_USAGE.cost);
    const kinds = server.received.map((r) => r.kind);
    assert.equal(kinds[0], "submit");
    assert.ok(kinds.includes("status") && kinds.at(-1) === "result");
    assert.equal(server.received[0].target, "https://queue.fal.run/openrouter/router");
    assert.ok(server.received.every((r) => r.authorization === `Key ${KEY}`));
  });

  it("cancels a queued request with the queue's cancel call", async () => {
    server.script({ queuePositions: [5, 5, 5, 5, 5, 5, 5, 5] });
    const controller = new AbortController();
    const result = await gateway({ pollIntervalMs: 20 }).run(REQ, {
      mode: "queue",
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "queued") controller.abort();
      },
    });
    assert.equal(result.outcome, "cancelled");
    await server.waitFor((r) => r.some((x) => x.kind === "cancel" && x.method === "PUT"));
  });
});
