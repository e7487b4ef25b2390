import { RESULT_PANEL_ID } from "./viewIds";
import * as vscode from "vscode";
import type { RunHooks } from "../core/engine/pipeline";
import type { RunState } from "../core/engine/runState";
import type { Logger, RouterEvent } from "../core/types";
import { parsePanelMessage, type HostToPanel, type PanelToHost } from "../protocol/panel";
import { parseSavedRun, type RunHeader, type RunSnapshot } from "../protocol/run";
import type { LastRunFile } from "./lastRunFile";
import { openLink } from "./links";
import type { RewriteRequest } from "./proposalView";
import type { RewriteDiffs } from "./rewriteDiffs";
import { failureView, RunForwarder } from "./runForwarder";
import { webviewOptions } from "./webviewHtml";
import { containerOf, WebviewSurface } from "./webviewSurface";

/** What the panel shows about a run besides its state: the action, where the code came from, and, for a rewrite, what it replaces. */
export interface RunLabel {
  readonly action: string;
  readonly source: string;
  readonly rewrite?: RewriteRequest;
}

interface ShownRun {
  readonly header: RunHeader;
  readonly state: RunState;
  readonly controller: AbortController;
  readonly rewrite?: RewriteRequest;
  readonly forwarder: RunForwarder;
  applied: boolean;
}

/**
 * The result panel beside the editor, and the owner of the editor actions' current run: it shows
 * one run at a time (a new one stops the previous), forwards only deltas while streaming, stops
 * the run (Stop, Esc, closing the panel), and hands a rewrite to its diff (host/rewriteDiffs.ts),
 * which follows the stream; the panel's Accept All and Show Diff act on that diff. After a window
 * reload VS Code restores the panel, which shows the last run (one cut off is marked interrupted).
 */
/** Said when the panel's Accept All or Reject All finds the diff already settled and closed. */
const proposalClosed = (): string => vscode.l10n.t("The proposal was closed: every change in it was accepted or rejected.");

export class ResultPanel extends WebviewSurface<PanelToHost, HostToPanel> {
  static readonly viewType = RESULT_PANEL_ID;
  private panel?: vscode.WebviewPanel;
  private current?: ShownRun;
  /** A run restored after a reload, from the host's file or the webview's saved state. */
  private restored?: RunSnapshot;

  constructor(
    extensionUri: vscode.Uri,
    log: Logger,
    private readonly diffs: RewriteDiffs,
    private readonly lastRun: LastRunFile,
  ) {
    super(extensionUri, log, { script: "panel.js", styles: ["panel.css"], title: vscode.l10n.t("fal Router") }, parsePanelMessage, "webview/ready");
    this.register(diffs.onDidApply(({ runId, message }) => this.markApplied(runId, message)));
  }

  /** Adopts a panel VS Code restored after a reload, with the last run. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The host's own file first (it owns the run); the webview's saved state if there is none.
    const saved = this.panel ? undefined : (parseSavedRun(await this.lastRun.load()) ?? parseSavedRun(state));
    if (this.panel) {
      panel.dispose(); // a run started meanwhile already owns a panel
      return;
    }
    if (!this.current && saved) this.restored = saved;
    this.adopt(panel);
    this.log.info(`restored the result panel${saved ? ` (${saved.status})` : ""}`);
  }

  get snapshot(): RunSnapshot | undefined {
    const c = this.current;
    if (!c) return this.restored;
    const s = c.state;
    return {
      ...c.header,
      status: s.phase === "starting" ? "streaming" : s.phase,
      queuePosition: s.queuePosition,
      statusDetail: s.statusDetail,
      output: s.output,
      reasoningText: s.reasoning,
      usage: s.usage && { ...s.usage },
      firstTokenMs: s.firstTokenMs,
      totalMs: s.totalMs,
      error: s.running ? undefined : failureView(s),
      applied: c.applied,
      repeating: s.running && s.repeating ? true : undefined,
    };
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The engine hooks that show one run here, stoppable through `controller`. */
  hooks(label: RunLabel, controller: AbortController): RunHooks {
    return {
      signal: controller.signal,
      onStart: (run, settings) => {
        const header = { runId: run.runId, action: label.action, model: run.model, source: label.source, reasoning: settings.reasoning, canApply: label.rewrite !== undefined };
        this.begin({ header, state: run, controller, rewrite: label.rewrite, forwarder: new RunForwarder(run.runId, (m) => this.post(m)), applied: false });
        if (label.rewrite) this.diffs.open(run.runId, label.rewrite);
      },
      onEvent: (run, e) => {
        this.event(run.runId, e);
        if (label.rewrite && e.type === "output") this.diffs.follow(run.runId, run.output, true);
      },
      onEnd: (run) => {
        this.end(run.runId);
        if (label.rewrite) this.diffs.follow(run.runId, run.output, false);
      },
    };
  }

