/**
 * "Run Prompt on Selection…" and running a prompt by name (a keybinding's argument, the built-in
 * prompts' own commands, `/name` in the chat): the picker, the `${input:…}` questions and the
 * variables. The request goes through ActionRunner, like every editor action.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { AnswerOptions } from "../../core/engine/conversation";
import { slashCommand, type LoadedPrompt, type PromptOrigin } from "../../core/promptFiles/collection";
import { PROMPT_FILE_SUFFIX, promptInputs, renderPrompt, type PromptFile, type PromptKind, type PromptVariables } from "../../core/promptFiles/promptFile";
import type { RunResult } from "../../core/types";
import { codeContext, selectionEditor, type ActionRunner } from "../actionRunner";
import { WORKSPACE_PROMPTS, type PromptLibrary } from "./promptLibrary";

const KIND_ICON: Record<PromptKind, string> = { explain: "$(comment-discussion)", rewrite: "$(diff)", untitled: "$(new-file)" };
const KIND_LABEL: Record<PromptKind, () => string> = {
  explain: () => vscode.l10n.t("answer in the panel"),
  rewrite: () => vscode.l10n.t("change through a diff"),
  untitled: () => vscode.l10n.t("new editor"),
};
const ORIGIN_LABEL: Record<PromptOrigin, () => string> = {
  workspace: () => vscode.l10n.t("This workspace (.github/prompts)"),
  folder: () => vscode.l10n.t("Folders in falRouter.prompts.folders"),
  user: () => vscode.l10n.t("Your prompts"),
  builtin: () => vscode.l10n.t("Built in"),
};

type Item = vscode.QuickPickItem & { run?: () => Thenable<unknown>; loaded?: LoadedPrompt };

const noSelection = () => vscode.l10n.t("fal Router: select the code to run a prompt on first; the selection is empty.");

/** The variables as VS Code's own prompt files define them: full paths, and the selection's text. */
export function promptVariables(editor: vscode.TextEditor | undefined): PromptVariables {
  const uri = editor?.document.uri;
  const file = uri ? (uri.scheme === "file" ? uri.fsPath : uri.toString(true)) : "";
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const base = uri ? path.posix.basename(uri.path) : "";
  return {
    selection: editor ? editor.document.getText(editor.selection) : "",
    file,
    fileBasename: base,
    fileDirname: file ? path.dirname(file) : "",
    fileBasenameNoExtension: base.replace(/\.[^.]*$/, ""),
    workspaceFolder: folder ? (folder.uri.scheme === "file" ? folder.uri.fsPath : folder.uri.toString(true)) : "",
    workspaceFolderBasename: folder?.name ?? "",
  };
}

/**
 * Asks each `${input:…}` once, except those `given` answers (a keybinding's `inputs`); a string
 * answers the first one (the text after `/name` in the chat). Undefined when the user cancels.
 */
export async function askInputs(prompt: PromptFile, given: Readonly<Record<string, string>> | string = {}): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  for (const [i, input] of promptInputs(prompt.body).entries()) {
    const known = typeof given === "string" ? (i === 0 && given ? given : undefined) : given[input.name];
    if (known !== undefined) {
      answers[input.name] = known;
      continue;
    }
    const value = await vscode.window.showInputBox({ title: vscode.l10n.t("{0}: {1}", prompt.name, input.name), prompt: input.name, placeHolder: input.placeholder, ignoreFocusOut: true });
    if (value === undefined) return undefined;
    answers[input.name] = value;
  }
  return answers;
}

export class PromptRunner {
  constructor(
    readonly library: PromptLibrary,
    private readonly runner: ActionRunner,
  ) {}

  /** Runs the prompt called `name` (from a keybinding's `args`, or a built-in prompt's command). */
  async runNamed(name: string, given: Readonly<Record<string, string>> = {}): Promise<RunResult | undefined> {
    const loaded = await this.library.find(name);
    if (loaded) return this.run(loaded, given);
    const why = this.library.restricted ? vscode.l10n.t(" This workspace is in Restricted Mode, so its prompt files are not read.") : "";
    void vscode.window.showErrorMessage(vscode.l10n.t("fal Router: there is no prompt called “{0}”.{1} Run “fal Router: Run Prompt on Selection…” to see them all.", name, why));
    return undefined;
  }

  async run(loaded: LoadedPrompt, given: Readonly<Record<string, string>> = {}): Promise<RunResult | undefined> {
    const editor = selectionEditor(noSelection);
    if (!editor) return undefined;
    const inputs = await askInputs(loaded.prompt, given);
    if (!inputs) return undefined;
    return this.runner.runPromptFile(editor, { kind: "promptFile", prompt: loaded.prompt, code: codeContext(editor), vars: promptVariables(editor), inputs });
  }

