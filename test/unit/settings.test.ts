import * as assert from "node:assert/strict";
import { readSettings, validateProxyUrl } from "../../src/core/settings";

describe("settings", () => {
  it("clamps ranges, checks the model id and the proxy", () => {
    const warnings: string[] = [];
    const values: Record<string, unknown> = { model: "not a model", temperature: 7, maxTokens: 0, mode: "queue", proxyUrl: "http://example.com", stallTimeoutSeconds: 12 };
    const s = readSettings((k) => values[k], (w) => warnings.push(w));
    assert.equal(s.model, "google/gemini-2.5-flash");
    assert.equal(s.temperature, 2);
    assert.equal(s.maxTokens, undefined);
    assert.equal(s.mode, "queue");
    assert.equal(s.proxyUrl, undefined);
    assert.equal(s.stallTimeoutSeconds, 12);
    assert.equal(warnings.length, 2);
    assert.equal(validateProxyUrl("https://proxy.example.com/fal"), undefined);
    assert.equal(validateProxyUrl("http://127.0.0.1:8080/"), undefined);
  });
});
