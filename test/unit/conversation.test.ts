import * as assert from "node:assert/strict";
import type { ChatMessage, Conversation } from "../../src/core/conversations";
import { ConversationSerializer } from "../../src/core/conversationJson";
import { ChatConversation, type ChatOutput, type ConversationStore } from "../../src/core/engine/conversation";
import type { RouterEvent } from "../../src/core/types";
import { scriptedEngine, type EngineScript } from "../support/scriptedEngine";

const CODE = { file: "src/math.ts", languageId: "typescript", startLine: 1, endLine: 3, code: "export function add(a: number, b: number) {\n  return a + b;\n}" };

/** A conversation over the scripted engine, with a store and a view that record what they were told. */
function setup(script: EngineScript = {}) {
  const { engine, log, gateway, recorded } = scriptedEngine(script);
  const said: string[] = [];
  const saved: string[] = [];
  let created = 0;
  // Every save, in every scenario of this file, checks that the store's serialiser (which keeps the
  // JSON of older messages) writes what serialising the whole conversation would.
  const json = new ConversationSerializer();
  const sameAsWhole = (c: Conversation) => assert.deepEqual(JSON.parse(json.serialize(c)), JSON.parse(JSON.stringify(c)), "the saved JSON is the conversation's");
  const store: ConversationStore = {
    create: (): Conversation => ({ version: 1, id: `c-test-${++created}`, title: "New chat", createdAt: "t", updatedAt: "t", messages: [] }),
    save: async (c) => {
      sameAsWhole(c);
      saved.push(`${c.id}:${c.messages.map((m) => `${m.role}/${m.status ?? "-"}`).join(",")}`);
    },
    saveSoon: (c, before) => {
      before();
      sameAsWhole(c);
    },
    flush: async () => void saved.push("flush"),
  };
  const out: ChatOutput = {
    appended: (m) => said.push(`append:${m.role}:${m.text}`),
    truncated: (n) => said.push(`truncate:${n}`),
    attachmentsChanged: (a) => said.push(`attachments:${a.length}`),
    compose: (t) => said.push(`compose:${t}`),
    stateChanged: () => said.push("state"),
    answerStarted: (m, run) => said.push(`started:${m.model}:${run.runId}`),
    answerEvent: (_m, e: RouterEvent) => said.push(`event:${e.type}`),
    answerEnded: (m) => said.push(`ended:${m.status}:${m.text}`),
    noKey: (kept) => said.push(`noKey:${kept}`),
    refused: (message) => said.push(`refused:${message}`),
  };
  const chat = new ChatConversation(engine, store, out, { now: () => 1000 });
  return { chat, said, saved, log, gateway, recorded };
}

const messages = (chat: ChatConversation): string[] => (chat.conversation?.messages ?? []).map((m: ChatMessage) => `${m.role}:${m.status ?? "-"}:${m.text}`);

