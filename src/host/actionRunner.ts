import { linesLabel, selectedLines } from "../core/lines";
import * as vscode from "vscode";
import type { RequestEngine } from "../core/engine/pipeline";
import type { ActionId, CodeContext } from "../core/prompts";
import type { RunResult } from "../core/types";
import { offerSetKeyOnAuthFailure } from "./requests";
import { reached, type Milestone } from "./milestones";
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
  constructor(
    private readonly engine: RequestEngine,
    private readonly panel: ResultPanel,
  ) {}

  async run(action: ActionId, question?: string): Promise<RunResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: open a file and select some code first."));
      return undefined;
    }
    const { document, selection } = editor;
    if (selection.isEmpty || document.getText(selection).trim() === "") {
      void vscode.window.showWarningMessage(EMPTY_SELECTION[action]());
      return undefined;
    }
    if (action === "custom" && question === undefined) {
      question = await vscode.window.showInputBox({ title: vscode.l10n.t("fal Router: Ask About Selection"), prompt: vscode.l10n.t("What do you want to know or change?"), ignoreFocusOut: true });
      if (!question?.trim()) return undefined;
    }
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const code: CodeContext = { file, languageId: document.languageId, code: document.getText(selection), ...selectedLines(selection.start, selection.end) };
    const rewrite = action === "rewrite" ? { uri: document.uri, range: new vscode.Range(selection.start, selection.end), originalText: code.code, documentText: document.getText() } : undefined;
    const outcome = await this.engine.run(
      { target: action, keyPurpose: "continue", scope: document.uri, spec: { kind: "action", action, code, question } },
      this.panel.hooks({ action: TITLES[action](), source: linesLabel(file, code.startLine, code.endLine), rewrite }, new AbortController()),
    );
    if (outcome.status === "noKey") {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: no API key, so nothing was sent. Run “fal Router: Set API Key” when you are ready."));
      return undefined;
    }
    if (outcome.status === "declined") return undefined;
    offerSetKeyOnAuthFailure(outcome.result);
    const milestone = MILESTONE[action];
    if (milestone && outcome.result.outcome === "done") reached(milestone);
    return outcome.result;
  }
}
