import type { ActionId } from "./prompts";

/** Everything that sends a request and can have its own model. */
export type ModelTarget = ActionId | "chat";
export const MODEL_TARGETS: readonly ModelTarget[] = ["explain", "rewrite", "custom", "chat"];
import type { RunMode } from "./types";

/** Typed, range-checked settings. The host reads raw values; this decides what they mean. */
export interface RouterSettings {
  /** The default model. */
  readonly model: string;
  /** The model each action uses: its override (`falRouter.models.<action>`) or the default. */
  readonly modelFor: Record<ModelTarget, string>;
  readonly temperature: number;
  readonly maxTokens?: number;
  readonly reasoning: boolean;
  readonly prompts: Record<ModelTarget, string>;
  /** Upper bound on the estimated tokens of a chat request; older turns are condensed or dropped to fit. */
  readonly chatContextTokens: number;
  readonly mode: RunMode;
  readonly stallTimeoutSeconds: number;
  readonly proxyUrl?: string;
  readonly maxSelectionChars: number;
  /** 0 = no budget. */
  readonly dailyBudgetUsd: number;
  /** Estimated prompt tokens above which an estimate is shown before sending; 0 = never. */
  readonly confirmAboveTokens: number;
  readonly catalogUrl: string;
  /** Images up to this many KB go inline as data URIs; larger ones are uploaded (core/images.ts). */
  readonly inlineImageMaxKB: number;
}

export const DEFAULT_CATALOG_URL = "https://openrouter.ai/api/v1/models";

export const DEFAULT_MODEL = "google/gemini-2.5-flash";
export const MODEL_ID = /^[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export const DEFAULT_PROMPTS: Record<ModelTarget, string> = {
  explain:
    "You are a senior {language} engineer. Explain what the following code from `{file}` does, how it works and anything surprising about it. Be concise and use Markdown.",
  rewrite:
    "You are a senior {language} engineer. Rewrite the following code from `{file}` to be clearer, more idiomatic and correct, preserving its behaviour. Reply with only the rewritten code in one fenced code block, then at most three short bullet points on what changed.",
  custom: "You are a senior {language} engineer helping with code from `{file}`. Answer the user's request about the code. Use Markdown.",
  chat: "You are a senior software engineer helping a developer in VS Code. Answer concisely and precisely. Use Markdown, and put code in fenced blocks with a language tag.",
};

export function isModelId(value: string): boolean {
  return MODEL_ID.test(value);
}

/** A proxy must be https, or http on a loopback host (a local gateway); anything else is refused. */
export function validateProxyUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "The proxy URL is not a valid URL.";
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return undefined;
  return "The proxy URL must use https:// (http:// is allowed only for localhost).";
}

type Raw = (key: string) => unknown;

function clampNumber(v: unknown, min: number, max: number, fallback: number, integer = false): number {
  if (typeof v !== "number" || !Number.isFinite(v)) return fallback;
  const n = integer ? Math.round(v) : v;
  return Math.min(max, Math.max(min, n));
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** Reads every setting through `raw` (the host passes a WorkspaceConfiguration getter). Invalid values fall back to defaults. */
export function readSettings(raw: Raw, warn: (message: string) => void = () => {}): RouterSettings {
  const modelRaw = str(raw("model"));
  let model = DEFAULT_MODEL;
  if (modelRaw && isModelId(modelRaw.trim())) model = modelRaw.trim();
  else if (modelRaw) warn(`falRouter.model "${modelRaw}" is not an OpenRouter model id; using ${DEFAULT_MODEL}.`);

  const maxTokensRaw = raw("maxTokens");
  const maxTokens = typeof maxTokensRaw === "number" && maxTokensRaw >= 1 ? clampNumber(maxTokensRaw, 1, 1_000_000, 1, true) : undefined;

  const proxyRaw = str(raw("proxyUrl"));
  let proxyUrl: string | undefined;
  if (proxyRaw) {
    const problem = validateProxyUrl(proxyRaw.trim());
    if (problem) warn(`${problem} The proxy setting is ignored.`);
    else proxyUrl = proxyRaw.trim();
  }

  const modelFor = {} as Record<ModelTarget, string>;
  for (const target of MODEL_TARGETS) {
    const override = str(raw(`models.${target}`))?.trim();
    if (override && !isModelId(override)) warn(`falRouter.models.${target} "${override}" is not an OpenRouter model id; using ${model}.`);
    modelFor[target] = override && isModelId(override) ? override : model;
  }

  const catalogRaw = str(raw("catalogUrl"))?.trim();
  let catalogUrl = DEFAULT_CATALOG_URL;
  if (catalogRaw) {
    const problem = validateProxyUrl(catalogRaw);
    if (problem) warn(`falRouter.catalogUrl: ${problem.replace("proxy", "catalog")} Using ${DEFAULT_CATALOG_URL}.`);
    else catalogUrl = catalogRaw;
  }

  return {
    model,
    modelFor,
    temperature: clampNumber(raw("temperature"), 0, 2, 1),
    maxTokens,
    reasoning: raw("reasoning") === true,
    prompts: {
      explain: str(raw("prompts.explain")) ?? DEFAULT_PROMPTS.explain,
      rewrite: str(raw("prompts.rewrite")) ?? DEFAULT_PROMPTS.rewrite,
      custom: str(raw("prompts.custom")) ?? DEFAULT_PROMPTS.custom,
      chat: str(raw("prompts.chat")) ?? DEFAULT_PROMPTS.chat,
    },
    chatContextTokens: clampNumber(raw("chatContextTokens"), 1000, 2_000_000, 32_000, true),
    mode: raw("mode") === "queue" ? "queue" : "stream",
    stallTimeoutSeconds: clampNumber(raw("stallTimeoutSeconds"), 5, 600, 30, true),
    proxyUrl,
    maxSelectionChars: clampNumber(raw("maxSelectionChars"), 1000, 5_000_000, 200_000, true),
    dailyBudgetUsd: clampNumber(raw("dailyBudgetUsd"), 0, 100_000, 0),
    confirmAboveTokens: clampNumber(raw("confirmAboveTokens"), 0, 10_000_000, 20_000, true),
    catalogUrl,
    inlineImageMaxKB: clampNumber(raw("images.inlineMaxKB"), 0, 20_480, 256, true),
  };
}