describe("ChatConversation (core conversation rules over the scripted engine)", () => {
  it("sends a question with its attachment, streams the answer and ends it done with usage, in order", async () => {
    const { chat, said, gateway, log, recorded } = setup();
    chat.attach(CODE);
    const result = await chat.send("  What does add do?  ");
    assert.equal(result?.outcome, "done");
    assert.deepEqual(messages(chat), ["user:-:What does add do?", "assistant:done:Hello"]);
    assert.equal(chat.conversation?.title, "What does add do?");
    const reply = chat.conversation!.messages[1];
    assert.deepEqual([reply.model, reply.requestId, reply.usage?.cost], ["acme/first", "req-1", 0.002]);
    assert.deepEqual(said, [
      "attachments:1",
      "append:user:What does add do?",
      "attachments:0",
      "started:acme/first:run-rs-1",
      "event:started",
      "event:output",
      "event:output",
      "event:usage",
      "event:done",
      "ended:done:Hello",
      "state",
    ]);
    assert.deepEqual(log, ["key:send the message", "confirm:acme/first:0", "gatewayFor:id:secret", "gateway:acme/first", "usage"]);
    assert.match(gateway.requests[0].prompt, /^### User\nWhat does add do\?\n\nFile: src\/math\.ts \(lines 1-3, TypeScript\)\n```typescript\nexport function add/);
    assert.match(gateway.requests[0].prompt, /### Assistant$/);
    assert.deepEqual(recorded, [["chat", "acme/first", "done"]]);
    assert.equal(chat.attachments.length, 0);
  });

  it("sends a pasted image with the newest question to the vision request, and names it only in later turns", async () => {
    const { chat, gateway, said } = setup({ acceptsImages: () => true });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const img = chat.attachImage({ name: "shots/error.png", mimeType: "image/png", data: png });
    assert.deepEqual(img.image, { mimeType: "image/png", bytes: 7 });
    assert.deepEqual(chat.imageData(img.id)?.data, png);
    await chat.send("");
    const first = gateway.requests[0];
    assert.equal(first.prompt, "### User\nLook at this image.\n\nImage: shots/error.png [attached to this message]\n\n### Assistant");
    assert.deepEqual(first.images, [{ kind: "bytes", mimeType: "image/png", data: png, name: "shots/error.png" }]);
    assert.ok(said.includes("attachments:1"));
    await chat.send("And the second line?");
    const second = gateway.requests[1];
    assert.equal(second.images, undefined, "an earlier turn's image is not sent again");
    assert.match(second.prompt, /Image: shots\/error\.png \[shown earlier in the conversation; not sent again\]/);
    assert.equal(JSON.stringify(chat.conversation).includes('"data"'), false, "the saved conversation holds no image bytes");
  });

  it("refuses images for a text-only model before anything is sent, and puts the question back", async () => {
    const { chat, gateway, said, log } = setup({ acceptsImages: () => false });
    chat.attachImage({ name: "mock.webp", mimeType: "image/webp", data: new Uint8Array([1]) });
    const result = await chat.send("What is this?");
    assert.equal(result, undefined);
    assert.equal(gateway.requests.length, 0);
    assert.ok(!log.some((l) => l.startsWith("key:")), "refused before the key or the budget is asked");
    assert.ok(said.includes("compose:What is this?"), said.join(" | "));
    assert.ok(said.some((s) => /^refused:acme\/first does not accept images/.test(s)), said.join(" | "));
    assert.equal(chat.attachments.length, 1, "the image stays attached");
    assert.deepEqual(chat.conversation?.messages ?? [], []);
  });

  it("sends the earlier turns, leaving out failed answers without text, and keeps the first question's title", async () => {
    const { chat, gateway } = setup();
    await chat.send("first question");
    chat.conversation!.messages.push({ id: "m-x", role: "user", text: "second", time: "t" }, { id: "m-y", role: "assistant", text: "", status: "failed", time: "t" });
    await chat.send("third");
    const prompt = gateway.requests[1].prompt;
    assert.deepEqual(prompt.match(/^### (User|Assistant)$/gm), ["### User", "### Assistant", "### User", "### User", "### Assistant"]);
    assert.equal(chat.conversation?.title, "first question");
  });

  it("keeps the question unsent when there is no key, and sends nothing", async () => {
    const { chat, said, gateway, saved } = setup({ key: undefined });
    assert.equal(await chat.send("hello?"), undefined);
    assert.deepEqual(messages(chat), ["user:-:hello?"]);
    assert.ok(said.includes("noKey:true"));
    assert.equal(gateway.requests.length, 0);
    assert.deepEqual(saved, ["c-test-1:user/-"]);
  });

  it("adds nothing to the conversation when the budget question is declined", async () => {
    const { chat, gateway } = setup({ confirm: false });
    chat.attach(CODE);
    assert.equal(await chat.send("too expensive"), undefined);
    assert.deepEqual(messages(chat), []);
    assert.equal(chat.attachments.length, 1, "the attachment waits for the next try");
    assert.equal(gateway.requests.length, 0);
  });

  it("answers one question at a time, and Stop ends the answer cancelled with its text so far", async () => {
    const { chat, gateway } = setup({ pauseAfter: 3 });
    const first = chat.send("long one");
    while (!gateway.resume) await new Promise((r) => setTimeout(r, 1));
    assert.ok(chat.busy);
    assert.equal(await chat.send("meanwhile"), undefined, "a second question while one streams is refused");
    assert.equal(chat.streaming?.run.output, "Hello");
    chat.stop();
    gateway.resume();
    assert.equal((await first)?.outcome, "cancelled");
    assert.deepEqual(messages(chat), ["user:-:long one", "assistant:cancelled:Hello"]);
    assert.equal(chat.busy, false);
  });

  it("says what the context budget left out, once, under the answer", async () => {
    const { chat, gateway } = setup({ settings: { chatContextTokens: 2000 } });
    const big = { ...CODE, code: "x".repeat(6000) };
    chat.attach(big);
    await chat.send("first");
    chat.attach(big);
    await chat.send("second");
    const reply = chat.conversation!.messages[3];
    assert.equal(reply.contextNote, "code attached to 1 earlier message(s) was condensed to fit the context budget.");
    assert.match(gateway.requests[1].prompt, /\[code omitted to save context/);
  });

  it("regenerates the last answer in place, and edit-last takes the question and its code back to the input", async () => {
    const { chat, said } = setup();
    chat.attach(CODE);
    await chat.send("explain");
    said.length = 0;
    await chat.regenerate();
    assert.deepEqual(said.slice(0, 2), ["truncate:1", "started:acme/second:run-rs-2"], "the model is the one the new request resolved");
    assert.deepEqual(messages(chat), ["user:-:explain", "assistant:done:Hello"]);
    said.length = 0;
    chat.editLast();
    assert.deepEqual(messages(chat), []);
    assert.deepEqual(said, ["truncate:0", "attachments:1", "compose:explain", "state"]);
    assert.equal(chat.attachments[0].code, CODE.code);
  });

  it("saves an answer cut off by shutdown as interrupted, with its text so far", async () => {
    const { chat, gateway, saved } = setup({ pauseAfter: 3 });
    const sending = chat.send("will be cut");
    while (!gateway.resume) await new Promise((r) => setTimeout(r, 1));
    await chat.shutdown();
    gateway.resume();
    await sending;
    assert.deepEqual(messages(chat), ["user:-:will be cut", "assistant:interrupted:Hello"]);
    assert.ok(saved.includes("c-test-1:user/-,assistant/interrupted"));
    assert.ok(saved.includes("flush"));
  });

  it("keeps a failed answer's error and partial text", async () => {
    const { chat } = setup({ events: [{ type: "started" }, { type: "output", delta: "Par", text: "Par" }, { type: "error", error: { kind: "network", message: "The connection dropped.", retryable: true } }] as RouterEvent[] });
    await chat.send("q");
    const reply = chat.conversation!.messages[1];
    assert.deepEqual([reply.status, reply.text, reply.error], ["failed", "Par", "The connection dropped."]);
  });
});
