/**
 * Issue 15, cancellation and concurrency, in a real VS Code host against the fake fal server:
 * Stop and closing a panel (the result panel, a comparison) close the HTTP connection (seen by the
 * server), and 20 streams at once
 * across the result panel, the chat, a comparison and the vscode.lm provider each end with their
 * own text in their own place, while some of them fail on purpose.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { ComparisonOutcome } from "../../../src/core/engine/comparison";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { FakeFalServer, type Scenario } from "../../support/fakeFal";
import { api, configure, selectLines, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const FLASH = "google/gemini-2.5-flash";
/** A slow answer: 300 pieces, 100 ms apart (30 s: Stop always comes in the middle, however busy the machine). */
const slow = (tag: string): Scenario => ({ output: Array.from({ length: 300 }, (_, i) => `${tag} ${i}. `), delayMs: 100 });
const textOf = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} ${i}. `).join("");

describe("cancellation and concurrency, in a real VS Code host", function () {
  this.timeout(180_000);
  let server: FakeFalServer;
  let ext: FalRouterApi;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: FLASH, reasoning: false, stallTimeoutSeconds: 30, dailyBudgetUsd: undefined, confirmAboveTokens: 0 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });
  after(async () => {
    server.unscriptModels();
    await configure({ confirmAboveTokens: undefined, "models.chat": undefined });
    await server.stop();
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });
  beforeEach(() => server.reset());

  /** Starts an Explain that streams slowly; resolves once it has shown some text (wrapped: an async function returning a thenable would wait for it). */
  async function streamingExplain(): Promise<{ running: Thenable<RunResult | undefined> }> {
    server.scriptModel(FLASH, slow("panel"));
    await selectLines("src/math.ts", 1, 3);
    const previous = ext.panel.snapshot?.runId;
    const running = vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");
    await until(() => ext.panel.snapshot?.runId !== previous && (ext.panel.snapshot?.output ?? "").includes("panel 1."), 10_000, "the new answer to start");
    return { running };
  }

  it("Stop closes the HTTP connection (the server sees the client go), and keeps the partial answer", async () => {
    const { running } = await streamingExplain();
    const t0 = Date.now();
    await vscode.commands.executeCommand("falRouter.stop");
    await server.waitFor((r) => r.some((x) => x.kind === "stream" && x.clientClosed), 5_000);
    console.log(`      the server saw the connection closed ${Date.now() - t0} ms after Stop`);
    const result = await running;
    server.unscriptModels();
    assert.equal(result?.outcome, "cancelled");
    assert.match(ext.panel.snapshot?.output ?? "", /^panel 0\. panel 1\./);
    assert.ok(!(ext.panel.snapshot?.output ?? "").includes("panel 299."), "cut short");
    assert.equal(ext.panel.snapshot?.status, "cancelled");
  });

  it("closing the result panel while it streams stops the request and closes its connection", async () => {
    const { running } = await streamingExplain();
    assert.ok(ext.panel.isOpen, "the panel is open while it streams");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await until(() => !ext.panel.isOpen, 5_000, "the panel to close");
    await server.waitFor((r) => r.some((x) => x.kind === "stream" && x.clientClosed), 5_000);
    const result = await running;
    server.unscriptModels();
    assert.equal(result?.outcome, "cancelled");
  });

  it("closing the comparison panel while its columns stream closes every column's connection and keeps what arrived", async () => {
    const models = [FLASH, "anthropic/claude-sonnet-4.5", "openai/gpt-4.1"];
    for (const m of models) server.scriptModel(m, slow(m));
    await selectLines("src/math.ts", 1, 3);
    const compare = vscode.commands.executeCommand<ComparisonOutcome | undefined>("falRouter.compareModels", { models, prompt: "explain" });
    await until(() => (ext.compare.view?.columns ?? []).length === 3 && ext.compare.view!.columns.every((c) => c.output.includes(" 1. ")), 15_000, "every column to stream");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await server.waitFor((r) => r.filter((x) => x.kind === "stream").length === 3 && r.filter((x) => x.kind === "stream").every((x) => x.clientClosed), 5_000);
    await compare;
    server.unscriptModels();
    const columns = ext.compare.view?.columns ?? [];
    assert.deepEqual(columns.map((c) => c.status), ["cancelled", "cancelled", "cancelled"]);
    for (const [i, c] of columns.entries()) assert.match(c.output, new RegExp(`^${models[i].replace(/[./]/g, "\\$&")} 0\\. `), "each column keeps its own partial answer");
  });

  it("20 streams at once (panel, chat, a 4-model comparison, 14 vscode.lm requests), 4 failing on purpose: each ends with its own text in its own place", async () => {
    const models = (await vscode.lm.selectChatModels({ vendor: "fal-router" })).filter((m) => m.id !== FLASH);
    assert.ok(models.length >= 7, `${models.length} models listed`);
    const lmModels = models.slice(0, 7);
    const chatModel = models[7]?.id ?? lmModels[0].id;
    const compareModels = [FLASH, ...lmModels.slice(0, 3).map((m) => m.id)];
    // Each model answers with its own text; two of them fail, differently.
    const failing = new Map<string, Scenario>([
      [lmModels[5].id, { output: ["x ", "y ", "z"], dropAfter: 2, delayMs: 80 }],
      [lmModels[6].id, { status: 500, body: { detail: "boom" } }],
    ]);
    for (const m of [FLASH, chatModel, ...lmModels.map((l) => l.id)]) {
      server.scriptModel(m, failing.get(m) ?? { output: Array.from({ length: 8 }, (_, i) => `${m} ${i}. `), delayMs: 80 });
    }
    await configure({ "models.chat": chatModel });
    await vscode.commands.executeCommand("falRouter.newChat");
    await selectLines("src/math.ts", 1, 3);

    const started = Date.now();
    const panel = vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");
    const chat = ext.chat.send("Concurrent question");
    const compare = vscode.commands.executeCommand<ComparisonOutcome | undefined>("falRouter.compareModels", { models: compareModels, prompt: "explain" });
    const lm = [...lmModels, ...lmModels].map(async (model) => {
      let text = "";
      try {
        const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(`question for ${model.id}`)], {});
        for await (const piece of response.text) text += piece;
        return { model: model.id, ok: true, text };
      } catch (e) {
        return { model: model.id, ok: false, text, error: String(e) };
      }
    });
    assert.equal(1 + 1 + compareModels.length + lm.length, 20);
    const [panelResult, , compareOutcome, lmResults] = await Promise.all([panel, chat, compare, Promise.all(lm)]);
    await until(() => (ext.compare.view?.columns ?? []).every((c) => c.status === "done" || c.status === "failed"), 30_000, "the comparison to end");
    server.unscriptModels();

    // They overlapped: the server had them all open at once, not one after another.
    const streams = server.answered.filter((r) => r.kind === "stream");
    assert.equal(streams.length, 20, `${streams.length} requests reached the server`);
    assert.ok(Date.now() - started < 20 * 8 * 80, "they ran at the same time");

    const expected = (m: string) => textOf(m, 8);
    assert.equal(panelResult?.outcome, "done");
    assert.equal(ext.panel.snapshot?.output, expected(FLASH), "the panel shows its own answer");
    const reply = ext.chat.conversation!.messages.at(-1)!;
    assert.deepEqual([reply.status, reply.model, reply.text], ["done", chatModel, expected(chatModel)], "the chat shows its own answer");
    assert.equal(compareOutcome?.status, "ran");
    for (const c of ext.compare.view!.columns) assert.deepEqual([c.status, c.output], ["done", expected(c.model)], `comparison column ${c.model}`);
    for (const r of lmResults) {
      // What a caller of vscode.lm reads of a failed stream is up to VS Code (its response stream drops
      // unread parts once it has the error); it must never be another request's text.
      if (r.model === lmModels[5].id) assert.ok(!r.ok && "x y ".startsWith(r.text), `a dropped stream fails with at most its own partial text: ${JSON.stringify(r.text)}`);
      else if (r.model === lmModels[6].id) assert.deepEqual([r.ok, r.text], [false, ""], "a 500 fails with nothing");
      else assert.deepEqual([r.ok, r.text], [true, expected(r.model)], `vscode.lm ${r.model}`);
    }
    assert.equal(lmResults.filter((r) => !r.ok).length, 4, "four of the provider's requests failed on purpose");
  });
});