  private begin(run: ShownRun): void {
    const previous = this.current;
    previous?.forwarder.flush();
    previous?.controller.abort(); // one run at a time
    this.current = run;
    this.restored = undefined;
    void vscode.commands.executeCommand("setContext", "falRouter.busy", true);
    this.show();
    this.post({ type: "run/start", header: run.header });
    void this.lastRun.save(this.snapshot);
  }

  private event(runId: string, e: RouterEvent): void {
    if (this.current?.header.runId !== runId) return;
    this.current.forwarder.event(e);
    this.lastRun.saveSoon(() => this.snapshot);
  }

  private end(runId: string): void {
    if (this.current?.header.runId !== runId) return;
    this.current.forwarder.end(this.current.state);
    void vscode.commands.executeCommand("setContext", "falRouter.busy", false);
    void this.lastRun.save(this.snapshot);
  }

  /** Stops the current run (Stop button, Esc, the Stop command); `runId` must match when given. */
  stop(runId?: string): void {
    const c = this.current;
    if (!c || !c.state.running || (runId && c.header.runId !== runId)) return;
    this.log.info(`stop requested for ${c.header.runId}`);
    c.controller.abort();
  }

  /** The shown rewrite, once it finished with an answer: only it can be accepted. */
  private finishedRewrite(runId: string): ShownRun | undefined {
    const c = this.current;
    return c?.header.runId === runId && c.rewrite && !c.state.running && c.state.output ? c : undefined;
  }

  /** Accept All: whatever the diff proposes now (with the user's edits), as one undoable edit. */
  async apply(runId: string): Promise<void> {
    if (!this.finishedRewrite(runId)) return;
    const view = this.diffs.byRun(runId);
    const result = view ? await this.diffs.accept({ uri: view.right.toString() }, true) : { ok: false, message: proposalClosed() };
    if (result && !result.ok) this.post({ type: "apply/result", runId, ok: false, message: result.message });
  }

  /** Reject All: drops what the diff still proposes, and closes it. */
  async reject(runId: string): Promise<void> {
    const view = this.finishedRewrite(runId) && this.diffs.byRun(runId);
    if (view) await this.diffs.reject({ uri: view.right.toString() }, true);
    else if (this.finishedRewrite(runId)) this.post({ type: "apply/result", runId, ok: false, message: proposalClosed() });
  }

  private markApplied(runId: string, message: string): void {
    const c = this.current;
    if (c?.header.runId !== runId) return;
    c.applied = true;
    void this.lastRun.save(this.snapshot);
    this.post({ type: "apply/result", runId, ok: true, message });
  }

  async diff(runId: string): Promise<void> {
    if (this.current?.rewrite && !(await this.diffs.reveal(runId))) {
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: the proposal was closed: every change in it was accepted or rejected."));
    }
  }

  /** The window is going away: saves the run as it is now (a streaming one is restored as interrupted). */
  shutdown(): Promise<void> {
    return this.lastRun.save(this.snapshot);
  }

  /** Re-opens the panel with the last run (after it was closed). */
  reveal(): void {
    this.show();
  }

  private show(): void {
    if (this.panel) this.panel.reveal(vscode.ViewColumn.Beside, true);
    else this.adopt(vscode.window.createWebviewPanel(ResultPanel.viewType, vscode.l10n.t("fal Router"), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri)));
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "icon.svg");
    this.attach(containerOf(panel));
  }

  protected override detached(): void {
    this.panel = undefined;
    this.stop(); // closing the panel while it streams stops the request
  }

  protected replay(): HostToPanel {
    this.current?.forwarder.discardPending();
    return { type: "state/replay", run: this.snapshot };
  }

  protected async handle(msg: PanelToHost): Promise<void> {
    switch (msg.type) {
      case "webview/ready":
        return; // answered by the surface with replay()
      case "run/stop":
        return this.stop(msg.runId);
      case "output/copy":
        if (this.snapshot?.runId === msg.runId) await vscode.env.clipboard.writeText(this.snapshot.output);
        return;
      case "code/copy":
        return vscode.env.clipboard.writeText(msg.code);
      case "rewrite/apply":
        return this.apply(msg.runId);
      case "rewrite/diff":
        return this.diff(msg.runId);
      case "rewrite/reject":
        return this.reject(msg.runId);
      case "run/compare":
        await vscode.commands.executeCommand("falRouter.compareModels", { again: msg.runId });
        return;
      case "link/open":
        await openLink(msg.href, msg.text, this.log);
        return;
    }
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
