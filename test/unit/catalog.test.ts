import * as assert from "node:assert/strict";
import { CatalogError, describePrices, estimateInputCost, fillUnknownImages, formatContext, orderForPicker, parseOpenRouterModels, searchModels, shortName, toOpenRouterShape, touchRecent } from "../../src/core/catalog";
import { BUNDLED_MODELS } from "../../src/core/catalogData";
import { readSettings } from "../../src/core/settings";

const OPENROUTER_BODY = {
  data: [
    {
      id: "anthropic/claude-sonnet-4.5",
      name: "Anthropic: Claude Sonnet 4.5",
      context_length: 1000000,
      pricing: { prompt: "0.000003", completion: "0.000015", request: "0" },
      supported_parameters: ["max_tokens", "reasoning", "temperature"],
      architecture: { input_modalities: ["text", "image", "file"] },
      top_provider: { max_completion_tokens: 64000 },
    },
    { id: "openrouter/auto", name: "Auto Router", context_length: 2000000, pricing: { prompt: "-1", completion: "-1" }, supported_parameters: [] },
    { id: "acme/text-only", architecture: { input_modalities: ["text"] } },
    { id: "not a model id", name: "Broken", pricing: {} },
    { id: "mistralai/mistral-small", context_length: "big", pricing: { prompt: 1e-7 } },
    { id: "anthropic/claude-sonnet-4.5", name: "duplicate" },
    null,
    42,
  ],
};

describe("model catalog", () => {
  it("parses OpenRouter's list: per-token prices become per-million, reasoning from supported_parameters, bad entries dropped", () => {
    const c = parseOpenRouterModels(OPENROUTER_BODY, "2026-11-24T00:00:00Z");
    assert.equal(c.source, "openrouter");
    assert.deepEqual(
      c.models.map((m) => m.id),
      ["anthropic/claude-sonnet-4.5", "openrouter/auto", "acme/text-only", "mistralai/mistral-small"],
    );
    const [sonnet, auto, textOnly, small] = c.models;
    assert.equal(textOnly.images, false, "the list says text only");
    assert.deepEqual(sonnet, { id: "anthropic/claude-sonnet-4.5", name: "Anthropic: Claude Sonnet 4.5", vendor: "anthropic", contextLength: 1_000_000, inputPerM: 3, outputPerM: 15, reasoning: true, images: true, maxOutput: 64000 });
    assert.equal(auto.images, undefined, "the list does not say: unknown");
    const filled = fillUnknownImages(c, [{ ...auto, images: true }, { ...textOnly, images: true }]);
    assert.deepEqual(filled.models.map((m) => m.images), [true, true, false, undefined], "the curated list fills in only what the list left unknown");
    assert.equal(auto.inputPerM, undefined, "negative (variable) prices are unknown, not negative");
    assert.equal(small.contextLength, 0);
    assert.equal(small.inputPerM, 0.1);
    assert.equal(small.outputPerM, undefined);
    assert.equal(small.name, "mistralai/mistral-small");
  });

  it("refuses a body that is not a model list, so a refresh never empties the switcher", () => {
    for (const body of [null, "html", { data: "x" }, { models: [] }, { data: [] }, { data: [{ id: "???" }] }]) {
      assert.throws(() => parseOpenRouterModels(body), CatalogError, JSON.stringify(body));
    }
  });

  it("round-trips through the cache shape unchanged", () => {
    const again = parseOpenRouterModels(toOpenRouterShape(BUNDLED_MODELS));
    assert.deepEqual(again.models, BUNDLED_MODELS);
  });

  it("bundles a valid catalog that includes the default model", () => {
    const s = readSettings(() => undefined);
    assert.ok(BUNDLED_MODELS.some((m) => m.id === s.model));
    assert.equal(BUNDLED_MODELS.length, 26);
    assert.equal(new Set(BUNDLED_MODELS.map((m) => m.id)).size, BUNDLED_MODELS.length);
    for (const m of BUNDLED_MODELS) {
      assert.equal(m.vendor, m.id.split("/")[0]);
      assert.ok(m.contextLength > 0 && m.inputPerM! > 0 && m.outputPerM! >= m.inputPerM!, m.id);
    }
  });

  it("searches by vendor, name or id, every word must match", () => {
    const ids = (q: string) => searchModels(BUNDLED_MODELS, q).map((m) => m.id);
    assert.ok(ids("anthropic").every((id) => id.startsWith("anthropic/")) && ids("anthropic").length >= 2);
    assert.deepEqual(ids("sonnet 4.5"), ["anthropic/claude-sonnet-4.5"]);
    assert.deepEqual(ids("GEMINI pro"), ["google/gemini-2.5-pro"]);
    assert.deepEqual(ids("MoonshotAI"), ["moonshotai/kimi-k2"]);
    assert.deepEqual(ids("no such thing"), []);
    assert.equal(ids("  ").length, BUNDLED_MODELS.length);
  });

  it("orders recently used models first, including ids the catalog does not know", () => {
    const recent = touchRecent(touchRecent(["google/gemini-2.5-flash"], "acme/secret-model"), "openai/gpt-5");
    assert.deepEqual(recent, ["openai/gpt-5", "acme/secret-model", "google/gemini-2.5-flash"]);
    assert.deepEqual(touchRecent(recent, "google/gemini-2.5-flash"), ["google/gemini-2.5-flash", "openai/gpt-5", "acme/secret-model"]);
    const { recent: r, others } = orderForPicker(BUNDLED_MODELS, [...recent, "bad id"]);
    assert.deepEqual(r.map((m) => m.id), recent);
    assert.equal(r[1].name, "secret-model");
    assert.equal(others.length, BUNDLED_MODELS.length - 2);
    assert.ok(!others.some((m) => recent.includes(m.id)));
    assert.equal(touchRecent(Array.from({ length: 20 }, (_, i) => `v/m${i}`), "v/new").length, 8);
  });

  it("describes models the way the switcher and tooltip show them", () => {
    const flash = BUNDLED_MODELS.find((m) => m.id === "google/gemini-2.5-flash")!;
    assert.equal(shortName(flash.id), "gemini-2.5-flash");
    assert.equal(formatContext(flash.contextLength), "1.05M context");
    assert.equal(formatContext(131_072), "131K context");
    assert.equal(formatContext(0), "context unknown");
    assert.equal(describePrices(flash), "$0.3 in / $2.5 out per M tokens");
    assert.equal(estimateInputCost(1_000_000, flash), 0.3);
    assert.equal(estimateInputCost(10, undefined), undefined);
  });
});
