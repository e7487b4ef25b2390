/**
 * Bad input from the editor (issue 15): a binary file opened as text, a selection in a notebook
 * cell, in the real host with the real notebook support (VS Code's built-in ipynb extension), and a
 * selection in the Output panel.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { FakeFalServer } from "../../support/fakeFal";
import { api, configure, until } from "./helpers";
import { SECRET_KEY } from "./keys";

describe("bad input from the editor, in the real host", function () {
  this.timeout(60_000);
  let server: FakeFalServer;
  let ext: FalRouterApi;

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, stallTimeoutSeconds: 5 });
  });
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
  });

  const explain = () => vscode.commands.executeCommand<RunResult | undefined>("falRouter.explainSelection");

  it("sends nothing for a binary file opened as text, from an action, the chat or a comparison", async () => {
    // What VS Code shows when the user opens a PNG "anyway" as text: undecodable bytes and NULs.
    const doc = await vscode.workspace.openTextDocument({ content: "\uFFFDPNG\r\n\u001A\n\0\0\0\rIHDR\0\0\u0002\u0010\b\u0006\0\0\0\uFFFD\uFFFD\u0007".repeat(40) });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end);
    const runBefore = ext.panel.snapshot?.runId;
    assert.equal(await explain(), undefined);
    assert.equal(await vscode.commands.executeCommand("falRouter.addSelectionToChat"), undefined, "no chip is added to the chat");
    assert.equal(await vscode.commands.executeCommand("falRouter.compareModels", { models: ["a/one", "b/two"], prompt: "explain" }), undefined);
    assert.equal(server.answered.length, 0, "nothing reached the server");
    assert.equal(ext.panel.snapshot?.runId, runBefore, "no run was started in the panel");
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("explains a selection in a notebook cell, named by its notebook and cell, in the cell's language", async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, "# Loading", "markdown"),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "import csv\nrows = list(csv.reader(open('a.csv')))\nprint(len(rows))", "python"),
    ]);
    const notebook = await vscode.workspace.openNotebookDocument("jupyter-notebook", data);
    const nbEditor = await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(1);
    nbEditor.selections = [new vscode.NotebookRange(1, 2)];
    await vscode.commands.executeCommand("notebook.cell.edit");
    await until(() => vscode.window.activeTextEditor?.document.uri.toString() === cell.document.uri.toString(), 10_000, "the cell's editor to be active");
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(2, 16));
    server.script({ output: ["It counts the rows."] });
    const result = await explain();
    assert.equal(result?.outcome, "done");
    assert.equal(server.answered.length, 1);
    const prompt = String(server.answered[0].body?.prompt);
    assert.match(prompt, /(^|[\s/])Untitled-\d+\.ipynb, cell 2/, "the prompt names the notebook and the cell");
    assert.match(prompt, /```python\n[\s\S]*rows = list\(csv\.reader/, "the cell's code, fenced in its language");
    assert.ok(!prompt.includes("# Loading"), "only the selection is sent");
    assert.match(ext.panel.snapshot?.source ?? "", /(^|\/)Untitled-\d+\.ipynb, cell 2:2-3$/, "the panel's header names the cell and its lines");
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("explains a selection in the Output panel, named as the Output panel, with the selected lines only", async () => {
    const channel = vscode.window.createOutputChannel("Build");
    try {
      channel.appendLine("webpack 5.99.0 compiled with 1 error");
      channel.appendLine("ERROR in ./src/app.ts 12:4 TS2339: Property 'id' does not exist on type 'never'.");
      channel.appendLine("done in 2.1 s");
      channel.show(false);
      await until(() => vscode.window.activeTextEditor?.document.uri.scheme === "output" && vscode.window.activeTextEditor.document.getText().includes("done in"), 15_000, "the Output panel's editor to be active");
      const editor = vscode.window.activeTextEditor!;
      editor.selection = new vscode.Selection(new vscode.Position(1, 0), editor.document.lineAt(1).range.end);
      server.script({ output: ["The value is narrowed to `never`."] });
      const result = await explain();
      assert.equal(result?.outcome, "done");
      assert.equal(server.answered.length, 1);
      const prompt = String(server.answered[0].body?.prompt);
      assert.match(prompt, /Output panel/, "the prompt names the Output panel, not its internal document name");
      assert.ok(prompt.includes("TS2339: Property 'id' does not exist"), "the selected line is sent");
      assert.ok(!prompt.includes("webpack 5.99.0") && !prompt.includes("done in 2.1 s"), "only the selection is sent");
      assert.match(ext.panel.snapshot?.source ?? "", /^Output panel:2$/, "the panel's header names the Output panel and the line");
    } finally {
      channel.dispose();
    }
  });
});
