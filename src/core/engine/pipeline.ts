/**
 * The one request pipeline, whatever surface starts it (an editor action, the chat, and later a
 * comparison or a language-model provider): resolve the settings once, build the prompt, get the
 * key, ask the budget and estimate questions, run the gateway, record the usage. Surfaces are
 * adapters: they say what to send and render what the run state holds.
 */
import type { ModelTarget, RouterSettings } from "../settings";
import type { RouterEvent, RunResult } from "../types";
import type { Clock, Confirmation, GatewayFactory, KeySource, ModelInfo, UsageSink } from "./ports";
import { MAX_ANSWER_CHARS, RepetitionWatch, tooLongFailure } from "../repetition";
import { buildPrompt, type BuiltPrompt, type PromptSpec } from "./prompt";
import { systemClock } from "./ports";
import { RunState } from "./runState";

export interface EngineRequest {
  readonly target: ModelTarget;
  /** What to ask; built into the prompt once, with the settings the whole request uses. */
  readonly spec: PromptSpec;
  /** "continue", "send the message": ends the key prompt's sentence. */
  readonly keyPurpose: string;
  /** Where settings are read (a document, for per-folder settings); opaque to the engine. */
  readonly scope?: unknown;
}

export interface RunHooks {
  readonly signal?: AbortSignal;
  /** The request passed every check and is about to be sent; the run state is new. */
  onStart?(run: RunState, settings: RouterSettings, prompt: BuiltPrompt): void;
  /** Each gateway event, after the run state applied it. */
  onEvent?(run: RunState, event: RouterEvent): void;
  /** The run ended and its state holds the result (before the usage record is written). */
  onEnd?(run: RunState, result: RunResult): void;
}

export type EngineOutcome =
  | { readonly status: "noKey" }
  | { readonly status: "declined" }
  | { readonly status: "ran"; readonly run: RunState; readonly result: RunResult; readonly settings: RouterSettings };

export interface EngineDeps {
  readonly settings: (scope?: unknown) => RouterSettings;
  readonly keys: KeySource;
  readonly confirmation: Confirmation;
  readonly usage: UsageSink;
  readonly gateway: GatewayFactory;
  readonly models?: ModelInfo;
  readonly clock?: Clock;
}

export class RequestEngine {
  private seq = 0;
  private readonly clock: Clock;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  async run(request: EngineRequest, hooks: RunHooks = {}): Promise<EngineOutcome> {
    const settings = this.deps.settings(request.scope);
    const model = settings.modelFor[request.target];
    const built = buildPrompt(request.spec, settings, this.deps.models?.contextLength(model));
    const credentials = await this.deps.keys.forRequest(settings, request.keyPurpose);
    if (!credentials) return { status: "noKey" };
    const ok = await this.deps.confirmation.confirm({ text: built.systemPrompt + built.prompt, model, settings, extraWarnings: built.extraWarnings });
    if (!ok) return { status: "declined" };

    const run = new RunState(`run-${this.clock.now().toString(36)}-${++this.seq}`, model);
    hooks.onStart?.(run, settings, built);
    // The user's signal, or the engine's own stop when the answer runs away (MAX_ANSWER_CHARS).
    const stop = new AbortController();
    const forward = () => stop.abort();
    if (hooks.signal?.aborted) stop.abort();
    hooks.signal?.addEventListener("abort", forward);
    const repetition = new RepetitionWatch();
    let tooLong = false;
    const emit = (e: RouterEvent) => {
      run.apply(e);
      hooks.onEvent?.(run, e);
    };
    let result = await this.deps.gateway(credentials.key, settings).run(
      { model, prompt: built.prompt, systemPrompt: built.systemPrompt, reasoning: settings.reasoning, temperature: settings.temperature, maxTokens: settings.maxTokens },
      {
        mode: settings.mode,
        signal: stop.signal,
        onEvent: (e) => {
          emit(e);
          if (e.type !== "output" || tooLong) return;
          if (repetition.check(e.text)) emit({ type: "repeating" });
          if (e.text.length > MAX_ANSWER_CHARS) {
            tooLong = true;
            stop.abort();
          }
        },
      },
    );
    hooks.signal?.removeEventListener("abort", forward);
    if (tooLong && result.outcome === "cancelled") result = { ...result, outcome: "error", error: tooLongFailure(result.requestId ?? run.requestId) };
    run.finish(result);
    hooks.onEnd?.(run, result);
    await this.deps.usage.record(request.target, model, result);
    return { status: "ran", run, result, settings };
  }
}
