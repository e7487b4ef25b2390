/**
 * The small interfaces through which the request engine reaches the world. The host implements
 * them with VS Code (secret storage, modal dialogs, the usage log); unit tests script them.
 */
import type { RunOptions } from "../routerGateway";
import type { ModelTarget, RouterSettings } from "../settings";
import type { RouterRequest, RunResult } from "../types";

export interface KeySource {
  /**
   * `{ key }` to send with (absent behind a proxy), or undefined when the user gave none. With `ask`
   * false (an unattended request), nobody is asked for a missing key.
   */
  forRequest(settings: RouterSettings, why: string, ask?: boolean): Promise<{ key?: string } | undefined>;
}

export interface PreflightQuestion {
  /** Everything sent: system prompt plus prompt. */
  readonly text: string;
  /** The model, or the first of several. */
  readonly model: string;
  /** Every model the same text goes to (a comparison): the estimate covers them all. */
  readonly models?: readonly string[];
  readonly settings: RouterSettings;
  /** Caller warnings asked in the same question (a huge selection). */
  readonly extraWarnings: readonly string[];
}

export interface Confirmation {
  /** Budget and estimate checks; true when the request may be sent. */
  confirm(question: PreflightQuestion): Promise<boolean>;
  /**
   * The same checks for a request nobody can be asked about (another extension's call through the
   * language-model provider): why it must not be sent, or undefined when it may.
   */
  refusal(question: PreflightQuestion): Promise<string | undefined>;
}

export interface UsageSink {
  /**
   * One record per finished request, whatever its outcome; `link` ties the requests of one comparison.
   * `action` is the target, or who asked (another extension's id, for the language-model provider).
   */
  record(action: ModelTarget | string, model: string, result: RunResult, link?: string): Promise<void>;
}

export interface Gateway {
  run(request: RouterRequest, opts: RunOptions): Promise<RunResult>;
}

export type GatewayFactory = (key: string | undefined, settings: RouterSettings) => Gateway;

export interface ModelInfo {
  /** The model's context window in tokens, when known. */
  contextLength(model: string): number | undefined;
  /** Whether the model reads images: false only when the catalog says it does not. */
  acceptsImages?(model: string): boolean | undefined;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
