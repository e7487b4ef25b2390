import * as vscode from "vscode";
import type { RunState } from "../core/engine/runState";
import type { Logger, RouterEvent } from "../core/types";
import { isOpenableLink, parseSavedRun, parseWebviewMessage, type HostMessage, type RunHeader, type RunSnapshot, type WebviewMessage } from "../protocol/messages";
import { Disposable } from "./disposable";
import type { LastRunFile } from "./lastRunFile";
import { failureView, RunForwarder } from "./runForwarder";
import { adoptPanel, createPanel, type PanelSpec } from "./webviewHtml";

export interface PanelActions {
  stop(runId: string): void;
  apply(runId: string): void;
  diff(runId: string): void;
}

/**
 * The result panel beside the editor. It keeps the state of the current run (so a reloaded or
 * re-shown webview is replayed on `webview/ready`), forwards only deltas while streaming, and
 * validates every message that comes back.
 */
export class ResultPanel extends Disposable {
  static readonly viewType = "falRouter.result";
  private panel?: vscode.WebviewPanel;
  /** The run shown: its header, and its state (owned by the engine's RunState). */
  private header?: RunHeader;
  private state?: RunState;
  private applied = false;
  /** A run restored after a reload, from the webview's saved state. */
  private restored?: RunSnapshot;
  private forwarder?: RunForwarder;
  private ready = false;
  private onClose?: () => void;
  private readonly posted = this.register(new vscode.EventEmitter<HostMessage>());
  /** Every message posted to the webview (tests assert on it). */
  readonly onDidPost = this.posted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
    private readonly actions: PanelActions,
    private readonly lastRun: LastRunFile,
  ) {
    super();
    // After a window reload VS Code restores the panel; it shows the last run from the webview's
    // saved state (a run that was streaming is marked interrupted) instead of an empty editor.
    this.register(
      vscode.window.registerWebviewPanelSerializer(ResultPanel.viewType, {
        deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
      }),
    );
  }

  /** Adopts a panel VS Code restored after a reload, with the run its webview saved. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.panel) {
      panel.dispose(); // a run started before the restore already owns a panel
      return;
    }
    // The host's own file first (it owns the run); the webview's saved state if there is none.
    const saved = parseSavedRun(await this.lastRun.load()) ?? parseSavedRun(state);
    if (this.panel) {
      panel.dispose();
      return;
    }
    if (!this.state && saved) this.restored = saved;
    this.ready = false;
    this.panel = adoptPanel(panel, this.extensionUri, this.spec());
    this.log.info(`restored the result panel${saved ? ` (${saved.status})` : ""}`);
  }

  get snapshot(): RunSnapshot | undefined {
    const { header, state: s } = this;
    if (!header || !s) return this.restored;
    return {
      ...header,
      status: s.phase === "starting" ? "streaming" : s.phase,
      queuePosition: s.queuePosition,
      statusDetail: s.statusDetail,
      output: s.output,
      reasoningText: s.reasoning,
      usage: s.usage && { ...s.usage },
      firstTokenMs: s.firstTokenMs,
      totalMs: s.totalMs,
      error: s.running ? undefined : failureView(s),
      applied: this.applied,
    };
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Starts showing a new run; `onClose` runs if the user closes the panel while it streams. */
  begin(header: RunHeader, state: RunState, onClose: () => void): void {
    this.forwarder?.flush();
    this.header = header;
    this.state = state;
    this.applied = false;
    this.restored = undefined;
    this.forwarder = new RunForwarder(header.runId, (m) => this.post(m));
    this.onClose = onClose;
    this.show();
    this.post({ type: "run/start", header });
    void this.lastRun.save(this.snapshot);
  }

  /** The window is going away: saves the run as it is now (a streaming one is restored as interrupted). */
  shutdown(): Promise<void> {
    return this.lastRun.save(this.snapshot);
  }

  /** Re-opens the panel with the last run (after it was closed). */
  reveal(): void {
    this.show();
  }

  event(runId: string, e: RouterEvent): void {
    if (this.header?.runId !== runId) return;
    this.forwarder?.event(e);
    this.lastRun.saveSoon(() => this.snapshot);
  }

  /** The run ended; its state holds the result. */
  end(runId: string): void {
    if (this.header?.runId !== runId || !this.state || !this.forwarder) return;
    this.onClose = undefined;
    this.forwarder.end(this.state);
    void this.lastRun.save(this.snapshot);
  }

  notice(runId: string, ok: boolean, message: string): void {
    if (this.header?.runId !== runId) return;
    if (ok) {
      this.applied = true;
      void this.lastRun.save(this.snapshot);
    }
    this.post({ type: "apply/result", runId, ok, message });
  }

  private show(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    this.ready = false;
    this.panel = createPanel(this.extensionUri, this.spec());
  }

  private spec(): PanelSpec {
    return {
      viewType: ResultPanel.viewType,
      title: "fal Router",
      column: vscode.ViewColumn.Beside,
      preserveFocus: true,
      script: "panel.js",
      styles: ["panel.css"],
      onMessage: (raw) => this.receive(raw),
      // A hidden webview loses its document; it says `ready` again when shown and is replayed.
      onHidden: () => (this.ready = false),
      onDisposed: () => {
        this.panel = undefined;
        this.ready = false;
        const close = this.onClose;
        this.onClose = undefined;
        close?.();
      },
    };
  }

  private receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn(`ignored a malformed message from the webview`);
      return;
    }
    this.handle(msg);
  }

  private handle(msg: WebviewMessage): void {
    switch (msg.type) {
      case "webview/ready":
        this.forwarder?.discardPending();
        this.ready = true;
        this.post({ type: "state/replay", run: this.snapshot });
        break;
      case "run/stop":
        this.actions.stop(msg.runId);
        break;
      case "output/copy":
        if (this.snapshot?.runId === msg.runId) void vscode.env.clipboard.writeText(this.snapshot.output);
        break;
      case "code/copy":
        void vscode.env.clipboard.writeText(msg.code);
        break;
      case "rewrite/apply":
        this.actions.apply(msg.runId);
        break;
      case "rewrite/diff":
        this.actions.diff(msg.runId);
        break;
      case "link/open":
        void openLink(msg.href, this.log);
        break;
      default:
        this.log.debug(`ignored ${msg.type}: not a result panel message`);
    }
  }

  private post(message: HostMessage): void {
    this.posted.fire(message);
    // Before `ready` nothing is lost: the replay carries the state.
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}

/** Opens a link from model output only if it is http(s), and only through VS Code (which asks about untrusted domains). */
export async function openLink(href: string, log: Logger): Promise<boolean> {
  if (!isOpenableLink(href)) {
    log.warn(`blocked a link with a disallowed scheme`);
    void vscode.window.showWarningMessage(`fal Router blocked a link that is not http(s): ${href.slice(0, 80)}`);
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(href, true));
}
