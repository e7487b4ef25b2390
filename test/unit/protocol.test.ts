import * as assert from "node:assert/strict";
import { parseChatMessage, type ChatToHost } from "../../src/protocol/chat";
import { parseCompareMessage, parseComparison } from "../../src/protocol/compare";
import { parsePanelMessage } from "../../src/protocol/panel";
import { parseUsageMessage } from "../../src/protocol/usage";
import { bare, parserFor } from "../../src/protocol/validate";

describe("protocol: validation of what webviews post", () => {
  it("accepts well-formed chat messages and refuses the rest", () => {
    assert.deepEqual(parseChatMessage({ type: "chat/send", text: "hi" }), { type: "chat/send", text: "hi" });
    assert.deepEqual(parseChatMessage({ type: "chat/ready", known: 3, conversationId: "c-1", lastId: "m3", extra: 1 }), { type: "chat/ready", known: 3, conversationId: "c-1", lastId: "m3" });
    assert.deepEqual(parseChatMessage({ type: "chat/command", command: "history" }), { type: "chat/command", command: "history" });
    assert.deepEqual(parseChatMessage({ type: "code/newFile", code: "x", language: "ts" }), { type: "code/newFile", code: "x", language: "ts" });
    assert.deepEqual(parseChatMessage({ type: "image/add", name: "shot.png", mimeType: "image/png", data: "iVBORw0KGgo=", path: "/etc" }), { type: "image/add", name: "shot.png", mimeType: "image/png", data: "iVBORw0KGgo=" });
    for (const bad of [
      { type: "chat/send" },
      { type: "chat/ready", known: -1 },
      { type: "chat/ready", known: 1.5 },
      { type: "chat/ready", known: 1, conversationId: 7 },
      { type: "chat/command", command: "runShell" },
      { type: "attachment/remove" },
      { type: "code/newFile", code: "x" },
      { type: "code/insert", code: 1 },
      { type: "image/add", name: "a.svg", mimeType: "image/svg+xml", data: "PHN2Zz4=" },
      { type: "image/add", name: "a.png", mimeType: "image/png", data: "not base64!" },
      { type: "image/add", name: "x".repeat(201), mimeType: "image/png", data: "AA==" },
      { type: "image/add", name: "big.png", mimeType: "image/png", data: "A".repeat(28_000_000) },
    ]) {
      assert.equal(parseChatMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("gives each surface only its own messages", () => {
    assert.deepEqual(parsePanelMessage({ type: "rewrite/apply", runId: "run-1" }), { type: "rewrite/apply", runId: "run-1" });
    assert.deepEqual(parsePanelMessage({ type: "rewrite/reject", runId: "run-1", extra: 1 }), { type: "rewrite/reject", runId: "run-1" });
    assert.equal(parsePanelMessage({ type: "rewrite/reject" }), undefined, "a reject names its run");
    assert.equal(parsePanelMessage({ type: "chat/send", text: "hi" }), undefined, "the panel does not take chat messages");
    assert.equal(parseChatMessage({ type: "rewrite/apply", runId: "run-1" }), undefined, "the chat does not take panel messages");
    assert.deepEqual(parseUsageMessage({ type: "usage/export" }), { type: "usage/export" });
    assert.equal(parseUsageMessage({ type: "link/open", href: "https://x.y" }), undefined);
    for (const raw of [null, "webview/ready", { type: "toString" }, { type: "__proto__" }, { type: "constructor" }]) {
      assert.equal(parsePanelMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it("validates the comparison panel's messages and its saved comparisons", () => {
    assert.deepEqual(parseCompareMessage({ type: "column/retry", runId: "r1" }), { type: "column/retry", runId: "r1" });
    assert.deepEqual(parseCompareMessage({ type: "compare/diff", left: "a", right: "b" }), { type: "compare/diff", left: "a", right: "b" });
    assert.equal(parseCompareMessage({ type: "compare/diff", left: "a", right: "a" }), undefined, "an answer against itself is no diff");
    assert.equal(parseCompareMessage({ type: "compare/use" }), undefined);
    assert.equal(parseCompareMessage({ type: "rewrite/apply", runId: "r1" }), undefined, "not the result panel's messages");
    const col = { model: "a/1", runId: "r1", status: "done", output: "Hi", usage: { cost: 0.001, totalTokens: -1 }, totalMs: 5 };
    const saved = parseComparison({ id: "c1", title: "Explain", source: "a.ts:1-2", canUse: true, archived: false, columns: [col, { ...col, model: "a/2", status: "streaming" }] });
    assert.equal(saved?.archived, true);
    assert.equal(saved?.canUse, false, "nothing is sent from a saved comparison");
    assert.deepEqual(saved?.columns.map((c) => c.status), ["done", "interrupted"]);
    assert.equal(saved?.columns[0].usage, undefined, "a negative count is not trusted");
    assert.equal(parseComparison({ id: "c1", title: "t", source: "s", columns: [{ ...col, status: "exploded" }] }), undefined);
    assert.equal(parseComparison({ id: "c1", title: "t", source: "s", columns: [] }), undefined);
  });

  it("does not compile a validator table that misses a message type", () => {
    // @ts-expect-error every ChatToHost type needs a validator: this table has one
    const partial = parserFor<ChatToHost>({ "chat/stop": bare("chat/stop") });
    assert.equal(partial({ type: "chat/send", text: "hi" }), undefined, "and at runtime a type without a validator is refused");
  });
});