  /**
   * A chat message: `/name rest` becomes the prompt file's text, its variables filled from the
   * active editor and the first `${input:…}` answered by `rest` (or `rest` added after it); any
   * other text is sent as it is. Undefined when the user cancels or there is no such prompt.
   */
  async forChat(text: string): Promise<({ text: string } & AnswerOptions) | undefined> {
    const command = slashCommand(text);
    if (!command) return { text };
    const loaded = await this.library.find(command.name);
    if (!loaded) {
      const names = (await this.library.all()).map((p) => `/${p.prompt.name}`).join(", ");
      const why = this.library.restricted ? vscode.l10n.t(" This workspace is in Restricted Mode, so its prompt files are not read.") : "";
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: there is no prompt called /{0}.{1} The prompts are: {2}.", command.name, why, names));
      return undefined;
    }
    const { prompt } = loaded;
    const asks = promptInputs(prompt.body).length > 0;
    const inputs = await askInputs(prompt, command.rest);
    if (!inputs) return undefined;
    const body = renderPrompt(prompt.body, promptVariables(vscode.window.activeTextEditor), inputs);
    return { text: !asks && command.rest ? `${body}\n\n${command.rest}` : body, model: prompt.model, tuning: prompt };
  }

  /** The picker: Explain and Rewrite, then every prompt file by where it comes from, with their descriptions. */
  async pick(): Promise<void> {
    if (!selectionEditor(noSelection)) return;
    const picker = vscode.window.createQuickPick<Item>();
    picker.title = vscode.l10n.t("fal Router: Run Prompt on Selection");
    picker.placeholder = vscode.l10n.t("Pick a prompt to run on the selected code");
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    picker.busy = true;
    picker.show();
    const open = { iconPath: new vscode.ThemeIcon("go-to-file"), tooltip: vscode.l10n.t("Open the prompt file") };
    const copy = { iconPath: new vscode.ThemeIcon("copy"), tooltip: vscode.l10n.t("Copy into your prompts to change it") };
    const prompts = await this.library.all();
    const items: Item[] = [
      { label: vscode.l10n.t("Actions"), kind: vscode.QuickPickItemKind.Separator },
      { label: `$(comment-discussion) ${vscode.l10n.t("Explain")}`, description: KIND_LABEL.explain(), run: () => this.runner.run("explain") },
      { label: `$(diff) ${vscode.l10n.t("Rewrite")}`, description: KIND_LABEL.rewrite(), run: () => this.runner.run("rewrite") },
    ];
    let origin: PromptOrigin | undefined;
    for (const loaded of prompts) {
      if (loaded.origin !== origin) items.push({ label: ORIGIN_LABEL[(origin = loaded.origin)](), kind: vscode.QuickPickItemKind.Separator });
      const { prompt } = loaded;
      items.push({ label: `${KIND_ICON[prompt.kind]} ${prompt.name}`, description: KIND_LABEL[prompt.kind](), detail: prompt.description, loaded, buttons: loaded.origin === "builtin" ? [open, copy] : [open], run: () => this.run(loaded) });
    }
    const notes: Item[] = [];
    if (this.library.restricted) notes.push({ label: `$(shield) ${vscode.l10n.t("This workspace's prompt files are not used in Restricted Mode")}`, detail: vscode.l10n.t("They are text from the workspace, which you have not trusted. Pick this to manage Workspace Trust."), run: () => vscode.commands.executeCommand("workbench.trust.manage") });
    const broken = this.library.problemFiles;
    if (broken > 0) notes.push({ label: `$(warning) ${vscode.l10n.t("{0} prompt file(s) have problems", broken)}`, detail: vscode.l10n.t("Pick this to see them in the Problems view."), run: () => vscode.commands.executeCommand("workbench.actions.view.problems") });
    if (notes.length) items.push({ label: "", kind: vscode.QuickPickItemKind.Separator }, ...notes);
    picker.items = items;
    picker.busy = false;
    const chosen = await new Promise<Item | undefined>((resolve) => {
      picker.onDidAccept(() => resolve(picker.selectedItems[0]));
      picker.onDidHide(() => resolve(undefined));
      picker.onDidTriggerItemButton((e) => {
        if (e.item.loaded) void (e.button === copy ? this.copy(e.item.loaded) : vscode.window.showTextDocument(vscode.Uri.parse(e.item.loaded.id)));
        resolve(undefined);
      });
    });
    picker.dispose();
    await chosen?.run?.();
  }

  /**
   * Copies a built-in prompt file to change it: into the first workspace folder's .github/prompts
   * (trusted workspaces), else the user's prompts folder. Its copy, having the same name, is the one
   * used from then on. An existing copy is opened, never overwritten.
   */
  async copy(loaded: LoadedPrompt): Promise<void> {
    const folder = vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0] : undefined;
    const dir = folder ? vscode.Uri.joinPath(folder.uri, WORKSPACE_PROMPTS) : this.library.userFolder;
    const target = vscode.Uri.joinPath(dir, `${loaded.prompt.name}${PROMPT_FILE_SUFFIX}`);
    const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
    if (!exists) {
      await vscode.workspace.fs.createDirectory(dir);
      await vscode.workspace.fs.copy(vscode.Uri.parse(loaded.id), target);
    }
    await vscode.window.showTextDocument(target);
  }
}
