import * as vscode from "vscode";
import type { Logger, RouterEvent, RunResult } from "../core/types";
import { isOpenableLink, parseSavedRun, parseWebviewMessage, type HostMessage, type RunHeader, type RunSnapshot, type WebviewMessage } from "../protocol/messages";
import { Disposable } from "./disposable";
import { RunForwarder } from "./runForwarder";
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
  /** The run shown, minus what the forwarder keeps (text, usage, status). */
  private run?: RunSnapshot;
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
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.panel) {
      panel.dispose(); // a run started before the restore already owns a panel
      return;
    }
    const saved = parseSavedRun(state);
    if (!this.run && saved) {
      this.run = saved;
      this.forwarder = undefined;
    }
    this.ready = false;
    this.panel = adoptPanel(panel, this.extensionUri, this.spec());
    this.log.info(`restored the result panel${saved ? ` (${saved.status})` : ""}`);
  }

  get snapshot(): RunSnapshot | undefined {
    const f = this.forwarder;
    if (this.run && !f) return this.run; // restored after a reload
    return this.run && f && { ...this.run, output: f.output, reasoningText: f.reasoning, usage: f.usage && { ...f.usage }, status: f.status, queuePosition: f.queuePosition, statusDetail: f.statusDetail };
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Starts showing a new run; `onClose` runs if the user closes the panel while it streams. */
  begin(header: RunHeader, onClose: () => void): void {
    this.forwarder?.flush();
    this.run = { ...header, status: "streaming", output: "", reasoningText: "" };
    this.forwarder = new RunForwarder(header.runId, (m) => this.post(m));
    this.onClose = onClose;
    this.show();
    this.post({ type: "run/start", header });
  }

  /** Re-opens the panel with the last run (after it was closed). */
  reveal(): void {
    this.show();
  }

  event(runId: string, e: RouterEvent): void {
    if (this.run?.runId === runId) this.forwarder?.event(e);
  }

  end(runId: string, result: RunResult): void {
    const run = this.run;
    if (!run || run.runId !== runId || !this.forwarder) return;
    this.onClose = undefined;
    run.error = this.forwarder.end(result);
    run.totalMs = result.totalMs;
    run.firstTokenMs = result.firstTokenMs;
  }

  notice(runId: string, ok: boolean, message: string): void {
    if (this.run?.runId !== runId) return;
    if (ok) this.run.applied = true;
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
        if (this.run?.runId === msg.runId) void vscode.env.clipboard.writeText(this.snapshot?.output ?? "");
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
