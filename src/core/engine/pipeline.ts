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
import { formatCount } from "../../shared/format";
import * as l10n from "@vscode/l10n";

function tooLong(chars: number, cap: number): string {
  return l10n.t("Nothing was sent: the prompt has {0} characters, more than falRouter.maxPromptChars ({1}). Select less code, or raise the setting.", formatCount(chars), formatCount(cap));
}

function settingsRefused(problems: readonly string[]): string {
  return l10n.t("Nothing was sent, because a setting is not valid: {0} Fix it in your settings (settings.json).", problems.join(" "));
}

function imagesRefused(models: readonly string[]): string {
  return l10n.t("{0} does not accept images. Pick a model that does (the model switcher marks them), or remove the images.", models.join(", "));
}

/** Why the engine declined to send: the host offers the matching way out (switch model, settings…). */
export type DeclineReason = "images" | "budget" | "settings";

export interface EngineRequest {
  readonly target: ModelTarget;
  /** What to ask; built into the prompt once, with the settings the whole request uses. */
  readonly spec: PromptSpec;
  /** "continue", "send the message": ends the key prompt's sentence. */
  readonly keyPurpose: string;
  /** Where settings are read (a document, for per-folder settings); opaque to the engine. */
  readonly scope?: unknown;
  /** A model for this request only ("Retry with Another Model"), instead of the target's setting. */
  readonly model?: string;
  /** A prompt file's own `temperature`, `reasoning` and `max_tokens`, over the settings for this request. */
  readonly tuning?: RequestTuning;
  /** The usage record's action, when it is not the target (the extension that called the provider). */
  readonly action?: string;
  /** Nobody can be asked (another extension's flow): the budget refuses instead of asking. */
  readonly unattended?: boolean;
}

export interface RequestTuning {
  readonly temperature?: number;
  readonly reasoning?: boolean;
  readonly maxTokens?: number;
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
  /**
   * The user said no; or the request was refused before anything was sent, `message` saying why:
   * `reason` "images" (a text-only model), or "budget" (an unattended request over the daily budget).
   */
  | { readonly status: "declined"; readonly message?: string; readonly reason?: DeclineReason }
  | { readonly status: "ran"; readonly run: RunState; readonly result: RunResult; readonly settings: RouterSettings };

/** A request that passed every check, ready to send to one model or several. */
export interface Prepared {
  readonly status: "ready";
  readonly request: EngineRequest;
  readonly settings: RouterSettings;
  readonly built: BuiltPrompt;
  readonly key: string | undefined;
  /** The models it was prepared for: one, or the columns of a comparison. */
  readonly models: readonly string[];
  readonly link?: string;
}

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
    const ready = await this.prepare(request);
    if (ready.status !== "ready") return ready;
    return this.execute(ready, ready.models[0], hooks);
  }

  /**
   * Everything before sending, once for all `only` models (a comparison; by default the request's model): the settings, the prompt (fitted
   * to the smallest context window among them), the key, and one budget and estimate question that
   * covers every request. `link` ties the usage records of the requests sent with it.
   */
  async prepare(request: EngineRequest, only?: readonly string[], link?: string): Promise<Prepared | Exclude<EngineOutcome, { status: "ran" }>> {
    const settings = this.deps.settings(request.scope);
    if (settings.problems.length) return { status: "declined", message: settingsRefused(settings.problems), reason: "settings" };
    const models = only?.length ? only : [request.model ?? settings.modelFor[request.target]];
    const windows = models.map((m) => this.deps.models?.contextLength(m)).filter((n): n is number => n !== undefined);
    const built = buildPrompt(request.spec, settings, windows.length ? Math.min(...windows) : undefined);
    const chars = built.systemPrompt.length + built.prompt.length;
    if (chars > settings.maxPromptChars) return { status: "declined", message: tooLong(chars, settings.maxPromptChars), reason: "settings" };
    // A model the catalog lists as text-only is never sent images: the user hears why before anything is sent.
    const textOnly = built.images?.length ? models.filter((m) => this.deps.models?.acceptsImages?.(m) === false) : [];
    if (textOnly.length) return { status: "declined", message: imagesRefused(textOnly), reason: "images" };
    const credentials = await this.deps.keys.forRequest(settings, request.keyPurpose, !request.unattended);
    if (!credentials) return { status: "noKey" };
    const question = { text: built.systemPrompt + built.prompt, model: models[0], models, settings, extraWarnings: built.extraWarnings };
    if (request.unattended) {
      const message = await this.deps.confirmation.refusal(question);
      if (message !== undefined) return { status: "declined", message, reason: "budget" };
    } else if (!(await this.deps.confirmation.confirm(question))) return { status: "declined" };
    return { status: "ready", request, settings, built, key: credentials.key, models, link };
  }

  /** Sends a prepared request to `model` and follows it to the end; records its usage. */
  async execute(ready: Prepared, model: string, hooks: RunHooks = {}): Promise<EngineOutcome & { status: "ran" }> {
    const { request, settings, built } = ready;
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
    let result = await this.deps.gateway(ready.key, settings).run(
      {
        model,
        prompt: built.prompt,
        systemPrompt: built.systemPrompt,
        reasoning: request.tuning?.reasoning ?? settings.reasoning,
        temperature: request.tuning?.temperature ?? settings.temperature,
        maxTokens: request.tuning?.maxTokens ?? settings.maxTokens,
        images: built.images,
      },
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
    await this.deps.usage.record(request.action ?? request.target, model, result, ready.link);
    return { status: "ran", run, result, settings };
  }
}
