import * as assert from "node:assert/strict";
import { preflight } from "../../src/core/budget";
import { BUNDLED_MODELS } from "../../src/core/catalogData";
import { readSettings } from "../../src/core/settings";

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

  it("asks once for a comparison: the estimate sums every model's input, and the budget counts it before anything is sent", () => {
    const others = ["anthropic/claude-sonnet-4.5", "anthropic/claude-haiku-4.5"].map((id) => BUNDLED_MODELS.find((m) => m.id === id)!);
    const also = others.map((m) => ({ id: m.id, info: m }));
    const big = "y".repeat(400_000);
    const [w] = preflight({ ...base, text: big, also });
    assert.equal(w.kind, "estimate");
    assert.match(w.message, /sent to 3 models/);
    // 100,000 tokens at $0.30, $3 and $1 per million.
    assert.match(w.message, /about \$0\.43 for the inputs/);
    const sum = 0.43;
    const [unpriced] = preflight({ ...base, text: big, also: [{ id: "acme/x" }] });
    assert.match(unpriced.message, /no price for acme\/x/);
    // Under the budget alone, over it with what the three inputs will cost.
    const budget = { ...base, text: big, confirmAboveTokens: 0, spentToday: 0.01, dailyBudgetUsd: 0.01 + sum / 2 };
    assert.deepEqual(preflight({ ...budget }), []);
    const [b] = preflight({ ...budget, also });
    assert.equal(b.kind, "budget");
    assert.match(b.message, /these 3 requests/);
  });

  it("reads the budget settings with their ranges and per-action models with the default as fallback", () => {
    const s = readSettings((k) => ({ model: "openai/gpt-5", "models.rewrite": "anthropic/claude-sonnet-4.5", "models.chat": "nope", dailyBudgetUsd: -3, confirmAboveTokens: 5.6 })[k]);
    assert.deepEqual(s.modelFor, { explain: "openai/gpt-5", rewrite: "anthropic/claude-sonnet-4.5", custom: "openai/gpt-5", chat: "openai/gpt-5" });
    assert.equal(s.dailyBudgetUsd, 0);
    assert.equal(s.confirmAboveTokens, 6);
    assert.equal(readSettings((k) => (k === "catalogUrl" ? "http://evil.example/models" : undefined)).catalogUrl, "https://openrouter.ai/api/v1/models");
  });
});
