import * as vscode from "vscode";
import { Comparison, type ComparisonOutcome } from "../core/engine/comparison";
import type { EngineRequest, RequestEngine } from "../core/engine/pipeline";
import type { RunState } from "../core/engine/runState";
import { comparisonToMarkdown } from "../core/comparisonExport";
import type { Logger } from "../core/types";
import { parseCompareMessage, type ColumnView, type CompareToHost, type ComparisonView, type HostToCompare } from "../protocol/compare";
import { openLink } from "./links";
import type { ComparisonHistory } from "./comparisonHistory";
import type { RewriteRequest } from "./proposalView";
import type { RewriteDiffs } from "./rewriteDiffs";
import { failureView, RunForwarder } from "./runForwarder";
import { COMPARE_PANEL_ID } from "./viewIds";
import { webviewOptions } from "./webviewHtml";
import { containerOf, WebviewSurface } from "./webviewSurface";

export const ANSWER_SCHEME = "fal-router-answer";

/** What to compare: one request, its models, and (for a rewrite-kind prompt) what "Use this one" replaces. */
export interface CompareJob {
  readonly request: EngineRequest;
  readonly models: readonly string[];
  readonly title: string;
  readonly source: string;
  readonly rewrite?: RewriteRequest;
}

interface Shown {
  readonly id: string;
  readonly job: CompareJob;
  readonly cmp: Comparison;
  readonly forwarders: Map<string, RunForwarder>;
}

function columnOf(model: string, run: RunState | undefined): ColumnView {
  if (!run) return { model, status: "queued", output: "" };
  return {
    model,
    runId: run.runId,
    status: run.phase === "starting" ? "streaming" : run.phase,
    output: run.output,
    usage: run.usage && { ...run.usage },
    firstTokenMs: run.firstTokenMs,
    totalMs: run.totalMs,
    error: run.running ? undefined : failureView(run),
  };
}

/**
 * The comparison panel: one request to 2–4 models, side by side (core/engine/comparison.ts runs
 * them). It forwards each column's deltas keyed by that column's run id, stops one column or all,
 * retries one, copies an answer, sends one through the rewrite diff, diffs two answers in VS
 * Code's diff editor and exports the whole comparison. Closing the panel stops every column.
 */
