import * as vscode from "vscode";
import type { RequestEngine } from "../core/engine/pipeline";
import type { RunState } from "../core/engine/runState";
import { buildUserPrompt, fillTemplate, type ActionId, type CodeContext } from "../core/prompts";
import type { Logger, RunResult } from "../core/types";
import type { RunHeader } from "../protocol/messages";
import type { ResultPanel } from "./resultPanel";
import type { RewriteEdits, RewriteTarget } from "./rewriteEdits";
import { offerSetKeyOnAuthFailure } from "./requests";

const TITLES: Record<ActionId, string> = { explain: "Explain", rewrite: "Rewrite", custom: "Ask" };

interface ActiveRun {
  readonly runId: string;
  readonly controller: AbortController;
}

/**
 * The editor actions' adapter over the request engine: reads the selection, says what to send,
 * and shows the run in the panel. One run at a time: a new action stops the previous one.
 */
export class ActionRunner {
  private active?: ActiveRun;
  /** Only the run the panel shows can be applied, so only its rewrite is kept. */
  private rewrite?: { runId: string; target: RewriteTarget; run: RunState };

  constructor(
    private readonly engine: RequestEngine,
    private readonly panel: ResultPanel,
    private readonly edits: RewriteEdits,
    private readonly log: Logger,
  ) {}

  async run(action: ActionId, question?: string): Promise<RunResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage("fal Router: open a file and select some code first.");
      return undefined;
    }
    const { document, selection } = editor;
    if (selection.isEmpty || document.getText(selection).trim() === "") {
      void vscode.window.showWarningMessage(`fal Router: select the code to ${TITLES[action].toLowerCase()} first; the selection is empty.`);
      return undefined;
    }
    const code = document.getText(selection);
    if (action === "custom" && question === undefined) {
      question = await vscode.window.showInputBox({ title: "fal Router: Ask About Selection", prompt: "What do you want to know or change?", ignoreFocusOut: true });
      if (!question?.trim()) return undefined;
    }
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const ctx: CodeContext = { file, languageId: document.languageId, code, startLine: selection.start.line + 1, endLine: selection.end.line + 1 };
    const target: RewriteTarget = { uri: document.uri, range: new vscode.Range(selection.start, selection.end), originalText: code, documentText: document.getText() };
    const controller = new AbortController();
    const outcome = await this.engine.run(
      {
        target: action,
        keyPurpose: "continue",
        scope: document.uri,
        build: (settings) => ({
          prompt: buildUserPrompt(action, ctx, question),
          systemPrompt: fillTemplate(settings.prompts[action], ctx),
          extraWarnings:
            code.length > settings.maxSelectionChars
              ? [`The selection has ${code.length.toLocaleString("en-US")} characters, more than falRouter.maxSelectionChars (${settings.maxSelectionChars.toLocaleString("en-US")}).`]
              : [],
        }),
      },
      {
        signal: controller.signal,
        onStart: (run, settings) => {
          this.stop();
          this.active = { runId: run.runId, controller };
          void vscode.commands.executeCommand("setContext", "falRouter.busy", true);
          const header: RunHeader = { runId: run.runId, action: TITLES[action], model: run.model, source: `${file}:${ctx.startLine}-${ctx.endLine}`, reasoning: settings.reasoning, canApply: action === "rewrite" };
          this.panel.begin(header, run, () => controller.abort());
          this.rewrite = action === "rewrite" ? { runId: run.runId, target, run } : undefined;
        },
        onEvent: (run, e) => this.panel.event(run.runId, e),
        onEnd: (run) => this.panel.end(run.runId),
      },
    );
    if (outcome.status === "noKey") {
      void vscode.window.showWarningMessage("fal Router: no API key, so nothing was sent. Run “fal Router: Set API Key” when you are ready.");
      return undefined;
    }
    if (outcome.status === "declined") return undefined;
    if (this.active?.runId === outcome.run.runId) {
      this.active = undefined;
      void vscode.commands.executeCommand("setContext", "falRouter.busy", false);
    }
    offerSetKeyOnAuthFailure(outcome.result);
    return outcome.result;
  }

  /** Stops the current run, if any (Stop button, Esc, the Stop command). */
  stop(runId?: string): void {
    if (!this.active || (runId && this.active.runId !== runId)) return;
    this.log.info(`stop requested for ${this.active.runId}`);
    this.active.controller.abort();
  }

  private rewriteFor(runId: string) {
    return this.rewrite?.runId === runId && !this.rewrite.run.running && this.rewrite.run.output ? this.rewrite : undefined;
  }

  async apply(runId: string): Promise<void> {
    const rewrite = this.rewriteFor(runId);
    if (!rewrite) return;
    const result = await this.edits.apply(rewrite.target, rewrite.run.output);
    this.panel.notice(runId, result.ok, result.message);
    if (!result.ok) void vscode.window.showWarningMessage(`fal Router: ${result.message}`);
  }

  async diff(runId: string): Promise<void> {
    const rewrite = this.rewriteFor(runId);
    if (rewrite) await this.edits.showDiff(rewrite.target, rewrite.run.output);
  }
}
