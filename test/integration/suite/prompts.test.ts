import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunResult } from "../../../src/core/types";
import type { FalRouterApi } from "../../../src/extension";
import { FakeFalServer } from "../../support/fakeFal";
import { api, configure, selectLines, until } from "./helpers";
import { SECRET_KEY } from "./keys";

const MATH = "src/math.ts";
const ADD = "export function add(a: number, b: number): number {\n  return a + b;\n}";
const EXPLAIN_FOR = ["---", "description: Explain it for an audience", "model: anthropic/claude-sonnet-4.5", "temperature: 0.3", "---", "Explain ${selection} from ${fileBasename} for ${input:audience:who will read it}.", ""].join("\n");

const runPrompt = (args?: unknown) => vscode.commands.executeCommand<RunResult | undefined>("falRouter.runPrompt", args);
const proposalTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === "fal-router-proposal");

describe("prompt files in a real VS Code host", function () {
  let server: FakeFalServer;
  let ext: FalRouterApi;
  let prompts: vscode.Uri;

  /**
   * Writes a workspace prompt file as a user does, in an editor (a new one, or the file's), and
   * saves it; then waits until the library has read the files again.
   */
  async function writePrompt(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(prompts, `${name}.prompt.md`);
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    const doc = await vscode.workspace.openTextDocument(exists ? uri : uri.with({ scheme: "untitled" }));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const reloaded = new Promise<void>((resolve) => {
      const sub = ext.promptLibrary.onDidChange(() => (sub.dispose(), resolve()));
    });
    assert.ok(await doc.save(), `saved ${name}`);
    await Promise.race([reloaded, new Promise((r) => setTimeout(r, 5000))]);
    return uri;
  }

  before(async () => {
    server = await new FakeFalServer().start();
    ext = await api();
    await configure({ proxyUrl: server.url, mode: "stream", model: "google/gemini-2.5-flash", reasoning: false, stallTimeoutSeconds: 5 });
    await vscode.commands.executeCommand("falRouter.setApiKey", SECRET_KEY);
    prompts = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ".github", "prompts");
    await vscode.workspace.fs.createDirectory(prompts);
    await ext.promptLibrary.all(); // read once, so that the folder is watched from here on
  });
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(prompts, ".."), { recursive: true });
    await server.stop();
  });
  beforeEach(() => server.reset());
  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("runs a workspace prompt file on the selection, its ${input:…} answered, with the file's own model and temperature; an edit of the file shows without a reload", async () => {
    await writePrompt("explain-for", EXPLAIN_FOR);
    await selectLines(MATH, 1, 3);
    const result = await runPrompt({ name: "explain-for", inputs: { audience: "new joiners" } });
    assert.equal(result?.outcome, "done");
    const body = server.answered[0].body!;
    assert.equal(body.prompt, `File: src/math.ts (lines 1-3, TypeScript)\n\nExplain ${ADD} from math.ts for new joiners.`);
    assert.equal(body.model, "anthropic/claude-sonnet-4.5");
    assert.equal(body.temperature, 0.3);
    assert.equal(ext.panel.snapshot?.action, "explain-for", "the panel names the prompt");
    assert.ok((ext.panel.snapshot?.output ?? "").length > 0, "the answer is in the panel");

    await writePrompt("explain-for", EXPLAIN_FOR.replace("Explain ${selection}", "Summarise ${selection}"));
    await selectLines(MATH, 1, 3);
    await runPrompt({ name: "explain-for", inputs: { audience: "reviewers" } });
    assert.match(String(server.answered[1].body!.prompt), /^File: src\/math\.ts \(lines 1-3, TypeScript\)\n\nSummarise export function add/);
    assert.match(String(server.answered[1].body!.prompt), /for reviewers\.$/);
  });

  it("shows a broken prompt file in the Problems view at its line, and still runs the others", async () => {
    const broken = await writePrompt("broken", "---\ndescription: ok\nmodel: [unclosed\n---\nBody\n");
    const odd = await writePrompt("odd", "---\ncolour: blue\n---\nStill usable.\n");
    await until(() => vscode.languages.getDiagnostics(broken).length > 0 && vscode.languages.getDiagnostics(odd).length > 0, 10_000, "the problems");
    const [error] = vscode.languages.getDiagnostics(broken);
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.match(error.message, /not valid YAML/);
    assert.ok(error.range.start.line >= 2 && error.range.start.line <= 4, `on the YAML's line (${error.range.start.line})`);
    assert.equal(error.source, "fal Router");
    const [warning] = vscode.languages.getDiagnostics(odd);
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /Unknown key `colour`/);
    assert.equal(warning.range.start.line, 1);

    await selectLines(MATH, 1, 3);
    assert.equal((await runPrompt("odd"))?.outcome, "done", "a file with a warning still runs");
    assert.match(String(server.answered[0].body!.prompt), /Still usable\.$/);
    assert.equal(await runPrompt("broken"), undefined, "a broken file is not run");
    assert.equal(server.answered.length, 1, "nothing was sent for it");

    await writePrompt("broken", "---\ndescription: fixed\n---\nBody\n");
    await until(() => vscode.languages.getDiagnostics(broken).length === 0, 10_000, "the problem to go once fixed");
  });

  it("runs /name in the chat: the prompt's text is the question, its first input answered by what follows, with its model", async () => {
    await writePrompt("explain-for", EXPLAIN_FOR);
    await selectLines(MATH, 1, 3);
    await vscode.commands.executeCommand("falRouter.newChat");
    const result = await ext.chat.send("/explain-for juniors");
    assert.equal(result?.outcome, "done");
    const body = server.answered[0].body!;
    assert.equal(body.model, "anthropic/claude-sonnet-4.5");
    assert.match(String(body.prompt), /Explain export function add\(a: number, b: number\): number \{\n {2}return a \+ b;\n\} from math\.ts for juniors\./);
    const question = ext.chat.conversation!.messages[0];
    assert.equal(question.text, `Explain ${ADD} from math.ts for juniors.`, "the chat shows what was asked");

    assert.equal(await ext.chat.send("/no-such-prompt please"), undefined);
    assert.equal(server.answered.length, 1, "an unknown /name sends nothing");
    assert.equal(ext.chat.conversation!.messages.length, 2, "and adds nothing to the conversation");
  });

  it("Add Documentation (a built-in prompt file) goes through the rewrite diff", async () => {
    const documented = `/** Adds two numbers. */\n${ADD}`;
    server.script({ output: ["Here:\n\n```ts\n", `${documented}\n`, "```\n"] });
    const editor = await selectLines(MATH, 1, 3);
    const result = await vscode.commands.executeCommand<RunResult | undefined>("falRouter.addDocumentation");
    assert.equal(result?.outcome, "done");
    const body = server.answered[0].body!;
    assert.match(String(body.prompt), /Add documentation comments to this math\.ts code/);
    assert.match(String(body.system_prompt), /one fenced code block/);
    await until(() => proposalTabs().length === 1, 10_000, "the diff");
    const right = (proposalTabs()[0].input as vscode.TabInputTextDiff).modified;
    await until(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === right.toString() && d.getText().startsWith(documented)), 10_000, "the proposal");
    assert.equal((await vscode.commands.executeCommand<{ ok: boolean }>("falRouter.acceptAllChanges", { uri: right.toString() }))?.ok, true);
    assert.ok(editor.document.getText().startsWith(documented), "accepted into the file");
    await vscode.commands.executeCommand("undo");
    assert.ok(editor.document.getText().startsWith(ADD), "and undone");
    await editor.document.save();
  });

  it("Write Tests opens the tests in a new untitled editor in the file's language; a workspace file of a built-in's name replaces it", async () => {
    const tests = 'import { add } from "./math";\n\ntest("adds", () => expect(add(1, 2)).toBe(3));';
    server.script({ output: ["I assumed Jest.\n\n```typescript\n", `${tests}\n`, "```\n"] });
    await selectLines(MATH, 1, 3);
    assert.equal((await vscode.commands.executeCommand<RunResult | undefined>("falRouter.writeTests"))?.outcome, "done");
    await until(() => vscode.window.activeTextEditor?.document.isUntitled === true, 10_000, "the untitled editor");
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, "typescript");
    assert.equal(doc.getText(), tests);
    assert.match(String(server.answered[0].body!.prompt), /Write unit tests for this code from math\.ts/);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");

    await writePrompt("review", "---\ndescription: Our review\n---\nReview against our style guide.\n");
    await selectLines(MATH, 1, 3);
    await vscode.commands.executeCommand("falRouter.reviewSelection");
    assert.match(String(server.answered[1].body!.prompt), /Review against our style guide\.$/, "the team's own review prompt is used");
  });
});