export class ComparePanel extends WebviewSurface<CompareToHost, HostToCompare> implements vscode.TextDocumentContentProvider {
  static readonly viewType = COMPARE_PANEL_ID;
  private panel?: vscode.WebviewPanel;
  private current?: Shown;
  /** A comparison reopened from the history: shown, never sent again. */
  private archived?: ComparisonView;
  private seq = 0;
  /** The history's write of the comparison that just ended (awaited before `compare` resolves). */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    extensionUri: vscode.Uri,
    log: Logger,
    private readonly engine: RequestEngine,
    private readonly diffs: RewriteDiffs,
    private readonly history: ComparisonHistory,
  ) {
    super(extensionUri, log, { script: "panel.js", view: "compare", styles: ["compare.css"], title: vscode.l10n.t("fal Router: Compare") }, parseCompareMessage, "webview/ready");
    this.register(vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this));
  }

  get view(): ComparisonView | undefined {
    const c = this.current;
    if (!c) return this.archived;
    return { id: c.id, title: c.job.title, source: c.job.source, canUse: c.job.rewrite !== undefined, archived: false, columns: c.cmp.columns.map((col) => columnOf(col.model, col.run)) };
  }

  /** The last finished comparisons, newest first (kept across windows and reloads). */
  recent(): Promise<readonly ComparisonView[]> {
    return this.history.all();
  }

  /** Runs a comparison here (stopping the one shown); resolves when every column ended. */
  async compare(job: CompareJob): Promise<ComparisonOutcome> {
    const id = `cmp-${Date.now().toString(36)}-${++this.seq}`;
    const forwarders = new Map<string, RunForwarder>();
    let shown: Shown | undefined;
    const cmp = new Comparison(this.engine, job.request, job.models, id, {
      started: (index, run) => {
        if (!shown) this.begin((shown = { id, job, cmp, forwarders }));
        const forwarder = new RunForwarder(run.runId, (m) => this.post(m));
        forwarders.set(run.runId, forwarder);
        this.post({ type: "column/start", index, runId: run.runId });
      },
      event: (_i, run, e) => forwarders.get(run.runId)?.event(e),
      ended: (_i, run) => {
        forwarders.get(run.runId)?.end(run);
        if (this.current === shown && !cmp.running) this.keep();
      },
    });
    const outcome = await cmp.start();
    await this.saving;
    if (outcome.status === "noKey") void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: no API key, so nothing was sent. Run “fal Router: Set API Key” when you are ready."));
    return outcome;
  }

  /** Reopens a finished comparison from the history. */
  async reopen(id: string): Promise<boolean> {
    const view = (await this.history.all()).find((v) => v.id === id);
    if (!view) return false;
    this.current?.cmp.stopAll();
    this.current = undefined;
    this.archived = { ...view, archived: true };
    this.show();
    this.post({ type: "compare/replay", comparison: this.archived });
    return true;
  }

  private begin(shown: Shown): void {
    this.current?.cmp.stopAll();
    this.current = shown;
    this.archived = undefined;
    this.show();
    this.post({ type: "compare/replay", comparison: this.view });
  }

  /** Every column ended: the comparison joins the history (newest first). */
  private keep(): void {
    const view = this.view;
    if (view) this.saving = this.history.add(view);
  }

  private column(runId: string): ColumnView | undefined {
    return this.view?.columns.find((c) => c.runId === runId);
  }

  stop(runId?: string): void {
    const c = this.current;
    if (!c) return;
    if (runId === undefined) return c.cmp.stopAll();
    const i = c.cmp.indexOf(runId);
    if (i >= 0) c.cmp.stop(i);
  }

  async retry(runId: string): Promise<void> {
    const c = this.current;
    const i = c ? c.cmp.indexOf(runId) : -1;
    if (c && i >= 0) await c.cmp.retry(i);
    await this.saving;
  }

  /** "Use this one": the column's answer through the rewrite diff, as if that model had done the rewrite. */
  async use(runId: string): Promise<boolean> {
    const c = this.current;
    const col = this.column(runId);
    if (!c?.job.rewrite || !col || col.status !== "done" || !col.output) return false;
    this.diffs.open(runId, c.job.rewrite);
    this.diffs.follow(runId, col.output, false);
    this.post({ type: "compare/notice", message: vscode.l10n.t("{0}'s answer is open as a diff beside the code: accept or reject its changes there.", col.model), ok: true });
    return true;
  }

  /** Two answers in VS Code's diff editor. */
  async diffAnswers(left: string, right: string): Promise<void> {
    const a = this.column(left);
    const b = this.column(right);
    if (!a || !b) return;
    const uri = (col: ColumnView) => vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${col.runId}/${col.model.replace(/[^\w.-]+/g, "-")}.md` });
    await vscode.commands.executeCommand("vscode.diff", uri(a), uri(b), vscode.l10n.t("{0} ↔ {1}", a.model, b.model), { viewColumn: vscode.ViewColumn.Active, preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const runId = uri.path.split("/")[1];
    return this.view?.columns.find((c) => c.runId === runId)?.output ?? "";
  }

  /** Export to Markdown: the models, the answers and the figures; automation may pass the file. */
  async export(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const view = this.view;
    if (!view) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target ?? (await vscode.window.showSaveDialog({ title: vscode.l10n.t("Export comparison"), defaultUri: folder && vscode.Uri.joinPath(folder, `comparison-${view.id}.md`), filters: { Markdown: ["md"] } }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(comparisonToMarkdown(view), "utf8"));
    if (!target) await vscode.window.showTextDocument(uri, { preview: true });
    return uri;
  }

  private show(): void {
    if (this.panel) this.panel.reveal(vscode.ViewColumn.Beside, true);
    else {
      const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, vscode.l10n.t("fal Router: Compare"), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "icon.svg");
      this.panel = panel;
      this.attach(containerOf(panel));
    }
  }

  protected override detached(): void {
    this.panel = undefined;
    this.stop(); // closing the panel stops every column
  }

  protected replay(): HostToCompare {
    this.current?.forwarders.forEach((f) => f.discardPending());
    return { type: "compare/replay", comparison: this.view };
  }

  protected async handle(msg: CompareToHost): Promise<void> {
    switch (msg.type) {
      case "webview/ready":
        return;
      case "run/stop":
        return this.stop(msg.runId);
      case "compare/stopAll":
        return this.stop();
      case "column/retry":
        return this.retry(msg.runId);
      case "output/copy": {
        const col = this.column(msg.runId);
        if (col) await vscode.env.clipboard.writeText(col.output);
        return;
      }
      case "compare/use":
        await this.use(msg.runId);
        return;
      case "compare/diff":
        return this.diffAnswers(msg.left, msg.right);
      case "compare/export":
        await this.export();
        return;
      case "code/copy":
        return vscode.env.clipboard.writeText(msg.code);
      case "link/open":
        await openLink(msg.href, msg.text, this.log);
        return;
    }
  }

  override dispose(): void {
    this.current?.cmp.stopAll();
    this.panel?.dispose();
    super.dispose();
  }
}
