/**
 * The request engine with every port scripted (no vscode, no network): a gateway that plays
 * events and honours the abort signal, a key source, a confirmation, a usage sink, a fixed clock.
 * Each port writes what it was asked to `log`, so tests assert on the order of the pipeline.
 */
import { RequestEngine, type EngineDeps } from "../../src/core/engine/pipeline";
import type { Gateway } from "../../src/core/engine/ports";
import { readSettings } from "../../src/core/settings";
import type { RouterEvent, RouterRequest, RunResult } from "../../src/core/types";

export type ScriptedGateway = Gateway & { requests: RouterRequest[]; resume?: () => void };

/**
 * A gateway that plays `events` (a fresh copy for every request, by model), pausing before event
 * `pauseAfter` until `resume()`; a model in `hangAfter` waits before that event until it is stopped.
 */
export function scriptedGateway(log: string[], events: (model: string) => RouterEvent[], opts: { pauseAfter?: number; hangAfter?: Record<string, number> } = {}): ScriptedGateway {
  const g: ScriptedGateway = {
    requests: [],
    async run(request, { onEvent, signal }) {
      log.push(`gateway:${request.model}`);
      g.requests.push(request);
      let output = "";
      const script = events(request.model);
      for (let i = 0; i < script.length; i++) {
        if (opts.pauseAfter === i) await new Promise<void>((r) => (g.resume = r));
        if (opts.hangAfter?.[request.model] === i && !signal?.aborted) await new Promise((r) => signal?.addEventListener("abort", r, { once: true }));
        if (signal?.aborted) {
          onEvent({ type: "cancelled" });
          return { outcome: "cancelled", output, reasoning: "", totalMs: 5 } satisfies RunResult;
        }
        const e = script[i];
        if (e.type === "output") output = e.text;
        if (e.type === "error") return { outcome: "error", output, reasoning: "", error: e.error, totalMs: 5 };
        onEvent(e);
      }
      return { outcome: "done", output, reasoning: "", usage: { totalTokens: 10, cost: 0.002 }, requestId: "req-1", firstTokenMs: 1, totalMs: 5 };
    },
  };
  return g;
}

export const HELLO: RouterEvent[] = [
  { type: "started", requestId: "req-1" },
  { type: "output", delta: "Hel", text: "Hel" },
  { type: "output", delta: "lo", text: "Hello" },
  { type: "usage", usage: { totalTokens: 10, cost: 0.002 } },
  { type: "done", requestId: "req-1" },
];

export interface EngineScript {
  key?: { key?: string } | undefined;
  confirm?: boolean;
  /** What an unattended request's budget check says (undefined: it may be sent). */
  refuse?: string;
  events?: RouterEvent[];
  /** Events by model (over `events`). */
  eventsFor?: (model: string) => RouterEvent[] | undefined;
  pauseAfter?: number;
  /** Models that stop before the given event until their request is stopped. */
  hangAfter?: Record<string, number>;
  settings?: Partial<Record<string, unknown>>;
  contextLength?: number | ((model: string) => number | undefined);
  /** Whether a model reads images, as the catalog says (undefined: unknown). */
  acceptsImages?: (model: string) => boolean | undefined;
}

export function scriptedEngine(over: EngineScript = {}) {
  const log: string[] = [];
  let settingsReads = 0;
  const gateway = scriptedGateway(log, (model) => over.eventsFor?.(model) ?? over.events ?? HELLO, { pauseAfter: over.pauseAfter, hangAfter: over.hangAfter });
  const recorded: Array<[string, string, RunResult["outcome"]]> = [];
  /** The comparison id each usage record was linked to. */
  const links: Array<string | undefined> = [];
  /** Every preflight question's models. */
  const asked: Array<readonly string[]> = [];
  const deps: EngineDeps = {
    settings: () => {
      settingsReads++;
      // A second read would see another model: the engine must not read twice.
      return readSettings((k) => (k === "model" ? (settingsReads === 1 ? "acme/first" : "acme/second") : over.settings?.[k]));
    },
    keys: {
      async forRequest(_s, why, ask = true) {
        log.push(ask ? `key:${why}` : `key:${why}:unattended`);
        return "key" in over ? over.key : { key: "id:secret" };
      },
    },
    confirmation: {
      async confirm(q) {
        log.push(`confirm:${q.model}:${q.extraWarnings.length}`);
        asked.push(q.models ?? [q.model]);
        return over.confirm ?? true;
      },
      async refusal(q) {
        log.push(`refusal:${q.model}`);
        asked.push(q.models ?? [q.model]);
        return over.refuse;
      },
    },
    usage: {
      async record(action, model, result, link) {
        log.push("usage");
        recorded.push([action, model, result.outcome]);
        links.push(link);
      },
    },
    gateway: (key) => {
      log.push(`gatewayFor:${key}`);
      return gateway;
    },
    models: { contextLength: (m) => (typeof over.contextLength === "function" ? over.contextLength(m) : over.contextLength), acceptsImages: (m) => over.acceptsImages?.(m) },
    clock: { now: () => 1000 },
  };
  return { engine: new RequestEngine(deps), log, recorded, links, asked, gateway, reads: () => settingsReads };
}
