import { binaryProblem, linesLabel, selectedLines } from "../core/lines";
import * as vscode from "vscode";
import type { RequestEngine, RequestTuning } from "../core/engine/pipeline";
import type { PromptFileSpec } from "../core/promptFiles/request";
import { pickCode } from "../core/rewrite/clean";
import type { PromptSpec } from "../core/engine/prompt";
import type { ModelTarget } from "../core/settings";
import type { ActionId, CodeContext } from "../core/prompts";
import type { RunResult } from "../core/types";
import { offerSetKeyOnAuthFailure, refusedWarning } from "./requests";
import { reached, type Milestone } from "./milestones";
import type { RewriteRequest } from "./proposalView";
import type { ResultPanel } from "./resultPanel";

const TITLES: Record<ActionId, () => string> = { explain: () => vscode.l10n.t("Explain"), rewrite: () => vscode.l10n.t("Rewrite"), custom: () => vscode.l10n.t("Ask") };
/** Whole sentences per action, so a translation never has to fit a verb into an English one. */
const EMPTY_SELECTION: Record<ActionId, () => string> = {
  explain: () => vscode.l10n.t("fal Router: select the code to explain first; the selection is empty."),
  rewrite: () => vscode.l10n.t("fal Router: select the code to rewrite first; the selection is empty."),
  custom: () => vscode.l10n.t("fal Router: select the code to ask about first; the selection is empty."),
};
/** The walkthrough steps an action completes when its answer finishes. */
const MILESTONE: Partial<Record<ActionId, Milestone>> = { explain: "explained", custom: "asked" };

/**
 * The editor actions' adapter over the request engine: it reads the selection, describes the
 * request, and hands the run to the result panel, which shows it and owns stopping and applying it.
 */
export class ActionRunner {
  private lastRewrite?: Job;
  /** The latest request sent from here, for "Compare with…" on its answer. */
  private lastSent?: { readonly runId: string; readonly model: string; readonly job: Job };

  constructor(
    private readonly engine: RequestEngine,
    private readonly panel: ResultPanel,
  ) {}

  async run(action: ActionId, question?: string): Promise<RunResult | undefined> {
    const editor = selectionEditor(EMPTY_SELECTION[action]);
    if (!editor) return undefined;
    if (action === "custom" && question === undefined) {
      question = await vscode.window.showInputBox({ title: vscode.l10n.t("fal Router: Ask About Selection"), prompt: vscode.l10n.t("What do you want to know or change?"), ignoreFocusOut: true });
      if (!question?.trim()) return undefined;
    }
    const code = codeContext(editor);
    const rewrite = action === "rewrite" ? this.rememberRewrite(editor, code, { kind: "action", action, code }, "rewrite") : undefined;
    return this.send({ target: action, title: TITLES[action](), scope: editor.document.uri, spec: { kind: "action", action, code, question }, code, rewrite });
  }

  /**
   * A prompt file on the selection. Where its answer goes follows its kind: the panel, the
   * rewrite diff, or (once done) a new untitled editor in the file's language.
   */
  async runPromptFile(editor: vscode.TextEditor, spec: PromptFileSpec): Promise<RunResult | undefined> {
    const { prompt } = spec;
    const target: ModelTarget = prompt.kind === "rewrite" ? "rewrite" : "custom";
    const rewrite = prompt.kind === "rewrite" ? this.rememberRewrite(editor, spec.code, spec, target, prompt.model, prompt) : undefined;
    const result = await this.send({ target, title: prompt.name, scope: editor.document.uri, spec, code: spec.code, rewrite, model: prompt.model, tuning: prompt });
    if (prompt.kind === "untitled" && result?.outcome === "done") {
      const content = pickCode(result.output, editor.document.languageId) ?? result.output;
      const doc = await vscode.workspace.openTextDocument({ language: editor.document.languageId, content });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
    }
    return result;
  }

  /** "Explain Image": an image the user chose, to the explain model through the vision endpoint; the answer streams into the panel. */
  explainImage(image: { name: string; mimeType: string; data: Uint8Array; uri?: vscode.Uri }, question?: string): Promise<RunResult | undefined> {
    const scope = image.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file("/");
    const spec: PromptSpec = { kind: "image", name: image.name, question, image: { kind: "bytes", mimeType: image.mimeType, data: image.data, name: image.name } };
    const code: CodeContext = { file: image.name, languageId: "image", code: "", startLine: 1, endLine: 1 };
    return this.send({ target: "explain", title: vscode.l10n.t("Explain Image"), scope, spec, code, source: image.name });
  }

  /** "Retry with Another Model": the last rewrite again, as it was asked, with `model`; its diff shows the new proposal. */
  async retryRewrite(model: string): Promise<RunResult | undefined> {
    const last = this.lastRewrite;
    if (!last) {
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: there is no rewrite to retry yet. Select some code and run Rewrite first."));
      return undefined;
    }
    return this.send({ ...last, model });
  }

