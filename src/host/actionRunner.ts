import * as vscode from "vscode";
import { buildUserPrompt, fillTemplate, type ActionId, type CodeContext } from "../core/prompts";
import type { Logger, RunResult } from "../core/types";
import type { RunHeader } from "../protocol/messages";
import type { ApiKeyStore } from "./apiKeyStore";
import type { ResultPanel } from "./resultPanel";
import type { RewriteEdits, RewriteTarget } from "./rewriteEdits";
import { gatewayFor, keyForRequest, offerSetKeyOnAuthFailure } from "./requests";
import { currentSettings } from "./settings";
import type { SpendGuard } from "./spendGuard";

const TITLES: Record<ActionId, string> = { explain: "Explain", rewrite: "Rewrite", custom: "Ask" };

interface ActiveRun {
  readonly runId: string;
  readonly controller: AbortController;
}

/**
 * Runs an editor action end to end: selection → key → prompt → gateway → panel. One run at a
 * time: a new action stops the previous one (its partial output stays in the log and panel history).
 */
export class ActionRunner {
  private active?: ActiveRun;
  private seq = 0;
  /** Only the run the panel shows can be applied, so only its rewrite is kept. */
  private rewrite?: { runId: string; target: RewriteTarget; output: string };

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly panel: ResultPanel,
    private readonly edits: RewriteEdits,
    private readonly guard: SpendGuard,
    private readonly log: Logger,
    private readonly gatewayLog: Logger,
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
    const settings = currentSettings(this.log, document.uri);
    const code = document.getText(selection);
    if (action === "custom" && question === undefined) {
      question = await vscode.window.showInputBox({ title: "fal Router: Ask About Selection", prompt: "What do you want to know or change?", ignoreFocusOut: true });
      if (!question?.trim()) return undefined;
    }
    const credentials = await keyForRequest(this.keys, settings, "continue");
    if (!credentials) {
      void vscode.window.showWarningMessage("fal Router: no API key, so nothing was sent. Run “fal Router: Set API Key” when you are ready.");
      return undefined;
    }

    const file = vscode.workspace.asRelativePath(document.uri, false);
    const ctx: CodeContext = { file, languageId: document.languageId, code, startLine: selection.start.line + 1, endLine: selection.end.line + 1 };
    const model = settings.modelFor[action];
    const prompt = buildUserPrompt(action, ctx, question);
    const systemPrompt = fillTemplate(settings.prompts[action], ctx);
    const huge =
      code.length > settings.maxSelectionChars
        ? [`The selection has ${code.length.toLocaleString("en-US")} characters, more than falRouter.maxSelectionChars (${settings.maxSelectionChars.toLocaleString("en-US")}).`]
        : [];
    if (!(await this.guard.beforeSend({ text: systemPrompt + prompt, model, extraWarnings: huge }))) return undefined;
    const runId = `run-${Date.now().toString(36)}-${++this.seq}`;
    const header: RunHeader = {
      runId,
      action: TITLES[action],
      model,
      source: `${file}:${ctx.startLine}-${ctx.endLine}`,
      reasoning: settings.reasoning,
      canApply: action === "rewrite",
    };
    this.stop();
    const controller = new AbortController();
    this.active = { runId, controller };
    void vscode.commands.executeCommand("setContext", "falRouter.busy", true);
    this.panel.begin(header, () => controller.abort());
    this.rewrite =
      action === "rewrite"
        ? { runId, target: { uri: document.uri, range: new vscode.Range(selection.start, selection.end), originalText: code, documentText: document.getText() }, output: "" }
        : undefined;

    const gateway = gatewayFor(credentials.key, settings, this.gatewayLog);
    const result = await gateway.run(
      {
        model,
        prompt,
        systemPrompt,
        reasoning: settings.reasoning,
        temperature: settings.temperature,
        maxTokens: settings.maxTokens,
      },
      { mode: settings.mode, signal: controller.signal, onEvent: (e) => this.panel.event(runId, e) },
    );
    this.panel.end(runId, result);
    await this.guard.afterRun(action, model, result);
    if (this.active?.runId === runId) {
      this.active = undefined;
      void vscode.commands.executeCommand("setContext", "falRouter.busy", false);
    }
    if (this.rewrite?.runId === runId) this.rewrite.output = result.output;
    offerSetKeyOnAuthFailure(result);
    return result;
  }

  /** Stops the current run, if any (Stop button, Esc, the Stop command). */
  stop(runId?: string): void {
    if (!this.active || (runId && this.active.runId !== runId)) return;
    this.log.info(`stop requested for ${this.active.runId}`);
    this.active.controller.abort();
  }

  private rewriteFor(runId: string) {
    return this.rewrite?.runId === runId && this.rewrite.output ? this.rewrite : undefined;
  }

  async apply(runId: string): Promise<void> {
    const rewrite = this.rewriteFor(runId);
    if (!rewrite) return;
    const result = await this.edits.apply(rewrite.target, rewrite.output);
    this.panel.notice(runId, result.ok, result.message);
    if (!result.ok) void vscode.window.showWarningMessage(`fal Router: ${result.message}`);
  }

  async diff(runId: string): Promise<void> {
    const rewrite = this.rewriteFor(runId);
    if (rewrite) await this.edits.showDiff(rewrite.target, rewrite.output);
  }
}
