import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { DEFAULT_OUTPUT, DEFAULT_USAGE, FakeFalServer } from "../../support/fakeFal";
import { api, configure, recordPosts, selectLines, startAndAwaitOutput } from "./helpers";
import { BAD_KEY, ENV_KEY, SECRET_KEY } from "./keys";

const MATH = "src/math.ts";

describe("fal Router inside a real VS Code extension host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, stallTimeoutSeconds: 5 });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });

  const explain = () => vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");
  const rewrite = () => vscode.commands.executeCommand<RunResult | undefined>("falRouter.rewriteSelection");

  it("declares every command with a category and registers a handler for each; activates lazily", async () => {
    const pkg = vscode.extensions.getExtension("fal-router-dev.fal-router")!.packageJSON as { activationEvents: string[]; contributes: { commands: Array<{ command: string; title: string; category?: string }> } };
    assert.deepEqual(pkg.activationEvents, ["onStartupFinished", "onWebviewPanel:falRouter.result"]);
    const declared = pkg.contributes.commands;
    assert.equal(declared.length, 34);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of declared) {
      assert.equal(c.category, "fal Router", `${c.command} has the category`);
      assert.ok(c.title.trim(), `${c.command} has a title`);
      assert.ok(registered.has(c.command), `${c.command} has a handler in the running extension`);
    }
    // And the extension registers nothing it does not declare.
    const ours = [...registered].filter((id) => id.startsWith("falRouter.") && !id.startsWith("falRouter.chat."));
    assert.deepEqual(ours.sort(), declared.map((c) => c.command).sort());
  });

  it("stores the key in SecretStorage, clears it, then falls back to FAL_KEY from the environment", async () => {
    assert.equal((await ext.keys.get())?.source, "secretStorage");
    await vscode.commands.executeCommand("falRouter.clearApiKey");
    const fallback = await ext.keys.get();
    assert.equal(fallback?.source, "environment");
    assert.equal(fallback?.key, ENV_KEY);
    await selectLines(MATH, 1, 3);
    await explain();
    assert.equal(server.answered[0].authorization, `Key ${ENV_KEY}`);
    const settings = JSON.stringify(vscode.workspace.getConfiguration("falRouter"));
    assert.ok(!settings.includes(SECRET_KEY) && !settings.includes(ENV_KEY), "no key in settings");
  });

  it("explains a selection: the server gets code and prompts, the panel streams deltas and shows usage", async () => {
    await selectLines(MATH, 1, 3);
    // Events 60 ms apart, longer than the forwarder's batching window: one delta per event.
    server.script({ output: DEFAULT_OUTPUT, delayMs: 60 });
    const { value: result, posts } = await recordPosts(ext, explain);
    assert.equal(result?.outcome, "done");
    const [rec] = server.answered;
    assert.equal(rec.authorization, `Key ${SECRET_KEY}`);
    assert.equal(rec.target, "https://fal.run/openrouter/router/stream");
    assert.equal(rec.body?.model, "google/gemini-2.5-flash");
    assert.match(String(rec.body?.prompt), /File: src\/math\.ts \(lines 1-3, TypeScript\)/);
    assert.match(String(rec.body?.prompt), /export function add\(a: number, b: number\): number \{/);
    assert.match(String(rec.body?.system_prompt), /TypeScript/);
    assert.match(String(rec.body?.system_prompt), /src\/math\.ts/);

    const snap = ext.panel.snapshot!;
    assert.equal(snap.status, "done");
    assert.equal(snap.action, "Explain");
    assert.equal(snap.source, "src/math.ts:1-3");
    assert.match(snap.output, /## What it does/);
    assert.equal(snap.usage?.cost, DEFAULT_USAGE.cost);
    assert.equal(snap.usage?.totalTokens, DEFAULT_USAGE.total_tokens);
    assert.ok(snap.totalMs !== undefined && snap.firstTokenMs !== undefined);
    // Only deltas cross postMessage: together they are exactly the answer, none repeats it.
    const deltas = posts.filter((m) => m.type === "output/delta").map((m) => (m as { text: string }).text);
    assert.equal(deltas.join(""), snap.output);
    assert.deepEqual(deltas, DEFAULT_OUTPUT, "each delta is only what the new snapshot added");
    assert.equal(posts.filter((m) => m.type === "run/end").length, 1);
    assert.equal(posts[0].type, "run/start");
    assert.ok(ext.panel.isOpen);
  });

  it("rewrites, applies as one undoable edit, and undo restores the original", async () => {
    server.script({ output: ["Here it is:\n\n", "```ts\nexport const add = (a: number, b: number): number => a + b;\n```\n", "- arrow function\n"] });
    const editor = await selectLines(MATH, 1, 3);
    const original = editor.document.getText();
    const result = await rewrite();
    assert.equal(result?.outcome, "done");
    assert.match(String(server.answered[0].body?.system_prompt), /Rewrite/);
    const snap = ext.panel.snapshot!;
    assert.equal(snap.canApply, true);
    await ext.panel.apply(snap.runId);
    assert.equal(editor.document.getText().split("\n")[0], "export const add = (a: number, b: number): number => a + b;");
    assert.ok(ext.panel.snapshot!.applied);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.getText(), original);
    await editor.document.save();
  });

  it("refuses to apply when the document changed under the selection", async () => {
    server.script({ output: ["```ts\nconst changed = 1;\n```\n"] });
    const editor = await selectLines(MATH, 5, 9);
    await rewrite();
    await editor.edit((e) => e.insert(new vscode.Position(5, 0), "  // edited meanwhile\n"));
    const before = editor.document.getText();
    const { posts } = await recordPosts(ext, () => ext.panel.apply(ext.panel.snapshot!.runId));
    assert.equal(editor.document.getText(), before);
    const notice = posts.find((m) => m.type === "apply/result") as { ok: boolean; message: string } | undefined;
    assert.equal(notice?.ok, false);
    assert.match(notice!.message, /changed since the request/);
    await vscode.commands.executeCommand("undo");
    await editor.document.save();
  });

  it("Stop cancels the stream, closes the connection and keeps the partial answer", async () => {
    server.script({ output: ["first part. ", "second part. ", "third part."], delayMs: 700 });
    await selectLines(MATH, 1, 3);
    const { running } = await startAndAwaitOutput(ext, explain);
    await vscode.commands.executeCommand("falRouter.stop");
    const result = await running;
    assert.equal(result?.outcome, "cancelled");
    assert.equal(ext.panel.snapshot?.status, "cancelled");
    assert.equal(ext.panel.snapshot?.output, "first part. ");
    await server.waitFor(() => server.answered[0].clientClosed);
  });

  it("shows a bad key (401) with its request id, and keeps no key in the panel state", async () => {
    await vscode.commands.executeCommand("falRouter.setApiKey", BAD_KEY);
    await selectLines(MATH, 1, 3);
    const result = await explain();
    const snap = ext.panel.snapshot!;
    assert.equal(result?.outcome, "error");
    assert.equal(snap.status, "failed");
    assert.equal(snap.error?.kind, "auth");
    assert.equal(snap.error?.requestId, server.answered[0].requestId);
    assert.match(snap.error!.message, /Set API Key/);
    assert.ok(!JSON.stringify(snap).includes(BAD_KEY.split(":")[1]));
  });

  it("shows the 422 field messages for an unknown model", async () => {
    await configure({ model: "acme/unknown-model" });
    try {
      await selectLines(MATH, 1, 3);
      await explain();
      const snap = ext.panel.snapshot!;
      assert.equal(snap.error?.kind, "validation");
      assert.deepEqual(snap.error?.fields, ["model: Model 'acme/unknown-model' is not a valid OpenRouter model"]);
    } finally {
      await configure({ model: "google/gemini-2.5-flash" });
    }
  });

  it("keeps the partial answer on an in-band error, a dropped connection and a stalled stream", async () => {
    await selectLines(MATH, 1, 3);
    server.script({ output: ["kept ", "lost"], errorAfter: 1, errorMessage: "provider overloaded" });
    await explain();
    assert.equal(ext.panel.snapshot?.error?.kind, "model");
    assert.equal(ext.panel.snapshot?.output, "kept ");

    server.script({ output: ["before drop ", "after"], dropAfter: 1 });
    await explain();
    assert.equal(ext.panel.snapshot?.error?.kind, "network");
    assert.equal(ext.panel.snapshot?.output, "before drop ");

    server.script({ output: ["before stall ", "never"], stallAfter: 1 });
    const result = await explain();
    assert.equal(result?.error?.kind, "stalled");
    assert.equal(ext.panel.snapshot?.output, "before stall ");
    assert.match(ext.panel.snapshot!.error!.message, /No data from fal for 5 s/);
  });

  it("shows queue positions in queue mode", async () => {
    await configure({ mode: "queue" });
    try {
      server.script({ queuePositions: [3, 1], output: ["from the queue"] });
      await selectLines(MATH, 1, 3);
      const { posts } = await recordPosts(ext, explain);
      const queued = posts.filter((m) => m.type === "run/status" && m.status === "queued").map((m) => (m as { queuePosition?: number }).queuePosition);
      assert.deepEqual(queued, [3, 1]);
      assert.equal(ext.panel.snapshot?.output, "from the queue");
      assert.equal(server.received[0].target, "https://queue.fal.run/openrouter/router");
    } finally {
      await configure({ mode: "stream" });
    }
  });

  it("sends nothing for an empty selection", async () => {
    const editor = await selectLines(MATH, 1, 1);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const result = await explain();
    assert.equal(result, undefined);
    assert.equal(server.answered.length, 0);
  });

  it("closing the panel cancels the running request", async () => {
    server.script({ output: ["slow ", "answer"], delayMs: 1500 });
    await selectLines(MATH, 1, 3);
    const { running } = await startAndAwaitOutput(ext, explain);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const result = await running;
    assert.equal(result?.outcome, "cancelled");
    assert.equal(result?.output, "slow ");
    await server.waitFor(() => server.answered[0].clientClosed);
    assert.equal(ext.panel.isOpen, false);
  });
});
