import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { ComparisonOutcome } from "../../../src/core/engine/comparison";
import type { FalRouterApi } from "../../../src/extension";
import type { HostToCompare } from "../../../src/protocol/compare";
import { DEFAULT_USAGE, FakeFalServer } from "../../support/fakeFal";
import type { HostToUsage } from "../../../src/protocol/usage";
import { api, configure, selectLines, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const MATH = "src/math.ts";
const FLASH = "google/gemini-2.5-flash";
const HAIKU = "anthropic/claude-haiku-4.5";
const UNKNOWN = "acme/unknown-model";
const compare = (models: string[], prompt = "explain") => vscode.commands.executeCommand<ComparisonOutcome | undefined>("falRouter.compareModels", { models, prompt });

describe("Compare models side by side, in a real VS Code host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: FLASH, reasoning: false, stallTimeoutSeconds: 20 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());
  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  const column = (model: string) => ext.compare.view?.columns.find((c) => c.model === model);

  it("sends three models their own request at once; the unknown one fails with 422 while the others finish; three linked usage records; export", async () => {
    await selectLines(MATH, 1, 3);
    server.scriptModel(FLASH, { output: ["Flash says: ", "it **adds**."] });
    server.scriptModel(HAIKU, { output: ["Haiku says: ", "a sum."], usage: { ...DEFAULT_USAGE, cost: 0.002 } });
    const posts: HostToCompare[] = [];
    const sub = ext.compare.onDidPost((m) => posts.push(m));
    const before = ext.usage.records.length;
    const outcome = await compare([FLASH, HAIKU, UNKNOWN]);
    sub.dispose();
    assert.equal(outcome?.status, "ran");

    const bodies = server.answered.map((r) => r.body!);
    assert.deepEqual(bodies.map((b) => b.model).sort(), [HAIKU, FLASH, UNKNOWN].sort(), "one request per model, as the server received them");
    assert.equal(new Set(bodies.map((b) => b.prompt)).size, 1, "the same prompt to each");
    assert.match(String(bodies[0].prompt), /export function add\(a: number, b: number\): number \{/);

    const view = ext.compare.view!;
    assert.deepEqual(view.columns.map((c) => c.model), [FLASH, HAIKU, UNKNOWN], "the columns keep the order picked");
    assert.deepEqual([column(FLASH)?.status, column(FLASH)?.output], ["done", "Flash says: it **adds**."]);
    assert.deepEqual([column(HAIKU)?.status, column(HAIKU)?.output], ["done", "Haiku says: a sum."]);
    assert.equal(column(UNKNOWN)?.status, "failed");
    assert.equal(column(UNKNOWN)?.error?.status, 422);
    assert.deepEqual(column(UNKNOWN)?.error?.fields, ["model: Model 'acme/unknown-model' is not a valid OpenRouter model"]);
    assert.equal(column(HAIKU)?.usage?.cost, 0.002);

    // Each column's deltas went out under its own run id: no frame of one reached another.
    const ids = new Map(view.columns.map((c) => [c.runId, c.model]));
    const deltas = posts.filter((p): p is Extract<HostToCompare, { type: "output/delta" }> => p.type === "output/delta");
    for (const model of [FLASH, HAIKU]) {
      const runId = column(model)!.runId;
      assert.equal(deltas.filter((d) => d.runId === runId).map((d) => d.text).join(""), column(model)!.output, `${model}'s column got exactly its own text`);
    }
    assert.ok(deltas.every((d) => ids.has(d.runId)));

    const added = ext.usage.records.slice(before);
    assert.equal(added.length, 3);
    assert.deepEqual(added.map((r) => r.model).sort(), [FLASH, HAIKU, UNKNOWN].sort());
    assert.equal(new Set(added.map((r) => r.comparison)).size, 1, "one comparison id links the three");
    assert.equal(added[0].comparison, view.id);
    const logged = readFileSync(ext.usage.file.fsPath, "utf8").trim().split("\n").slice(-3).map((l) => JSON.parse(l) as { comparison?: string });
    assert.deepEqual(logged.map((r) => r.comparison), [view.id, view.id, view.id], "and so does the log on disk");

    // The judgement aid: two answers in VS Code's diff editor, read-only, each as its model gave it.
    ext.compare.receive({ type: "compare/diff", left: column(FLASH)!.runId, right: column(HAIKU)!.runId });
    const diffTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === "fal-router-answer");
    await until(() => diffTab() !== undefined, 10_000, "the answers' diff");
    const input = diffTab()!.input as vscode.TabInputTextDiff;
    assert.equal(diffTab()!.label, `${FLASH} ↔ ${HAIKU}`);
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), "Flash says: it **adds**.");
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), "Haiku says: a sum.");
    const reports: HostToUsage[] = [];
    const listening = ext.usagePanel.onDidDeliver((m) => reports.push(m));
    await vscode.commands.executeCommand("falRouter.showUsage");
    await until(() => reports.length > 0, 10_000, "the usage view's report");
    listening.dispose();
    const shown = reports[0].report.comparisons?.find((c) => c.id === view.id);
    assert.deepEqual(shown?.models.sort(), [FLASH, HAIKU, UNKNOWN].sort(), "Show Usage lists the comparison with its models");
    assert.ok(Math.abs((shown?.cost ?? 0) - (DEFAULT_USAGE.cost + 0.002)) < 1e-12, "and what it billed");
    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), "falr-cmp-")), "cmp.md"));
    await vscode.commands.executeCommand("falRouter.exportComparison", file);
    const md = readFileSync(file.fsPath, "utf8");
    assert.match(md, /\| google\/gemini-2\.5-flash \| done \|/);
    assert.match(md, /\| acme\/unknown-model \| failed \|/);
    assert.match(md, /## anthropic\/claude-haiku-4\.5\n\nHaiku says: a sum\./);
    assert.ok((await ext.compare.recent()).some((v) => v.id === view.id), "a finished comparison is in the history");
  });

  it("reopens a finished comparison from the history file as it ended, with nothing to send from it", async () => {
    await selectLines(MATH, 1, 3);
    server.scriptModel(HAIKU, { output: ["Kept for later."] });
    await compare([FLASH, HAIKU]);
    const id = ext.compare.view!.id;
    await compare([FLASH, UNKNOWN]);
    assert.notEqual(ext.compare.view!.id, id);
    const saved = JSON.parse(readFileSync(join(ext.usage.file.fsPath, "..", "comparisons.json"), "utf8")) as Array<{ id: string }>;
    assert.equal(saved[1]?.id, id, "the file holds it, newest first");
    const sent = server.answered.length;
    assert.equal(await vscode.commands.executeCommand("falRouter.openComparison", id), true);
    const view = ext.compare.view!;
    assert.deepEqual([view.id, view.archived, view.canUse], [id, true, false]);
    assert.equal(view.columns.find((c) => c.model === HAIKU)?.output, "Kept for later.");
    await ext.compare.retry(view.columns[0].runId!);
    assert.equal(server.answered.length, sent, "a reopened comparison sends nothing");
  });

  it("Stop on one column closes only its connection, keeps its partial answer, and the other finishes", async () => {
    await selectLines(MATH, 1, 3);
    server.scriptModel(FLASH, { output: ["Fast ", "and done."], delayMs: 30 });
    server.scriptModel(HAIKU, { output: ["Slow ", "start, ", "never ends"], stallAfter: 2 });
    const running = compare([FLASH, HAIKU]);
    await until(() => column(FLASH)?.status === "done" && (column(HAIKU)?.output ?? "") === "Slow start, ", 10_000, "one done, one hanging");
    const haikuRun = column(HAIKU)!.runId!;
    ext.compare.receive({ type: "run/stop", runId: haikuRun }); // as the column's Stop button posts it
    const outcome = await running;
    assert.equal(outcome?.status, "ran");
    const req = (model: string) => server.answered.find((r) => r.body?.model === model)!;
    await server.waitFor(() => req(HAIKU).clientClosed);
    assert.equal(req(FLASH).clientClosed, false, "the other column's connection was not touched");
    assert.deepEqual([column(HAIKU)?.status, column(HAIKU)?.output], ["cancelled", "Slow start, "]);
    assert.equal(column(FLASH)?.output, "Fast and done.");
  });

  it("Retry sends one column again and replaces only its answer", async () => {
    await selectLines(MATH, 1, 3);
    server.scriptModel(HAIKU, { status: 503, body: { detail: "Service temporarily unavailable" } });
    await compare([FLASH, HAIKU]);
    const failed = column(HAIKU)!;
    const flash = column(FLASH)!;
    assert.equal(failed.status, "failed");
    server.scriptModel(HAIKU, { output: ["Now it works."] });
    await ext.compare.retry(failed.runId!);
    assert.equal(server.answered.filter((r) => r.body?.model === HAIKU).length, 2);
    assert.deepEqual([column(HAIKU)?.status, column(HAIKU)?.output], ["done", "Now it works."]);
    assert.notEqual(column(HAIKU)?.runId, failed.runId);
    assert.deepEqual(column(FLASH), flash, "the other column is as it was");
    assert.equal(server.answered.filter((r) => r.body?.model === FLASH).length, 1);
  });

  it("Compare with… on a finished answer asks the same of the models picked, without asking for the selection again", async () => {
    await selectLines(MATH, 1, 3);
    await vscode.commands.executeCommand("falRouter.explainSelection");
    const runId = ext.panel.snapshot!.runId;
    const first = server.answered.at(-1)!.body!;
    await vscode.commands.executeCommand("workbench.action.closeAllEditors"); // the selection is gone: the request is what was asked
    server.scriptModel(HAIKU, { output: ["Haiku's view."] });
    const outcome = await vscode.commands.executeCommand<ComparisonOutcome | undefined>("falRouter.compareModels", { again: runId, models: [FLASH, HAIKU] });
    assert.equal(outcome?.status, "ran");
    const [a, b] = server.answered.slice(-2).map((r) => r.body!);
    assert.deepEqual([a.prompt, b.prompt], [first.prompt, first.prompt], "the same prompt as the answer compared");
    assert.deepEqual([a.model, b.model].sort(), [FLASH, HAIKU].sort());
    assert.equal(column(HAIKU)?.output, "Haiku's view.");
    assert.equal(await vscode.commands.executeCommand("falRouter.compareModels", { again: "run-unknown", models: [FLASH, HAIKU] }), undefined, "an answer no longer known sends nothing");
  });

  it("Use This One sends that model's rewrite through the diff", async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const uri = vscode.Uri.joinPath(folder.uri, "src", `compare-${process.pid}.ts`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode("export function add(a, b) {\n  return a + b;\n}\n"));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    server.scriptModel(FLASH, { output: ["```ts\nexport function add(a: number, b: number) {\n  return a + b;\n}\n```\n"] });
    server.scriptModel(HAIKU, { output: ["```ts\nexport function add(a: bigint, b: bigint) {\n  return a + b;\n}\n```\n"] });
    await compare([FLASH, HAIKU], "rewrite");
    assert.equal(ext.compare.view?.canUse, true);
    const runId = column(HAIKU)!.runId!;
    ext.compare.receive({ type: "compare/use", runId });
    await until(() => ext.diffs.byRun(runId) !== undefined, 5000, "the proposal");
    const right = ext.diffs.byRun(runId)!.right;
    await until(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === right.toString() && d.getText().includes("a: bigint")), 10_000, "Haiku's code in the proposal");
    assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString()), "the diff is open");
    await ext.diffs.accept({ uri: right.toString() }, true);
    assert.match(editor.document.getText(), /a: bigint, b: bigint/, "accepting takes that model's code");
    await vscode.workspace.fs.delete(uri);
  });
});
