import * as assert from "node:assert/strict";
import { RequestEngine, type EngineDeps, type EngineRequest } from "../../src/core/engine/pipeline";
import type { Gateway } from "../../src/core/engine/ports";
import { RunState } from "../../src/core/engine/runState";
import { readSettings, type RouterSettings } from "../../src/core/settings";
import type { RouterEvent, RouterRequest, RunResult } from "../../src/core/types";

/** A gateway that plays a script of events, honouring the abort signal between them. */
function scriptedGateway(log: string[], events: RouterEvent[], opts: { pauseAfter?: number } = {}): Gateway & { requests: RouterRequest[]; resume?: () => void } {
  const g: Gateway & { requests: RouterRequest[]; resume?: () => void } = {
    requests: [],
    async run(request, { onEvent, signal }) {
      log.push(`gateway:${request.model}`);
      g.requests.push(request);
      let output = "";
      for (let i = 0; i < events.length; i++) {
        if (opts.pauseAfter === i) await new Promise<void>((r) => (g.resume = r));
        if (signal?.aborted) {
          onEvent({ type: "cancelled" });
          return { outcome: "cancelled", output, reasoning: "", totalMs: 5 } satisfies RunResult;
        }
        const e = events[i];
        if (e.type === "output") output = e.text;
        onEvent(e);
      }
      return { outcome: "done", output, reasoning: "", usage: { totalTokens: 10, cost: 0.002 }, requestId: "req-1", firstTokenMs: 1, totalMs: 5 };
    },
  };
  return g;
}

function setup(over: { key?: { key?: string } | undefined; confirm?: boolean; events?: RouterEvent[]; pauseAfter?: number; settings?: Partial<Record<string, unknown>> } = {}) {
  const log: string[] = [];
  let settingsReads = 0;
  const gateway = scriptedGateway(log, over.events ?? [
    { type: "started", requestId: "req-1" },
    { type: "output", delta: "Hel", text: "Hel" },
    { type: "output", delta: "lo", text: "Hello" },
    { type: "usage", usage: { totalTokens: 10, cost: 0.002 } },
    { type: "done", requestId: "req-1" },
  ], { pauseAfter: over.pauseAfter });
  const recorded: Array<[string, string, RunResult["outcome"]]> = [];
  const deps: EngineDeps = {
    settings: () => {
      settingsReads++;
      // A second read would see another model: the engine must not read twice.
      return readSettings((k) => (k === "model" ? (settingsReads === 1 ? "acme/first" : "acme/second") : over.settings?.[k]));
    },
    keys: {
      async forRequest(_s, why) {
        log.push(`key:${why}`);
        return "key" in over ? over.key : { key: "id:secret" };
      },
    },
    confirmation: {
      async confirm(q) {
        log.push(`confirm:${q.model}:${q.extraWarnings.length}`);
        return over.confirm ?? true;
      },
    },
    usage: {
      async record(action, model, result) {
        log.push("usage");
        recorded.push([action, model, result.outcome]);
      },
    },
    gateway: (key) => {
      log.push(`gatewayFor:${key}`);
      return gateway;
    },
    clock: { now: () => 1000 },
  };
  return { engine: new RequestEngine(deps), log, recorded, gateway, reads: () => settingsReads };
}

const request = (log: string[], extra: string[] = []): EngineRequest => ({
  target: "explain",
  keyPurpose: "continue",
  build: (s: RouterSettings) => {
    log.push(`build:${s.modelFor.explain}`);
    return { prompt: "Explain x", systemPrompt: "Be brief.", extraWarnings: extra };
  },
});

describe("request engine (core pipeline with a scripted gateway)", () => {
  it("runs settings → prompt → key → preflight → gateway → usage, once each, in that order", async () => {
    const { engine, log, recorded, gateway, reads } = setup();
    const seen: string[] = [];
    const outcome = await engine.run(request(log, ["huge selection"]), {
      onStart: (run) => seen.push(`start:${run.runId}:${run.phase}`),
      onEvent: (run, e) => seen.push(`${e.type}:${run.output}`),
      onEnd: (run) => {
        seen.push(`end:${run.phase}`);
        log.push("end");
      },
    });
    assert.equal(outcome.status, "ran");
    assert.equal(reads(), 1, "settings are resolved once per request");
    assert.deepEqual(log, ["build:acme/first", "key:continue", "confirm:acme/first:1", "gatewayFor:id:secret", "gateway:acme/first", "end", "usage"]);
    assert.deepEqual(seen, ["start:run-rs-1:starting", "started:", "output:Hel", "output:Hello", "usage:Hello", "done:Hello", "end:done"]);
    assert.deepEqual(gateway.requests[0], { model: "acme/first", prompt: "Explain x", systemPrompt: "Be brief.", reasoning: false, temperature: 1, maxTokens: undefined });
    assert.deepEqual(recorded, [["explain", "acme/first", "done"]]);
  });

  it("keeps the latest snapshot as the run's text, not a string built from deltas", async () => {
    const snapshot = "The whole answer so far";
    const { engine, log } = setup({ events: [{ type: "output", delta: "The whole answer so far", text: snapshot }] });
    const outcome = await engine.run(request(log));
    assert.ok(outcome.status === "ran");
    assert.equal(outcome.run.output, snapshot);
    const run = new RunState("r", "m");
    const text = "abc".repeat(1000);
    run.apply({ type: "output", delta: text.slice(2000), text });
    assert.equal(run.output, text);
    run.apply({ type: "reset", output: "x", reasoning: "y" });
    assert.deepEqual([run.output, run.reasoning], ["x", "y"]);
  });

  it("sends nothing and records nothing when there is no key", async () => {
    const { engine, log, recorded } = setup({ key: undefined });
    const outcome = await engine.run(request(log));
    assert.deepEqual(outcome, { status: "noKey" });
    assert.deepEqual(log, ["build:acme/first", "key:continue"]);
    assert.deepEqual(recorded, []);
  });

  it("sends nothing and records nothing when the budget or estimate question is declined", async () => {
    const { engine, log, recorded } = setup({ confirm: false });
    let started = false;
    const outcome = await engine.run(request(log), { onStart: () => (started = true) });
    assert.deepEqual(outcome, { status: "declined" });
    assert.equal(started, false);
    assert.ok(!log.some((l) => l.startsWith("gateway")));
    assert.deepEqual(recorded, []);
  });

  it("cancels through the signal: the run ends cancelled with its partial text, and is still recorded", async () => {
    const { engine, log, recorded, gateway } = setup({ pauseAfter: 2 });
    const controller = new AbortController();
    const running = engine.run(request(log), { signal: controller.signal });
    while (!gateway.resume) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    gateway.resume();
    const outcome = await running;
    assert.ok(outcome.status === "ran");
    assert.equal(outcome.run.phase, "cancelled");
    assert.equal(outcome.run.output, "Hel");
    assert.deepEqual(recorded, [["explain", "acme/first", "cancelled"]]);
  });

  it("reports queue retries in the run state, and clears them once the answer starts", async () => {
    const { engine, log } = setup({
      events: [
        { type: "retrying", attempt: 1, maxRetries: 3, delayMs: 2000, status: 429 },
        { type: "queued", position: 2 },
        { type: "started" },
        { type: "output", delta: "ok", text: "ok" },
      ],
    });
    const phases: string[] = [];
    await engine.run(request(log), { onEvent: (run) => phases.push(`${run.phase}${run.statusDetail ? `:${run.statusDetail}` : ""}`) });
    assert.deepEqual(phases, ["retrying:Rate limited (429): retrying (1 of 3) in 2 s…", "queued", "streaming", "streaming"]);
  });
});
