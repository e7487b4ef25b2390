/**
 * The model catalog: what a model is, how OpenRouter's public list is parsed and validated, how
 * the switcher searches and orders it, and price estimates. No vscode, no DOM.
 */
import { isModelId } from "./settings";
import * as l10n from "@vscode/l10n";

export interface ModelInfo {
  /** OpenRouter id, e.g. `google/gemini-2.5-flash`. */
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  /** Tokens; 0 when unknown. */
  readonly contextLength: number;
  /** USD per million input (prompt) tokens; undefined when unknown. */
  readonly inputPerM?: number;
  /** USD per million output (completion) tokens; undefined when unknown. */
  readonly outputPerM?: number;
  readonly reasoning: boolean;
  /**
   * Reads images (OpenRouter's `architecture.input_modalities` has "image"): the vision endpoint.
   * Undefined when the list did not say (a cache written before this field existed).
   */
  readonly images?: boolean;
  /** The most tokens it answers with (`top_provider.max_completion_tokens`), when known. */
  readonly maxOutput?: number;
}

export interface Catalog {
  readonly models: readonly ModelInfo[];
  readonly source: "bundled" | "openrouter";
  /** ISO date or time the list is from. */
  readonly fetchedAt: string;
}

/** Refuses anything that is not plausibly OpenRouter's list: a refresh must never leave the user with an empty or garbage switcher. */
export class CatalogError extends Error {}

const MAX_MODELS = 5000;

function perMillion(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : typeof v === "number" ? v : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) return undefined; // > $1M per million tokens is nonsense
  return Math.round(n * 1e6 * 1e6) / 1e6;
}

function inputModalities(r: Record<string, unknown>): unknown[] | undefined {
  const arch = r.architecture && typeof r.architecture === "object" ? (r.architecture as Record<string, unknown>) : {};
  return Array.isArray(arch.input_modalities) ? arch.input_modalities : undefined;
}

function maxCompletion(r: Record<string, unknown>): number | undefined {
  const top = r.top_provider && typeof r.top_provider === "object" ? (r.top_provider as Record<string, unknown>).max_completion_tokens : undefined;
  return typeof top === "number" && Number.isInteger(top) && top > 0 && top <= 10_000_000 ? top : undefined;
}

/** Parses the body of `GET https://openrouter.ai/api/v1/models`. Invalid entries are dropped; an unusable body throws. */
export function parseOpenRouterModels(body: unknown, fetchedAt = new Date().toISOString()): Catalog {
  const data = body && typeof body === "object" ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw new CatalogError("The model list has no `data` array.");
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  for (const raw of data.slice(0, MAX_MODELS)) {
    if (!raw || typeof raw !== "object") continue;
    const r = raw as Record<string, unknown>;
    const id = typeof r.id === "string" ? r.id.trim() : "";
    if (!isModelId(id) || seen.has(id)) continue;
    seen.add(id);
    const pricing = (r.pricing && typeof r.pricing === "object" ? r.pricing : {}) as Record<string, unknown>;
    const params = Array.isArray(r.supported_parameters) ? r.supported_parameters : [];
    const ctx = typeof r.context_length === "number" && Number.isFinite(r.context_length) && r.context_length > 0 ? Math.round(r.context_length) : 0;
    const name = typeof r.name === "string" && r.name.trim() ? r.name.trim().slice(0, 120) : id;
    models.push({
      id,
      name,
      vendor: id.slice(0, id.indexOf("/")),
      contextLength: ctx,
      inputPerM: perMillion(pricing.prompt),
      outputPerM: perMillion(pricing.completion),
      reasoning: params.includes("reasoning") || params.includes("include_reasoning"),
      ...(inputModalities(r) ? { images: inputModalities(r)!.includes("image") } : {}),
      ...(maxCompletion(r) ? { maxOutput: maxCompletion(r) } : {}),
    });
  }
  if (models.length === 0) throw new CatalogError("The model list contained no valid model ids.");
  return { models, source: "openrouter", fetchedAt };
}