describe("our key chords in a real VS Code host", function () {
  it("binds no chord VS Code binds itself (read from its Default Keybindings)", async () => {
    await api();
    await vscode.commands.executeCommand("workbench.action.openDefaultKeybindingsFile");
    await until(() => vscode.window.activeTextEditor?.document.getText().includes('"command"') === true, 10_000, "the default keybindings");
    const defaults = JSON.parse(vscode.window.activeTextEditor!.document.getText().replace(/^\s*\/\/.*$/gm, "")) as { key: string; command: string; when?: string }[];
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const ours = new Set(defaults.filter((k) => k.command.startsWith("falRouter.")).map((k) => k.key));
    assert.ok(ours.has("ctrl+k shift+p") && ours.has("ctrl+k shift+e"), "our own bindings are in the list");
    // Inside a rewrite's diff only, we take over Ctrl+Enter and friends on purpose (the manifest test checks their when clause).
    const scoped = new Set(["ctrl+enter", "ctrl+shift+enter", "ctrl+shift+backspace", "escape"]);
    const clashes = defaults.filter((k) => ours.has(k.key) && !scoped.has(k.key) && !k.command.startsWith("falRouter.") && !k.command.startsWith("-"));
    assert.deepEqual(clashes.map((k) => `${k.key} → ${k.command}`), []);
  });
});
