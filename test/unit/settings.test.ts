import * as assert from "node:assert/strict";
import { readSettings, validateProxyUrl } from "../../src/core/settings";

describe("settings", () => {
  it("reads valid values as they are, and unset ones as the defaults, with no problem", () => {
    const values: Record<string, unknown> = { temperature: 0.2, maxTokens: 0, mode: "queue", proxyUrl: "http://127.0.0.1:8080/", stallTimeoutSeconds: 12, dailyBudgetUsd: 5 };
    const s = readSettings((k) => values[k]);
    assert.deepEqual([s.temperature, s.maxTokens, s.mode, s.proxyUrl, s.stallTimeoutSeconds, s.dailyBudgetUsd], [0.2, undefined, "queue", "http://127.0.0.1:8080/", 12, 5]);
    assert.deepEqual(s.problems, []);
    assert.deepEqual(readSettings(() => undefined).problems, []);
    assert.equal(validateProxyUrl("https://proxy.example.com/fal"), undefined);
    assert.equal(validateProxyUrl("http://127.0.0.1:8080/"), undefined);
  });

  it("names every hand-edited value the schema would refuse, one sentence each (the engine then sends nothing)", () => {
    const warnings: string[] = [];
    const values: Record<string, unknown> = {
      model: "not a model",
      temperature: 5,
      maxTokens: -1,
      mode: "turbo",
      proxyUrl: "ftp://proxy.example.com",
      dailyBudgetUsd: -3,
      stallTimeoutSeconds: "30",
      "models.chat": "gpt 4",
    };
    const s = readSettings((k) => values[k], (w) => warnings.push(w));
    assert.deepEqual(s.problems, [
      "falRouter.model is “not a model”, which is not a model id (provider/model, such as google/gemini-2.5-flash).",
      "falRouter.maxTokens is -1, but it must be a whole number from 1 to 1000000.",
      "falRouter.proxyUrl is “ftp://proxy.example.com”: The proxy URL must use https:// (http:// is allowed only for localhost).",
      "falRouter.models.chat is “gpt 4”, which is not a model id (provider/model, such as google/gemini-2.5-flash).",
      "falRouter.temperature is 5, but it must be a number from 0 to 2.",
      "falRouter.mode is \"turbo\", but it must be \"stream\" or \"queue\".",
      "falRouter.stallTimeoutSeconds is \"30\", but it must be a whole number from 5 to 600.",
      "falRouter.dailyBudgetUsd is -3, but it must be a number from 0 to 100000.",
    ]);
    assert.deepEqual(warnings, s.problems, "each is logged too");
    // The proxy that is not https is never used as if it were not set.
    assert.equal(s.proxyUrl, undefined);
  });
});
