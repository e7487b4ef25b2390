import * as assert from "node:assert/strict";
import { parseChatMessage, type ChatToHost } from "../../src/protocol/chat";
import { parsePanelMessage } from "../../src/protocol/panel";
import { parseUsageMessage } from "../../src/protocol/usage";
import { bare, parserFor } from "../../src/protocol/validate";

describe("protocol: validation of what webviews post", () => {
  it("accepts well-formed chat messages and refuses the rest", () => {
    assert.deepEqual(parseChatMessage({ type: "chat/send", text: "hi" }), { type: "chat/send", text: "hi" });
    assert.deepEqual(parseChatMessage({ type: "chat/ready", known: 3, conversationId: "c-1", lastId: "m3", extra: 1 }), { type: "chat/ready", known: 3, conversationId: "c-1", lastId: "m3" });
    assert.deepEqual(parseChatMessage({ type: "chat/command", command: "history" }), { type: "chat/command", command: "history" });
    assert.deepEqual(parseChatMessage({ type: "code/newFile", code: "x", language: "ts" }), { type: "code/newFile", code: "x", language: "ts" });
    for (const bad of [
      { type: "chat/send" },
      { type: "chat/ready", known: -1 },
      { type: "chat/ready", known: 1.5 },
      { type: "chat/ready", known: 1, conversationId: 7 },
      { type: "chat/command", command: "runShell" },
      { type: "attachment/remove" },
      { type: "code/newFile", code: "x" },
      { type: "code/insert", code: 1 },
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

  it("does not compile a validator table that misses a message type", () => {
    // @ts-expect-error every ChatToHost type needs a validator: this table has one
    const partial = parserFor<ChatToHost>({ "chat/stop": bare("chat/stop") });
    assert.equal(partial({ type: "chat/send", text: "hi" }), undefined, "and at runtime a type without a validator is refused");
  });
});