/**
 * Where a list did not say whether a model reads images (a cache written before the field existed),
 * the curated entry of the same id says it.
 */
export function fillUnknownImages(catalog: Catalog, reference: readonly ModelInfo[]): Catalog {
  const known = new Map(reference.map((m) => [m.id, m.images]));
  return { ...catalog, models: catalog.models.map((m) => (m.images === undefined && known.get(m.id) !== undefined ? { ...m, images: known.get(m.id) } : m)) };
}

/** The part of an id after the vendor: `anthropic/claude-sonnet-4.5` → `claude-sonnet-4.5`. */
export function shortName(id: string): string {
  const i = id.indexOf("/");
  return i >= 0 ? id.slice(i + 1) : id;
}

export function findModel(models: readonly ModelInfo[], id: string): ModelInfo | undefined {
  return models.find((m) => m.id === id);
}

/** Every word of the query must appear in the id, name or vendor (case-insensitive). */
export function searchModels(models: readonly ModelInfo[], query: string): ModelInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...models];
  return models.filter((m) => {
    const hay = `${m.id} ${m.name} ${m.vendor}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Recently used ids first (most recent first; unknown ids get a minimal entry), then the rest of the catalog. */
export function orderForPicker(models: readonly ModelInfo[], recent: readonly string[]): { recent: ModelInfo[]; others: ModelInfo[] } {
  const recentModels = recent.filter(isModelId).map((id) => findModel(models, id) ?? unknownModel(id));
  const ids = new Set(recentModels.map((m) => m.id));
  return { recent: recentModels, others: models.filter((m) => !ids.has(m.id)) };
}

export function unknownModel(id: string): ModelInfo {
  return { id, name: shortName(id), vendor: id.slice(0, Math.max(0, id.indexOf("/"))), contextLength: 0, reasoning: false };
}

/** Pushes `id` to the front of the recent list, without duplicates, at most `max` long. */
export function touchRecent(recent: readonly string[], id: string, max = 8): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, max);
}

export function formatContext(tokens: number): string {
  if (!tokens) return l10n.t("context unknown");
  if (tokens >= 1_000_000) return l10n.t("{0}M context", +(tokens / 1_000_000).toFixed(2));
  return l10n.t("{0}K context", Math.round(tokens / 1000));
}

export function formatPricePerM(usd: number | undefined): string {
  if (usd === undefined) return "?";
  if (usd === 0) return "free";
  return `$${usd < 0.1 ? +usd.toFixed(3) : +usd.toFixed(2)}`;
}

/** "$0.3 in / $2.5 out per M tokens" */
export function describePrices(m: ModelInfo): string {
  if (m.inputPerM === undefined && m.outputPerM === undefined) return l10n.t("prices unknown");
  return l10n.t("{0} in / {1} out per M tokens", formatPricePerM(m.inputPerM), formatPricePerM(m.outputPerM));
}

/** A rough token count for text: about four characters per token for code and English. Always labelled an estimate. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated input cost in USD of `tokens` prompt tokens at the catalog price; undefined when the price is unknown. */
export function estimateInputCost(tokens: number, model: ModelInfo | undefined): number | undefined {
  if (!model || model.inputPerM === undefined) return undefined;
  return (tokens * model.inputPerM) / 1e6;
}

/** The inverse of parseOpenRouterModels for what we keep: the cache is stored in the same shape and re-validated on load. */
export function toOpenRouterShape(models: readonly ModelInfo[]): { data: unknown[] } {
  return {
    data: models.map((m) => ({
      id: m.id,
      name: m.name,
      context_length: m.contextLength || undefined,
      pricing: { prompt: m.inputPerM === undefined ? undefined : m.inputPerM / 1e6, completion: m.outputPerM === undefined ? undefined : m.outputPerM / 1e6 },
      supported_parameters: m.reasoning ? ["reasoning"] : [],
      architecture: m.images === undefined ? undefined : { input_modalities: m.images ? ["text", "image"] : ["text"] },
      top_provider: m.maxOutput ? { max_completion_tokens: m.maxOutput } : undefined,
    })),
  };
}
