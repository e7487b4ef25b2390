import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { FakeFalServer } from "../../support/fakeFal";
import { api, configure, recordPosts, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const TWO_FUNCTIONS = ["// math helpers", "export function add(a, b) {", "  return a + b;", "}", "", "export function sub(a, b) {", "  return a - b;", "}", ""].join("\n");
const TYPED = ["export function add(a: number, b: number) {", "  return a + b;", "}", "", "export function sub(a: number, b: number) {", "  return a - b;", "}"].join("\n");
const ANSWER = ["Here is the typed version:\n\n```ts\n", TYPED.slice(0, 60), TYPED.slice(60) + "\n```\n", "\nBoth now take numbers.\n"];

const rewrite = () => vscode.commands.executeCommand<RunResult | undefined>("falRouter.rewriteSelection");
const tabsOfProposals = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === "fal-router-proposal");
const docOf = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
/** The newest open proposal document (earlier diffs' documents can stay open in memory after their tabs closed). */
const proposalDoc = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === "fal-router-proposal" && !d.isClosed).at(-1);

describe("Rewrite through a diff, in a real VS Code host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;
  let seq = 0;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, stallTimeoutSeconds: 5 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());
  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  /** A new file with `text`, lines [from, to] (1-based) selected whole, as a triple-click leaves them. */
  async function fileWith(text: string, from = 2, to = 8): Promise<vscode.TextEditor> {
    const folder = vscode.workspace.workspaceFolders![0];
    const uri = vscode.Uri.joinPath(folder.uri, "src", `rewrite-${process.pid}-${++seq}.ts`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(from - 1, 0, to, 0);
    return editor;
  }

  async function rewriteDone(editor: vscode.TextEditor): Promise<vscode.Uri> {
    server.script({ output: ANSWER });
    const result = await rewrite();
    assert.equal(result?.outcome, "done");
    const view = ext.diffs.byRun(ext.panel.snapshot!.runId);
    assert.ok(view, "the rewrite has a proposal");
    // This run's own proposal: documents of earlier diffs can stay open in memory after their tabs closed.
    await until(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === view.right.toString() && d.getText().includes("a: number")), 10_000, "the proposal on screen");
    assert.equal(editor.document.getText(), TWO_FUNCTIONS, "nothing changes before an accept");
    return view.right;
  }

  it("opens the proposal as a diff beside the code while it streams, leaving the focus in the editor", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    server.script({ output: ANSWER, delayMs: 600 });
    const running = rewrite();
    await until(() => tabsOfProposals().length === 1, 10_000, "the diff tab");
    await until(() => proposalDoc()?.getText().includes("add(a: number") === true, 10_000, "the first part of the proposal");
    assert.equal(ext.panel.snapshot?.status, "streaming", "the diff shows the proposal before the answer ends");
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), "the focus stays in the user's editor");
    const tab = tabsOfProposals()[0];
    assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, "the diff opens beside the code, not over it");
    assert.match(tab.label, /original ↔ proposed rewrite/);
    await running;
    await until(() => proposalDoc()?.getText() === "// math helpers\n" + TYPED + "\n", 10_000, "the whole proposal");
    const left = (tab.input as vscode.TabInputTextDiff).original;
    assert.equal((await vscode.workspace.openTextDocument(left)).getText(), TWO_FUNCTIONS, "the left side is the code as it was");
  });

  it("accepts one change of two as one undoable edit, rejects the other, then closes the diff", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    const right = await rewriteDone(editor);
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>("falRouter.acceptChange", { uri: right.toString(), line: 5 });
    assert.equal(outcome?.ok, true);
    assert.equal(editor.document.getText(), TWO_FUNCTIONS.replace("sub(a, b)", "sub(a: number, b: number)"), "only the second function changed");
    assert.equal(tabsOfProposals().length, 1, "the other change is still proposed");
    await vscode.commands.executeCommand("falRouter.rejectChange", { uri: right.toString(), line: 1 });
    await until(() => tabsOfProposals().length === 0, 10_000, "the diff to close once nothing is left to decide");
    assert.equal(editor.document.getText(), TWO_FUNCTIONS.replace("sub(a, b)", "sub(a: number, b: number)"), "rejecting changed nothing in the file");
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.getText(), TWO_FUNCTIONS, "one undo takes the accepted change back");
  });

  it("Reject All leaves the file as it was and closes the diff", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    const right = await rewriteDone(editor);
    await vscode.commands.executeCommand("falRouter.rejectAllChanges", { uri: right.toString() });
    await until(() => tabsOfProposals().length === 0, 10_000, "the diff to close");
    assert.equal(editor.document.getText(), TWO_FUNCTIONS);
    assert.equal(editor.document.isDirty, false);
  });

  it("Reject All from the panel does the same, and the panel says so and turns its buttons off", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    await rewriteDone(editor);
    const { posts } = await recordPosts(ext, () => ext.panel.reject(ext.panel.snapshot!.runId));
    await until(() => tabsOfProposals().length === 0, 10_000, "the diff to close");
    assert.equal(editor.document.getText(), TWO_FUNCTIONS);
    const notice = posts.find((m) => m.type === "apply/result") as { ok: boolean; message: string } | undefined;
    assert.equal(notice?.ok, true);
    assert.match(notice!.message, /Rejected every change/);
    assert.ok(ext.panel.snapshot!.applied, "settled: Accept All and Reject All are off");
  });

  it("accepts where the code now is after lines were added above it", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    const right = await rewriteDone(editor);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), "// added meanwhile\n// and again\n"));
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>("falRouter.acceptAllChanges", { uri: right.toString() });
    assert.equal(outcome?.ok, true);
    assert.equal(editor.document.getText(), "// added meanwhile\n// and again\n// math helpers\n" + TYPED + "\n");
  });

  it("refuses to accept when the selected code itself changed, and keeps the proposal open", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    const right = await rewriteDone(editor);
    await editor.edit((e) => e.replace(new vscode.Range(6, 0, 6, 15), "  return b - a;"));
    const before = editor.document.getText();
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("falRouter.acceptAllChanges", { uri: right.toString() });
    assert.equal(outcome?.ok, false);
    assert.match(outcome!.message, /changed since the request/);
    assert.equal(editor.document.getText(), before, "nothing was written");
    assert.equal(tabsOfProposals().length, 1, "the proposal stays open");
    assert.match(docOf(right).getText(), /sub\(a: number, b: number\)/, "with the proposal in it");
  });

  it("takes the user's own edits of the proposed side", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    const right = await rewriteDone(editor);
    const doc = docOf(right);
    const edit = new vscode.WorkspaceEdit();
    const line = doc.getText().split("\n").indexOf("export function sub(a: number, b: number) {");
    edit.replace(doc.uri, new vscode.Range(line, 0, line, doc.lineAt(line).text.length), "export function sub(a: bigint, b: bigint) {");
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.isDirty, true);
    await vscode.commands.executeCommand("falRouter.acceptAllChanges", { uri: right.toString() });
    assert.match(editor.document.getText(), /export function sub\(a: bigint, b: bigint\) \{/);
    assert.match(editor.document.getText(), /export function add\(a: number, b: number\) \{/);
    await until(() => tabsOfProposals().length === 0, 10_000, "the diff to close without asking to save");
  });

  it("keeps a CRLF file's line endings", async () => {
    const crlf = TWO_FUNCTIONS.replace(/\n/g, "\r\n");
    const editor = await fileWith(crlf);
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    server.script({ output: ANSWER });
    await rewrite();
    const right = ext.diffs.byRun(ext.panel.snapshot!.runId)!.right;
    await vscode.commands.executeCommand("falRouter.acceptAllChanges", { uri: right.toString() });
    const text = editor.document.getText();
    assert.equal(text, ("// math helpers\n" + TYPED + "\n").replace(/\n/g, "\r\n"));
    assert.doesNotMatch(text, /[^\r]\n/, "no bare LF");
  });

  it("Retry with Another Model sends the same rewrite to the model given and shows its proposal", async () => {
    const editor = await fileWith(TWO_FUNCTIONS);
    await rewriteDone(editor);
    server.reset();
    server.script({ output: ["```ts\nexport const add = (a: number, b: number) => a + b;\nexport const sub = (a: number, b: number) => a - b;\n```\n"] });
    const result = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.retryRewrite", "anthropic/claude-haiku-4.5");
    assert.equal(result?.outcome, "done");
    assert.equal(server.answered[0].body?.model, "anthropic/claude-haiku-4.5");
    assert.match(String(server.answered[0].body?.prompt), /export function sub\(a, b\)/, "the same code as the first rewrite");
    await until(() => vscode.workspace.textDocuments.some((d) => d.uri.scheme === "fal-router-proposal" && d.getText().includes("export const sub")), 10_000, "the new proposal");
  });
});
