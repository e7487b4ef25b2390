import * as assert from "node:assert/strict";
import { preflight } from "../../src/core/budget";
import {
  CatalogError,
  describePrices,
  estimateInputCost,
  formatContext,
  orderForPicker,
  parseOpenRouterModels,
  searchModels,
  shortName,
  toOpenRouterShape,
  touchRecent,
} from "../../src/core/catalog";
import { BUNDLED_MODELS } from "../../src/core/catalogData";
import { readSettings } from "../../src/core/settings";
import { dayOf, parseUsageLog, serializeRecord, spentOn, summarize, toCsv, type UsageRecord } from "../../src/core/usageLog";

const OPENROUTER_BODY = {
  data: [
    {
      id: "anthropic/claude-sonnet-4.5",
      name: "Anthropic: Claude Sonnet 4.5",
      context_length: 1000000,
      pricing: { prompt: "0.000003", completion: "0.000015", request: "0" },
      supported_parameters: ["max_tokens", "reasoning", "temperature"],
    },
    { id: "openrouter/auto", name: "Auto Router", context_length: 2000000, pricing: { prompt: "-1", completion: "-1" }, supported_parameters: [] },
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
      ["anthropic/claude-sonnet-4.5", "openrouter/auto", "mistralai/mistral-small"],
    );
    const [sonnet, auto, small] = c.models;
    assert.deepEqual(sonnet, { id: "anthropic/claude-sonnet-4.5", name: "Anthropic: Claude Sonnet 4.5", vendor: "anthropic", contextLength: 1_000_000, inputPerM: 3, outputPerM: 15, reasoning: true });
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

const rec = (over: Partial<UsageRecord>): UsageRecord => ({
  time: "2026-11-20T10:00:00.000Z",
  action: "explain",
  model: "google/gemini-2.5-flash",
  outcome: "done",
  promptTokens: 100,
  completionTokens: 50,
  totalTokens: 150,
  cost: 0.001,
  requestId: "req-1",
  ...over,
});

describe("usage log", () => {
  it("round-trips records and keeps good lines around damaged ones", () => {
    const a = rec({});
    const b = rec({ outcome: "error", error: "auth", cost: undefined, totalTokens: undefined, promptTokens: undefined, completionTokens: undefined, requestId: "req-2" });
    const text = [serializeRecord(a), "{not json", serializeRecord(b), JSON.stringify({ time: "yesterday", action: "x", model: "m", outcome: "done" }), "", JSON.stringify({ ...a, outcome: "exploded" }), "\u0000\u0000"].join("\n");
    const { records, damaged } = parseUsageLog(text);
    assert.equal(damaged, 4);
    assert.equal(records.length, 2);
    assert.deepEqual(JSON.parse(JSON.stringify(records[0])), JSON.parse(serializeRecord(a)));
    assert.equal(records[1].outcome, "error");
    assert.equal(records[1].cost, undefined);
    assert.equal(records[1].error, "auth");
  });

  it("drops negative or non-numeric usage numbers instead of trusting them", () => {
    const { records } = parseUsageLog(JSON.stringify({ ...rec({}), cost: -5, totalTokens: "9" }));
    assert.equal(records[0].cost, undefined);
    assert.equal(records[0].totalTokens, undefined);
  });

  it("sums billed cost per day and per model, counting requests without a reported cost", () => {
    const day1 = "2026-11-20T12:00:00";
    const day2 = "2026-11-21T12:00:00";
    const records = [
      rec({ time: new Date(day1).toISOString(), cost: 0.002 }),
      rec({ time: new Date(day1).toISOString(), model: "openai/gpt-5", cost: 0.01, totalTokens: 1000 }),
      rec({ time: new Date(day2).toISOString(), cost: 0.003 }),
      rec({ time: new Date(day2).toISOString(), outcome: "cancelled", cost: undefined, totalTokens: undefined, promptTokens: 10, completionTokens: 5 }),
    ];
    const s = summarize(records);
    assert.equal(s.total.requests, 4);
    assert.equal(s.total.unknownCost, 1);
    assert.ok(Math.abs(s.total.cost - 0.015) < 1e-12);
    assert.equal(s.total.tokens, 150 + 1000 + 150 + 15);
    assert.deepEqual(s.byDay.map((d) => [d.day, d.requests]), [["2026-11-21", 2], ["2026-11-20", 2]]);
    assert.deepEqual(s.byModel.map((m) => [m.model, m.requests]), [["openai/gpt-5", 1], ["google/gemini-2.5-flash", 3]]);
    assert.ok(Math.abs(spentOn(records, "2026-11-20") - 0.012) < 1e-12);
    assert.equal(spentOn(records, "2026-11-22"), 0);
    assert.equal(dayOf(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
  });

  it("exports CSV with a header, quoting, empty cells for unknowns, and defused formulas", () => {
    const csv = toCsv([rec({ model: 'vendor/a,"b"' }), rec({ action: "=HYPERLINK(1)", cost: undefined, requestId: undefined })]);
    const lines = csv.trimEnd().split("\r\n");
    assert.equal(lines[0], "time,action,model,outcome,prompt_tokens,completion_tokens,total_tokens,cost_usd,request_id,error");
    assert.equal(lines[1], '2026-11-20T10:00:00.000Z,explain,"vendor/a,""b""",done,100,50,150,0.001,req-1,');
    assert.equal(lines[2], "2026-11-20T10:00:00.000Z,'=HYPERLINK(1),google/gemini-2.5-flash,done,100,50,150,,,");
    assert.equal(toCsv([]), "time,action,model,outcome,prompt_tokens,completion_tokens,total_tokens,cost_usd,request_id,error\r\n");
  });
});

describe("budget and estimate rules", () => {
  const flash = BUNDLED_MODELS.find((m) => m.id === "google/gemini-2.5-flash")!;
  const base = { text: "x".repeat(400), modelId: flash.id, model: flash, spentToday: 0, dailyBudgetUsd: 0, budgetAcknowledged: false, confirmAboveTokens: 20_000 };

  it("says nothing for a small prompt under budget, or with the budget off", () => {
    assert.deepEqual(preflight(base), []);
    assert.deepEqual(preflight({ ...base, spentToday: 1000 }), []);
    assert.deepEqual(preflight({ ...base, dailyBudgetUsd: 1, spentToday: 0.99 }), []);
  });

  it("warns once today's billed spend reaches the budget, until the user acknowledges it", () => {
    const [w] = preflight({ ...base, dailyBudgetUsd: 1, spentToday: 1 });
    assert.equal(w.kind, "budget");
    assert.match(w.message, /\$1\.00, which has reached your daily budget of \$1\.00/);
    assert.deepEqual(preflight({ ...base, dailyBudgetUsd: 1, spentToday: 3, budgetAcknowledged: true }), []);
  });

  it("estimates a large prompt from the catalog price and labels it an estimate", () => {
    const [w] = preflight({ ...base, text: "y".repeat(400_000) });
    assert.equal(w.kind, "estimate");
    assert.match(w.message, /about 100,000 tokens/);
    assert.match(w.message, /about \$0\.03 for the input/);
    assert.match(w.message, /estimate/i);
    assert.deepEqual(preflight({ ...base, text: "y".repeat(400_000), confirmAboveTokens: 0 }), []);
    const [unknown] = preflight({ ...base, text: "y".repeat(400_000), model: undefined, modelId: "acme/x" });
    assert.match(unknown.message, /no price for acme\/x/);
  });

  it("reads the budget settings with their ranges and per-action models with the default as fallback", () => {
    const s = readSettings((k) => ({ model: "openai/gpt-5", "models.rewrite": "anthropic/claude-sonnet-4.5", "models.chat": "nope", dailyBudgetUsd: -3, confirmAboveTokens: 5.6 })[k]);
    assert.deepEqual(s.modelFor, { explain: "openai/gpt-5", rewrite: "anthropic/claude-sonnet-4.5", custom: "openai/gpt-5", chat: "openai/gpt-5" });
    assert.equal(s.dailyBudgetUsd, 0);
    assert.equal(s.confirmAboveTokens, 6);
    assert.equal(readSettings((k) => (k === "catalogUrl" ? "http://evil.example/models" : undefined)).catalogUrl, "https://openrouter.ai/api/v1/models");
  });
});