  /** What the run `runId` asked, when it is the latest sent from here: "Compare with…" asks it of other models. */
  sentAs(runId: string): { readonly model: string; readonly job: Job } | undefined {
    return this.lastSent?.runId === runId ? this.lastSent : undefined;
  }

  get canRetry(): boolean {
    return this.lastRewrite !== undefined;
  }

  /** Remembers a rewrite for "Retry with Another Model" (asked again as it was, with another model). */
  private rememberRewrite(editor: vscode.TextEditor, code: CodeContext, spec: PromptSpec, target: ModelTarget, model?: string, tuning?: RequestTuning): RewriteRequest {
    const rewrite = rewriteRequest(editor, code.code);
    const title = spec.kind === "promptFile" ? spec.prompt.name : TITLES.rewrite();
    this.lastRewrite = { target, title, scope: editor.document.uri, spec, code, rewrite, model, tuning };
    void vscode.commands.executeCommand("setContext", "falRouter.canRetryRewrite", true);
    return rewrite;
  }

  private async send(job: Job): Promise<RunResult | undefined> {
    const { code, rewrite } = job;
    const outcome = await this.engine.run(
      { target: job.target, keyPurpose: "continue", scope: job.scope, spec: job.spec, model: job.model, tuning: job.tuning },
      this.panel.hooks({ action: job.title, source: job.source ?? linesLabel(code.file, code.startLine, code.endLine), rewrite }, new AbortController()),
    );
    if (outcome.status === "noKey") {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: no API key, so nothing was sent. Run “fal Router: Set API Key” when you are ready."));
      return undefined;
    }
    if (outcome.status === "declined") {
      if (outcome.message) void refusedWarning(outcome.message, outcome.reason);
      return undefined;
    }
    this.lastSent = { runId: outcome.run.runId, model: outcome.run.model, job };
    offerSetKeyOnAuthFailure(outcome.result);
    const milestone = job.spec.kind === "action" ? MILESTONE[job.spec.action] : "asked";
    if (milestone && outcome.result.outcome === "done") reached(milestone);
    return outcome.result;
  }
}

/** One request from the editor: what to ask, and where its answer is shown. */
export interface Job {
  readonly target: ModelTarget;
  readonly title: string;
  readonly scope: vscode.Uri;
  readonly spec: PromptSpec;
  readonly code: CodeContext;
  readonly rewrite?: RewriteRequest;
  readonly model?: string;
  readonly tuning?: RequestTuning;
  /** The panel's "from" label, when it is not the code's lines (an image's name). */
  readonly source?: string;
}

/** The active editor when it has a non-blank selection; otherwise a warning saying what to do. */
export function selectionEditor(emptyMessage: () => string): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: open a file and select some code first."));
    return undefined;
  }
  return usableSelection(editor, emptyMessage) ? editor : undefined;
}

/** True when `editor` has a selection worth sending; otherwise warns why (empty, or binary data). */
export function usableSelection(editor: vscode.TextEditor, emptyMessage: () => string): boolean {
  const text = editor.selection.isEmpty ? "" : editor.document.getText(editor.selection);
  const problem = text.trim() === "" ? emptyMessage() : binaryProblem(text);
  if (problem) void vscode.window.showWarningMessage(problem);
  return !problem;
}

export function codeContext(editor: vscode.TextEditor): CodeContext {
  const { document, selection } = editor;
  return { file: sourceName(document), languageId: document.languageId, code: document.getText(selection), ...selectedLines(selection.start, selection.end) };
}

/**
 * The name the panel, the chat and the prompt give a selection's document: its workspace-relative
 * path, "notebook.ipynb, cell 3" for a notebook cell, "Output panel" for the Output view.
 */
function sourceName(document: vscode.TextDocument): string {
  if (document.uri.scheme === "vscode-notebook-cell") {
    for (const notebook of vscode.workspace.notebookDocuments) {
      const cell = notebook.getCells().find((c) => c.document === document);
      if (cell) return vscode.l10n.t("{0}, cell {1}", vscode.workspace.asRelativePath(notebook.uri, false), cell.index + 1);
    }
  }
  if (document.uri.scheme === "output") return vscode.l10n.t("Output panel");
  return vscode.workspace.asRelativePath(document.uri, false);
}

/** What a rewrite replaces, and how that editor indents and ends lines (the proposal is fitted to it). */
export function rewriteRequest(editor: vscode.TextEditor, originalText: string): RewriteRequest {
  const { document, selection, options } = editor;
  const line = document.lineAt(selection.start.line).text;
  return {
    uri: document.uri,
    range: new vscode.Range(selection.start, selection.end),
    originalText,
    documentText: document.getText(),
    clean: {
      languageId: document.languageId,
      original: originalText,
      lineIndent: /^[ \t]*/.exec(line)![0],
      startColumn: selection.start.character,
      insertSpaces: options.insertSpaces !== false,
      tabSize: typeof options.tabSize === "number" ? options.tabSize : 4,
      eol: document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n",
    },
  };
}
