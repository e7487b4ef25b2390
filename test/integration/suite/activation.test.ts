import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api } from "./helpers";

// Runs first (files load in name order): nothing has used the extension yet.
describe("activation in a real VS Code extension host", () => {
  it("shows the status bar and registers every command without loading the workbench, which the first command loads", async () => {
    const ext = await api();
    assert.match(ext.statusBar.text, /^\$\(sparkle\) /, "the status bar shows the model at once");
    assert.equal(ext.loaded, false, "activation alone does not load the engine and the views");
    const declared = (vscode.extensions.getExtension("fal-router-dev.fal-router")!.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const before = (await vscode.commands.getCommands(true)).filter((id) => declared.includes(id));
    assert.deepEqual(before.sort(), [...declared].sort(), "every command is there before the first use");

    await vscode.commands.executeCommand("falRouter.showLog");
    assert.equal(ext.loaded, true, "the first command loaded the workbench");
    const after = (await vscode.commands.getCommands(true)).filter((id) => declared.includes(id));
    assert.deepEqual(after.sort(), [...declared].sort(), "each command is registered once, now by its real handler");
  });
});
