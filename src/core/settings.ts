import type { ActionId } from "./prompts";

/** Everything that sends a request and can have its own model. */
export type ModelTarget = ActionId | "chat";
export const MODEL_TARGETS: readonly ModelTarget[] = ["explain", "rewrite", "custom", "chat"];
import type { RunMode } from "./types";
import * as l10n from "@vscode/l10n";

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
  /** The hard cap: a prompt longer than this is refused, confirmed or not. */
  readonly maxPromptChars: number;
  /** 0 = no budget. */
  readonly dailyBudgetUsd: number;
  /** Estimated prompt tokens above which an estimate is shown before sending; 0 = never. */
  readonly confirmAboveTokens: number;
  readonly catalogUrl: string;
  /** Images up to this many KB go inline as data URIs; larger ones are uploaded (core/images.ts). */
  readonly inlineImageMaxKB: number;
  /**
   * Values set by hand that the schema would refuse (temperature 5, maxTokens -1, a malformed model
   * id, a proxy that is not https, a negative budget…), one sentence each. While there is one, the
   * engine sends nothing and says why: falling back quietly would send a request the user did not
   * ask for (another model, no proxy, no budget).
   */
  readonly problems: readonly string[];
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

/**
 * A number setting: the default when unset; when set to something out of range or not a number,
 * a problem (and the nearest valid value, which is never used for a request while a problem stands).
 */
function numberSetting(raw: Raw, problems: string[], key: string, min: number, max: number, fallback: number, integer = false): number {
  const v = raw(key);
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    problems.push(l10n.t("falRouter.{0} is {1}, but it must be {2} from {3} to {4}.", key, JSON.stringify(v) ?? String(v), integer ? l10n.t("a whole number") : l10n.t("a number"), min, max));
    return typeof v === "number" && Number.isFinite(v) ? Math.min(max, Math.max(min, integer ? Math.round(v) : v)) : fallback;
  }
  return v;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

function modeSetting(v: unknown, problems: string[]): RunMode {
  if (v === "queue" || v === "stream") return v;
  if (v !== undefined && v !== null) problems.push(l10n.t("falRouter.mode is {0}, but it must be \"stream\" or \"queue\".", JSON.stringify(v) ?? String(v)));
  return "stream";
}

/** Reads every setting through `raw` (the host passes a WorkspaceConfiguration getter). An invalid value becomes a problem (`problems`), which stops requests. */
export function readSettings(raw: Raw, warn: (message: string) => void = () => {}): RouterSettings {
  const problems: string[] = [];
  const badModel = (key: string, value: string) => problems.push(l10n.t("falRouter.{0} is “{1}”, which is not a model id (provider/model, such as {2}).", key, value.slice(0, 100), DEFAULT_MODEL));
  const modelRaw = str(raw("model"));
  let model = DEFAULT_MODEL;
  if (modelRaw && isModelId(modelRaw.trim())) model = modelRaw.trim();
  else if (modelRaw) badModel("model", modelRaw);

  // Unset, null or 0 mean "the model's own limit" (0 is what clearing the settings UI's box writes).
  const maxTokensRaw = raw("maxTokens");
  const maxTokens = maxTokensRaw === 0 || maxTokensRaw === null ? undefined : numberSetting(raw, problems, "maxTokens", 1, 1_000_000, 0, true) || undefined;

  const proxyRaw = raw("proxyUrl");
  let proxyUrl: string | undefined;
  if (typeof proxyRaw === "string" && proxyRaw.trim()) {
    const problem = validateProxyUrl(proxyRaw.trim());
    if (problem) problems.push(l10n.t("falRouter.proxyUrl is “{0}”: {1}", proxyRaw.trim().slice(0, 200), problem));
    else proxyUrl = proxyRaw.trim();
  } else if (proxyRaw !== undefined && proxyRaw !== null && typeof proxyRaw !== "string") problems.push(l10n.t("falRouter.proxyUrl must be a URL in quotes."));

  const modelFor = {} as Record<ModelTarget, string>;
  for (const target of MODEL_TARGETS) {
    const override = str(raw(`models.${target}`))?.trim();
    if (override && !isModelId(override)) badModel(`models.${target}`, override);
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
    temperature: numberSetting(raw, problems, "temperature", 0, 2, 1),
    maxTokens,
    reasoning: raw("reasoning") === true,
    prompts: {
      explain: str(raw("prompts.explain")) ?? DEFAULT_PROMPTS.explain,
      rewrite: str(raw("prompts.rewrite")) ?? DEFAULT_PROMPTS.rewrite,
      custom: str(raw("prompts.custom")) ?? DEFAULT_PROMPTS.custom,
      chat: str(raw("prompts.chat")) ?? DEFAULT_PROMPTS.chat,
    },
    chatContextTokens: numberSetting(raw, problems, "chatContextTokens", 1000, 2_000_000, 32_000, true),
    mode: modeSetting(raw("mode"), problems),
    stallTimeoutSeconds: numberSetting(raw, problems, "stallTimeoutSeconds", 5, 600, 30, true),
    proxyUrl,
    maxSelectionChars: numberSetting(raw, problems, "maxSelectionChars", 1000, 5_000_000, 200_000, true),
    maxPromptChars: numberSetting(raw, problems, "maxPromptChars", 10_000, 50_000_000, 4_000_000, true),
    dailyBudgetUsd: numberSetting(raw, problems, "dailyBudgetUsd", 0, 100_000, 0),
    confirmAboveTokens: numberSetting(raw, problems, "confirmAboveTokens", 0, 10_000_000, 20_000, true),
    catalogUrl,
    inlineImageMaxKB: numberSetting(raw, problems, "images.inlineMaxKB", 0, 20_480, 256, true),
    problems: problems.map((p) => (warn(p), p)),
  };
}
