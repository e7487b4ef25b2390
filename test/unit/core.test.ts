import * as assert from "node:assert/strict";
import { redact, validateKeyShape } from "../../src/core/apiKey";
import { classifyError, fieldMessages } from "../../src/core/errors";
import { formatUsd } from "../../src/shared/format";
import { buildUserPrompt, extractCode, fenceFor, fillTemplate } from "../../src/core/prompts";
import { readSettings, validateProxyUrl } from "../../src/core/settings";
import { parseUsage, SnapshotDiffer } from "../../src/core/snapshots";

describe("SnapshotDiffer", () => {
  it("emits only what each cumulative snapshot adds", () => {
    const d = new SnapshotDiffer();
    assert.deepEqual(d.next("He", ""), [{ type: "output", delta: "He", text: "He" }]);
    assert.deepEqual(d.next("Hello", "r"), [
      { type: "reasoning", delta: "r", text: "r" },
      { type: "output", delta: "llo", text: "Hello" },
    ]);
    assert.deepEqual(d.next("Hello", "r"), []);
  });
  it("resyncs with a reset when a snapshot does not extend the previous one", () => {
    const d = new SnapshotDiffer();
    d.next("caf\uFFFD", "");
    assert.deepEqual(d.next("café!", ""), [{ type: "reset", output: "café!", reasoning: "" }]);
    assert.deepEqual(d.next("café!!", ""), [{ type: "output", delta: "!", text: "café!!" }]);
  });
});

describe("parseUsage", () => {
  it("reads the documented wire shape", () => {
    assert.deepEqual(parseUsage({ prompt_tokens: 40, completion_tokens: 227, total_tokens: 267, cost: 0.0005795 }), { promptTokens: 40, completionTokens: 227, totalTokens: 267, cost: 0.0005795 });
  });
  it("derives the total, ignores garbage and returns undefined for nothing", () => {
    assert.deepEqual(parseUsage({ prompt_tokens: 1, completion_tokens: 2, cost: "x" }), { promptTokens: 1, completionTokens: 2, totalTokens: 3, cost: undefined });
    assert.equal(parseUsage({}), undefined);
    assert.equal(parseUsage("usage"), undefined);
  });
});

describe("classifyError", () => {
  it("maps statuses to kinds a user can act on", () => {
    assert.equal(classifyError({ status: 403, message: "Forbidden" }).kind, "auth");
    assert.equal(classifyError({ status: 429 }).kind, "rateLimit");
    assert.equal(classifyError({ status: 502 }).kind, "server");
    assert.equal(classifyError({ status: 500, message: "fetch failed", cause: { code: "ECONNREFUSED" } }).kind, "network");
    assert.equal(classifyError(new Error("weird")).kind, "unknown");
  });
  it("reads 422 details in both shapes", () => {
    assert.deepEqual(fieldMessages({ detail: [{ loc: ["body", "temperature"], msg: "too high" }] }), ["temperature: too high"]);
    assert.deepEqual(fieldMessages({ detail: "model not found" }), ["model not found"]);
  });
});

describe("prompts", () => {
  const ctx = { file: "src/a.ts", languageId: "typescript", code: "const a = 1;", startLine: 3, endLine: 3 };
  it("fills {language} and {file}", () => {
    assert.equal(fillTemplate("A {language} file {file} {other}", ctx), "A TypeScript file src/a.ts {other}");
  });
  it("fences code so backticks inside cannot close the fence", () => {
    assert.equal(fenceFor("no ticks"), "```");
    assert.equal(fenceFor("a ```` b"), "`````");
    const p = buildUserPrompt("custom", { ...ctx, code: "x = ```" }, "why?");
    assert.match(p, /^File: src\/a\.ts \(lines 3-3, TypeScript\)\n\n````typescript\nx = ```\n````\n\nwhy\?$/);
  });
  it("extracts the proposed code from a rewrite answer", () => {
    assert.equal(extractCode("Here:\n```ts\nlet b = 2;\n```\n- changed"), "let b = 2;");
    assert.equal(extractCode("  plain code  "), "plain code");
  });
});

describe("API key shape and redaction", () => {
  it("accepts id:secret and explains what is wrong otherwise", () => {
    assert.equal(validateKeyShape("abcd-1234:abcdefgh12345678"), undefined);
    assert.match(validateKeyShape("")!, /Paste/);
    assert.match(validateKeyShape("nocolon")!, /colon/);
    assert.match(validateKeyShape("a b:c")!, /spaces/);
  });
  it("removes the key and its secret from text", () => {
    const key = "abcd-1234:abcdefgh12345678";
    assert.equal(redact(`Authorization: Key ${key} and abcdefgh12345678`, key), "Authorization: Key [key redacted] and [key redacted]");
  });
});

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

describe("formatUsd", () => {
  it("shows sub-cent costs with precision", () => {
    assert.equal(formatUsd(0.0005795), "$0.00058");
    assert.equal(formatUsd(0.0123), "$0.0123");
    assert.equal(formatUsd(1.5), "$1.50");
    assert.equal(formatUsd(undefined), "—");
  });
});
