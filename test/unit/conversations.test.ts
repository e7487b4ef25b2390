import * as assert from "node:assert/strict";
import { ConversationSerializer } from "../../src/core/conversationJson";
import { conversationCost, conversationToMarkdown, parseConversation, type Conversation } from "../../src/core/conversations";
import type { Attachment } from "../../src/core/transcript";

const code: Attachment = { id: "a1", file: "src/math.ts", languageId: "typescript", startLine: 1, endLine: 3, code: "export function add(a: number, b: number) {\n  return a + b; // ```\n}" };

const stored = (): Conversation => ({
  version: 1,
  id: "c-abc-1",
  title: "What does add do?",
  createdAt: "2026-11-24T08:00:00.000Z",
  updatedAt: "2026-11-24T08:01:00.000Z",
  messages: [
    { id: "m1", role: "user", text: "What does add do?", attachments: [code], time: "2026-11-24T08:00:00.000Z" },
    { id: "m2", role: "assistant", text: "It adds.", model: "google/gemini-2.5-flash", status: "done", usage: { totalTokens: 10, cost: 0.001 }, requestId: "r1", time: "2026-11-24T08:00:01.000Z" },
    { id: "m3", role: "user", text: "More?", time: "2026-11-24T08:00:02.000Z" },
    { id: "m4", role: "assistant", text: "Part", model: "google/gemini-2.5-flash", status: "streaming", time: "2026-11-24T08:00:03.000Z" },
  ],
});

describe("stored conversations", () => {
  it("round-trips through JSON, and an answer left streaming comes back interrupted with its text", () => {
    const back = parseConversation(JSON.parse(JSON.stringify(stored())));
    assert.equal(back.messages.length, 4);
    assert.deepEqual(back.messages[0].attachments, [code]);
    assert.equal(back.messages[3].status, "interrupted");
    assert.equal(back.messages[3].text, "Part");
    assert.equal(conversationCost(back), 0.001);
  });

  it("rejects damaged documents with a reason", () => {
    const cases: Array<[string, unknown]> = [
      ["not an object", null],
      ["version", { ...stored(), version: 2 }],
      ["bad id", { ...stored(), id: "../../etc/passwd" }],
      ["no messages", { ...stored(), messages: "x" }],
      ["message 1", { ...stored(), messages: [stored().messages[0], { id: "m", role: "robot", text: "", time: "t" }] }],
      ["message 0", { ...stored(), messages: [{ ...stored().messages[0], attachments: [{ id: "a", file: "f", languageId: "ts", code: "", startLine: 0, endLine: 1 }] }] }],
      ["message 0", { ...stored(), messages: [{ ...stored().messages[0], status: "exploded" }] }],
    ];
    for (const [reason, raw] of cases) assert.throws(() => parseConversation(raw), new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), reason);
  });

  it("exports markdown with questions, code, answers and what they cost", () => {
    const md = conversationToMarkdown(parseConversation(stored()));
    assert.match(md, /^# What does add do\?\n/);
    assert.match(md, /## You\n\nWhat does add do\?\n\n`src\/math\.ts:1-3` \(TypeScript\)\n\n````typescript\n/);
    assert.match(md, /## Assistant \(google\/gemini-2\.5-flash · 10 tokens · 0\.001 USD\)\n\nIt adds\./);
    assert.match(md, /## Assistant \(google\/gemini-2\.5-flash · interrupted\)\n\nPart/);
  });

  it("is saved without serialising its older messages again: only the newest, which can change, are", () => {
    const c = stored();
    for (let i = 0; i < 50; i++) c.messages.unshift({ id: `old${i}`, role: i % 2 ? "assistant" : "user", text: `turn ${i} ${"x".repeat(100)}`, time: "2026-11-24T07:00:00.000Z" });
    let reads = 0;
    const counted = c.messages.map((m) => {
      const copy = { ...m };
      Object.defineProperty(copy, "text", { enumerable: true, get: () => (reads++, m.text) });
      return copy;
    });
    c.messages = counted;
    const json = new ConversationSerializer();
    assert.deepEqual(JSON.parse(json.serialize(c)), JSON.parse(JSON.stringify(c)));
    reads = 0;
    c.messages[c.messages.length - 1] = { ...stored().messages[3], text: "Part of the answer, streamed further" };
    c.title = "Renamed";
    const again = JSON.parse(json.serialize(c));
    assert.equal(reads, 3, "the three newest older-than-last messages only (the last is a plain object)");
    assert.deepEqual(again, JSON.parse(JSON.stringify(c)), "and what is written is still the whole conversation, as it is now");
    assert.equal(again.messages.at(-1).text, "Part of the answer, streamed further");
    assert.equal(again.title, "Renamed");
  });
});
