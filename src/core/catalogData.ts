import type { ModelInfo } from "./catalog";

/**
 * The curated catalog bundled with the extension: models that work well for code, with list
 * prices in USD per million tokens. It was written without network access (the curation date is
 * below), so ids and prices may have moved since: they are used only for the switcher and for
 * *estimates* before sending, and the cost the extension shows afterwards is always the one fal
 * bills (`usage.cost`). "Refresh catalog" replaces them with OpenRouter's current list.
 */
export const BUNDLED_CATALOG_DATE = "2026-11-24";

/** `images`: the model reads images too (OpenRouter lists "image" among its input modalities). */
const m = (id: string, name: string, contextLength: number, input: number, output: number, reasoning: boolean, images = false): ModelInfo => ({
  id,
  name,
  vendor: id.slice(0, id.indexOf("/")),
  contextLength,
  inputPerM: input,
  outputPerM: output,
  reasoning,
  images,
});
const VISION = true;

export const BUNDLED_MODELS: readonly ModelInfo[] = [
  m("google/gemini-2.5-flash", "Google: Gemini 2.5 Flash", 1_048_576, 0.3, 2.5, true, VISION),
  m("google/gemini-2.5-flash-lite", "Google: Gemini 2.5 Flash Lite", 1_048_576, 0.1, 0.4, true, VISION),
  m("google/gemini-2.5-pro", "Google: Gemini 2.5 Pro", 1_048_576, 1.25, 10, true, VISION),
  m("anthropic/claude-sonnet-4.5", "Anthropic: Claude Sonnet 4.5", 1_000_000, 3, 15, true, VISION),
  m("anthropic/claude-haiku-4.5", "Anthropic: Claude Haiku 4.5", 200_000, 1, 5, true, VISION),
  m("anthropic/claude-opus-4.1", "Anthropic: Claude Opus 4.1", 200_000, 15, 75, true, VISION),
  m("openai/gpt-5", "OpenAI: GPT-5", 400_000, 1.25, 10, true, VISION),
  m("openai/gpt-5-mini", "OpenAI: GPT-5 Mini", 400_000, 0.25, 2, true, VISION),
  m("openai/gpt-5-nano", "OpenAI: GPT-5 Nano", 400_000, 0.05, 0.4, true, VISION),
  m("openai/gpt-4.1", "OpenAI: GPT-4.1", 1_047_576, 2, 8, false, VISION),
  m("openai/gpt-4o-mini", "OpenAI: GPT-4o-mini", 128_000, 0.15, 0.6, false, VISION),
  m("openai/o4-mini", "OpenAI: o4 Mini", 200_000, 1.1, 4.4, true, VISION),
  m("openai/gpt-oss-120b", "OpenAI: gpt-oss-120b", 131_072, 0.05, 0.25, true),
  m("x-ai/grok-4", "xAI: Grok 4", 256_000, 3, 15, true, VISION),
  m("x-ai/grok-code-fast-1", "xAI: Grok Code Fast 1", 256_000, 0.2, 1.5, true),
  m("deepseek/deepseek-chat-v3.1", "DeepSeek: DeepSeek V3.1", 163_840, 0.2, 0.8, true),
  m("deepseek/deepseek-r1", "DeepSeek: R1", 163_840, 0.4, 2, true),
  m("qwen/qwen3-coder", "Qwen: Qwen3 Coder 480B A35B", 262_144, 0.22, 0.95, false),
  m("qwen/qwen3-235b-a22b", "Qwen: Qwen3 235B A22B", 131_072, 0.13, 0.6, true),
  m("mistralai/codestral-2508", "Mistral: Codestral 2508", 256_000, 0.3, 0.9, false),
  m("mistralai/devstral-medium", "Mistral: Devstral Medium", 131_072, 0.4, 2, false),
  m("mistralai/mistral-large", "Mistral Large", 128_000, 2, 6, false),
  m("meta-llama/llama-4-maverick", "Meta: Llama 4 Maverick", 1_048_576, 0.15, 0.6, false, VISION),
  m("meta-llama/llama-3.3-70b-instruct", "Meta: Llama 3.3 70B Instruct", 131_072, 0.13, 0.4, false),
  m("moonshotai/kimi-k2", "MoonshotAI: Kimi K2", 131_072, 0.5, 2.4, false),
  m("z-ai/glm-4.6", "Z.AI: GLM 4.6", 202_752, 0.5, 1.75, true),
];
