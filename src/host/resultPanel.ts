import { RESULT_PANEL_ID } from "./viewIds";
import * as vscode from "vscode";
import type { RunHooks } from "../core/engine/pipeline";
import type { RunState } from "../core/engine/runState";
import type { Logger, RouterEvent } from "../core/types";
import { parsePanelMessage, type HostToPanel, type PanelToHost } from "../protocol/panel";
import { parseSavedRun, type RunHeader, type RunSnapshot } from "../protocol/run";
import type { LastRunFile } from "./lastRunFile";
import { openLink } from "./links";
import type { RewriteEdits, RewriteTarget } from "./rewriteEdits";
import { failureView, RunForwarder } from "./runForwarder";
import { webviewOptions } from "./webviewHtml";
import { containerOf, WebviewSurface } from "./webviewSurface";

/** What the panel shows about a run besides its state: the action, where the code came from, and what Apply would replace. */
export interface RunLabel {
  readonly action: string;
  readonly source: string;
  readonly rewrite?: RewriteTarget;
}

interface ShownRun {
  readonly header: RunHeader;
  readonly state: RunState;
  readonly controller: AbortController;
  readonly rewrite?: RewriteTarget;
  readonly forwarder: RunForwarder;
  applied: boolean;
}

/**
 * The result panel beside the editor, and the owner of the editor actions' current run: it shows
 * one run at a time (a new one stops the previous), forwards only deltas while streaming, stops
 * the run (Stop, Esc, closing the panel), and applies or diffs a finished rewrite. After a window
 * reload VS Code restores the panel, which shows the last run (one cut off is marked interrupted).
 */
export class ResultPanel extends WebviewSurface<PanelToHost, HostToPanel> {
  static readonly viewType = RESULT_PANEL_ID;
  private panel?: vscode.WebviewPanel;
  private current?: ShownRun;
  /** A run restored after a reload, from the host's file or the webview's saved state. */
  private restored?: RunSnapshot;

  constructor(
    extensionUri: vscode.Uri,
    log: Logger,
    private readonly edits: RewriteEdits,
    private readonly lastRun: LastRunFile,
  ) {
    super(extensionUri, log, { script: "panel.js", styles: ["panel.css"], title: vscode.l10n.t("fal Router") }, parsePanelMessage, "webview/ready");
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
      },
      onEvent: (run, e) => this.event(run.runId, e),
      onEnd: (run) => this.end(run.runId),
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

  /** The shown rewrite, once it finished with an answer: only it can be applied or diffed. */
  private finishedRewrite(runId: string): (ShownRun & { rewrite: RewriteTarget }) | undefined {
    const c = this.current;
    return c?.header.runId === runId && c.rewrite && !c.state.running && c.state.output ? (c as ShownRun & { rewrite: RewriteTarget }) : undefined;
  }

  async apply(runId: string): Promise<void> {
    const c = this.finishedRewrite(runId);
    if (!c) return;
    const result = await this.edits.apply(c.rewrite, c.state.output);
    if (result.ok) {
      c.applied = true;
      void this.lastRun.save(this.snapshot);
    } else void vscode.window.showWarningMessage(`fal Router: ${result.message}`);
    this.post({ type: "apply/result", runId, ok: result.ok, message: result.message });
  }

  async diff(runId: string): Promise<void> {
    const c = this.finishedRewrite(runId);
    if (c) await this.edits.showDiff(c.rewrite, c.state.output);
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
      case "link/open":
        await openLink(msg.href, this.log);
        return;
    }
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
