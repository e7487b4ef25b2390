import * as assert from "node:assert/strict";
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
