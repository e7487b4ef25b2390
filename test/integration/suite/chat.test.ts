import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { TRANSCRIPT_RULES } from "../../../src/core/transcript";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { ChatStore } from "../../../src/host/chatStore";
import type { HostToChat } from "../../../src/protocol/chat";
import { DEFAULT_USAGE, FakeFalServer } from "../../support/fakeFal";
import { api, configure, selectLines, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const MATH = "src/math.ts";
const silent = { appendLine() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe("side-panel chat in a real extension host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;
  let frames: HostToChat[] = [];
  let sub: vscode.Disposable;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, stallTimeoutSeconds: 5, chatContextTokens: undefined });
    await vscode.commands.executeCommand("falRouter.focusChat");
    await until(() => ext.chatView.isVisible, 20_000, "the chat view to load and say ready");
    sub = ext.chatView.onDidDeliver((m) => frames.push(m));
  });
  after(async () => {
    sub.dispose();
    await configure({ chatContextTokens: undefined });
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    frames = [];
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });

  it("opens the view from its own activity-bar container with Focus Chat, starting empty", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    assert.equal(ext.chat.conversation, undefined);
    assert.ok(ext.chatView.isVisible);
    const replay = frames.find((m) => m.type === "chat/replay");
    assert.ok(replay && replay.type === "chat/replay");
    assert.equal(replay.messages.length, 0);
    assert.equal(replay.state.title, "New chat");
    assert.equal(replay.state.hasKey, true);
  });

  it("attaches the selection as a chip, which can be removed", async () => {
    await selectLines(MATH, 1, 3);
    const id = await vscode.commands.executeCommand<string>("falRouter.addSelectionToChat");
    assert.ok(id);
    assert.deepEqual(ext.chat.attachments.map((a) => [a.file, a.startLine, a.endLine]), [["src/math.ts", 1, 3]]);
    const chips = frames.filter((m) => m.type === "chat/attachments").at(-1);
    assert.ok(chips?.type === "chat/attachments" && chips.attachments[0].label === "src/math.ts:1-3");
    ext.chatView.receive({ type: "attachment/remove", id });
    assert.equal(ext.chat.attachments.length, 0);
  });

  it("holds a multi-turn conversation: the server receives the documented transcript", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    await selectLines(MATH, 1, 3);
    await vscode.commands.executeCommand("falRouter.addSelectionToChat");
    server.script({ output: ["It ", "adds two numbers."] }, { output: ["Use `a - b`."] });
    frames = [];
    const first = await ext.chat.send("What does add do?");
    assert.equal(first?.outcome, "done");
    const second = await ext.chat.send("And how would subtract look?");
    assert.equal(second?.outcome, "done");

    const [r1, r2] = server.answered;
    assert.equal(r1.body?.model, "google/gemini-2.5-flash");
    assert.equal(r1.authorization, `Key ${SECRET_KEY}`);
    assert.match(String(r1.body?.system_prompt), new RegExp(TRANSCRIPT_RULES.replace(/[.*+?^${}()|[\]\\`]/g, "\\$&")));
    const code = readFileSync(join(vscode.workspace.workspaceFolders![0].uri.fsPath, MATH), "utf8").split("\n").slice(0, 3).join("\n");
    assert.equal(
      r2.body?.prompt,
      [
        "### User\nWhat does add do?\n\nFile: src/math.ts (lines 1-3, TypeScript)\n```typescript\n" + code + "\n```",
        "### Assistant\nIt adds two numbers.",
        "### User\nAnd how would subtract look?",
        "### Assistant",
      ].join("\n\n"),
    );
    const conv = ext.chat.conversation!;
    assert.equal(conv.title, "What does add do?");
    assert.deepEqual(conv.messages.map((m) => [m.role, m.status ?? "", m.text]), [
      ["user", "", "What does add do?"],
      ["assistant", "done", "It adds two numbers."],
      ["user", "", "And how would subtract look?"],
      ["assistant", "done", "Use `a - b`."],
    ]);
    assert.equal(conv.messages[1].usage?.cost, DEFAULT_USAGE.cost);
    // Only deltas and small frames crossed to the webview while streaming; the conversation was never re-sent.
    assert.equal(frames.filter((m) => m.type === "chat/replay").length, 0);
    assert.equal(frames.filter((m) => m.type === "output/delta").map((m) => (m as { text: string }).text).join(""), "It adds two numbers.Use `a - b`.");
    const state = frames.filter((m) => m.type === "chat/state").at(-1);
    assert.ok(state?.type === "chat/state" && Math.abs(state.state.totalCost - 2 * DEFAULT_USAGE.cost) < 1e-12, "running total");
    assert.equal(state?.type === "chat/state" && state.state.busy, false, "the view is told the answer is over");
    assert.equal(await ext.chat.send("   "), undefined, "an empty message sends nothing");
    // Recorded in the usage log as chat requests.
    assert.deepEqual(ext.usage.records.slice(-2).map((r) => r.action), ["chat", "chat"]);
  });

  it("keeps the conversation on disk and reads it back as a new window would", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    server.script({ output: ["Kept ", "on disk."] });
    assert.equal((await ext.chat.send("Will you remember this?"))?.outcome, "done");
    const conv = ext.chat.conversation!;
    await ext.chatStore.flush();
    const fresh = new ChatStore(vscode.Uri.file(join(ext.chatStore.dir, "..")), silent);
    await fresh.ready();
    assert.deepEqual(fresh.get(conv.id)?.messages.map((m) => m.text), ["Will you remember this?", "Kept on disk."]);
    assert.equal(fresh.list()[0].id, conv.id);
  });

  it("regenerates the last answer, and edits the last question back into the input", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    server.script({ output: ["It adds."] }, { output: ["Use `a - b`."] });
    await ext.chat.send("What does add do?");
    await ext.chat.send("And how would subtract look?");
    server.reset();
    frames = [];
    const before = ext.chat.conversation!.messages.length;
    assert.equal(before, 4);
    server.script({ output: ["Try `(a, b) => a - b`."] });
    ext.chatView.receive({ type: "chat/regenerate" });
    await until(() => server.answered.length === 1 && !ext.chat.busy && ext.chat.conversation!.messages.at(-1)!.text.startsWith("Try"), 10_000, "the regenerated answer");
    assert.equal(ext.chat.conversation!.messages.length, before);
    assert.match(String(server.answered[0].body?.prompt), /### User\nAnd how would subtract look\?\n\n### Assistant$/);
    assert.ok(frames.some((m) => m.type === "chat/truncate" && m.count === before - 1));

    ext.chatView.receive({ type: "chat/editLast" });
    assert.equal(ext.chat.conversation!.messages.length, before - 2);
    const compose = frames.find((m) => m.type === "chat/compose");
    assert.ok(compose?.type === "chat/compose" && compose.text === "And how would subtract look?");
  });

  it("keeps within the context budget: older code is condensed, then the oldest turns dropped, and the answer says so", async () => {
    await configure({ chatContextTokens: 1000 });
    await vscode.commands.executeCommand("falRouter.newChat");
    await selectLines(MATH, 1, 9);
    await vscode.commands.executeCommand("falRouter.addSelectionToChat");
    const long = "Please consider this carefully. ".repeat(60); // ~480 tokens
    await ext.chat.send(`First question. ${long}`);
    await ext.chat.send(`Second question. ${long}`);
    await ext.chat.send("Third, short question.");
    const last = server.answered.at(-1)!;
    const prompt = String(last.body?.prompt);
    assert.match(prompt, /^\[\d+ earlier turn\(s\) of this conversation were left out to fit the context budget\.\]/);
    assert.ok(!prompt.includes("First question."), "the oldest turn was dropped");
    assert.match(prompt, /### User\nThird, short question\.\n\n### Assistant$/);
    assert.match(ext.chat.conversation!.messages.at(-1)!.contextNote ?? "", /earlier message\(s\) were left out to fit the context budget/);
    await configure({ chatContextTokens: undefined });
  });

  it("Stop cancels the answer and keeps what arrived; a crash mid-stream leaves it marked interrupted", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    server.script({ output: ["Partial ", "answer ", "that ", "never ", "ends"], delayMs: 400 });
    const running = ext.chat.send("Tell me a long story.");
    await until(() => (ext.chat.conversation?.messages.at(-1)?.text ?? "").startsWith("Partial answer"), 10_000, "some streamed text");
    // A crash now: what is on disk is what the next window would load.
    await until(() => {
      const file = join(ext.chatStore.dir, `${ext.chat.conversation!.id}.json`);
      try {
        return JSON.parse(readFileSync(file, "utf8")).messages.at(-1).text.startsWith("Partial answer");
      } catch {
        return false;
      }
    }, 5000, "the partial answer to be saved while streaming");
    const crashed = new ChatStore(vscode.Uri.file(join(ext.chatStore.dir, "..")), silent);
    await crashed.ready();
    const recovered = crashed.get(ext.chat.conversation!.id)!.messages.at(-1)!;
    assert.equal(recovered.status, "interrupted");
    assert.match(recovered.text, /^Partial answer/);

    await vscode.commands.executeCommand("falRouter.stop");
    const result = (await running) as RunResult;
    assert.equal(result.outcome, "cancelled");
    const reply = ext.chat.conversation!.messages.at(-1)!;
    assert.equal(reply.status, "cancelled");
    assert.match(reply.text, /^Partial answer/);
    const logged = ext.usage.records.at(-1)!;
    assert.deepEqual([logged.action, logged.outcome], ["chat", "cancelled"], "a cancelled request is logged too");
    await server.waitFor((r) => r.some((x) => x.clientClosed), 5000);
  });

  it("uses the chat's own model; an unknown one fails with fal's field message, and Regenerate recovers", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    const config = vscode.workspace.getConfiguration("falRouter");
    await config.update("models.chat", "acme/unknown-model", vscode.ConfigurationTarget.Global);
    const failed = await ext.chat.send("Hello?");
    assert.equal(failed?.outcome, "error");
    assert.equal(server.answered[0].body?.model, "acme/unknown-model");
    const reply = ext.chat.conversation!.messages.at(-1)!;
    assert.equal(reply.status, "failed");
    assert.match(reply.error ?? "", /422/);
    assert.ok(reply.requestId, "the failed answer keeps fal's request id");
    const end = frames.filter((m) => m.type === "run/end").at(-1);
    assert.ok(end?.type === "run/end" && end.status === "failed");
    await config.update("models.chat", undefined, vscode.ConfigurationTarget.Global);
    const again = await ext.chat.regenerate();
    assert.equal(again?.outcome, "done");
    assert.equal(server.answered[1].body?.model, "google/gemini-2.5-flash");
    assert.match(String(server.answered[1].body?.prompt), /^### User\nHello\?\n\n### Assistant$/, "the failed answer is not part of the transcript");
  });

  it("sets a damaged conversation file aside and loads the others", async () => {
    await ext.chatStore.flush();
    const dir = ext.chatStore.dir;
    const good = readdirSync(dir).filter((f) => f.endsWith(".json"));
    writeFileSync(join(dir, "c-damaged-1.json"), '{"version":1,"id":"c-damaged-1","title":"x","messages":[{"role":"robot"}]');
    writeFileSync(join(dir, "c-damaged-2.json"), JSON.stringify({ version: 1, id: "c-damaged-2", title: "t", createdAt: "x", updatedAt: "x", messages: [{ id: "m", role: "robot", text: "", time: "x" }] }));
    const store = new ChatStore(vscode.Uri.file(join(dir, "..")), silent);
    await store.ready();
    assert.equal(store.damaged.length, 2);
    assert.equal(store.list().length, good.length, "every good conversation loaded");
    const files = readdirSync(dir);
    assert.ok(!files.includes("c-damaged-1.json") && files.some((f) => f.startsWith("c-damaged-1.json.damaged-")), "set aside, not deleted");
  });

  it("inserts a code block at the cursor, and applies one to the selection as one undoable edit", async () => {
    const editor = await selectLines(MATH, 1, 1);
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    ext.chatView.receive({ type: "code/insert", code: "// inserted by chat\n" });
    await until(() => editor.document.getText().startsWith("// inserted by chat\n"), 5000, "the insert");
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.getText(), original);

    const sel = await selectLines(MATH, 1, 3);
    ext.chatView.receive({ type: "code/apply", code: "export const add = (a: number, b: number): number => a + b;\n" });
    await until(() => sel.document.getText().startsWith("export const add = (a: number, b: number): number => a + b;\n"), 5000, "the apply");
    assert.equal(sel.document.getText().split("\n").length, original.split("\n").length - 2);
    await vscode.commands.executeCommand("undo");
    assert.equal(sel.document.getText(), original);
    await sel.document.save();

    ext.chatView.receive({ type: "code/newFile", code: "print('hi')\n", language: "py" });
    await until(() => vscode.window.activeTextEditor?.document.languageId === "python", 5000, "a new python file");
    assert.equal(vscode.window.activeTextEditor?.document.getText(), "print('hi')\n");
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("lists past conversations newest first, renames and deletes them", async () => {
    for (const q of ["Oldest question", "What does add do?", "Newest question"]) {
      await vscode.commands.executeCommand("falRouter.newChat");
      server.script({ output: [`About: ${q}`] });
      assert.equal((await ext.chat.send(q))?.outcome, "done");
      await new Promise((r) => setTimeout(r, 5)); // distinct update times
    }
    await ext.chatStore.flush();
    const list = ext.chatStore.list();
    assert.deepEqual(list.slice(0, 3).map((c) => c.title), ["Newest question", "What does add do?", "Oldest question"]);
    assert.ok(list.every((c, i) => i === 0 || list[i - 1].updatedAt >= c.updatedAt), "newest first");
    const target = list[1];
    assert.ok(target, "titled from the first question");
    await ext.chat.rename(target.id, "  Arithmetic helpers  ");
    assert.equal(ext.chatStore.get(target.id)?.title, "Arithmetic helpers");
    const onDisk = JSON.parse(readFileSync(join(ext.chatStore.dir, `${target.id}.json`), "utf8"));
    assert.equal(onDisk.title, "Arithmetic helpers");
    await ext.chat.open(target.id);
    assert.equal(ext.chat.conversation?.id, target.id);
    await ext.chat.delete(target.id);
    assert.equal(ext.chat.conversation, undefined, "deleting the open conversation starts a new one");
    assert.ok(!readdirSync(ext.chatStore.dir).includes(`${target.id}.json`));
    assert.equal(ext.chatStore.list().length, list.length - 1);
  });

  it("exports the conversation to markdown, and ignores malformed webview messages", async () => {
    await vscode.commands.executeCommand("falRouter.newChat");
    server.script({ output: ["```ts\nconst x = 1;\n```\n"] });
    await ext.chat.send("Give me a constant");
    const target = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, "chat.md");
    await vscode.commands.executeCommand("falRouter.exportChat", target);
    const md = readFileSync(target.fsPath, "utf8");
    assert.match(md, /^# Give me a constant\n/);
    assert.match(md, /## You\n\nGive me a constant\n/);
    assert.match(md, /## Assistant \(google\/gemini-2\.5-flash · 267 tokens · 0\.0005795 USD\)\n\n```ts\nconst x = 1;\n```/);
    const count = ext.chat.conversation!.messages.length;
    for (const bad of [{ type: "chat/send" }, { type: "chat/send", text: 5 }, { type: "chat/command", command: "rm -rf" }, "chat/stop", null]) ext.chatView.receive(bad);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.chat.conversation!.messages.length, count);
    assert.equal(server.answered.length, 1);
  });
});
