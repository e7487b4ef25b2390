import * as vscode from "vscode";
import { dayOf, summarize } from "../core/usageLog";
import type { Logger } from "../core/types";
import { parseWebviewMessage, type HostMessage, type UsageReport } from "../protocol/messages";
import { Disposable } from "./disposable";
import { currentSettings } from "./settings";
import type { UsageStore } from "./usageStore";
import { createPanel } from "./webviewHtml";

const RECENT_ROWS = 100;
const DAYS = 90;

/** Builds the small report the usage view renders (aggregates and the newest rows, never the whole log). */
export function usageReport(usage: UsageStore): UsageReport {
  const records = usage.records;
  const summary = summarize(records);
  return {
    today: dayOf(new Date()),
    total: summary.total,
    session: usage.sessionCost,
    dailyBudgetUsd: currentSettings().dailyBudgetUsd,
    byDay: summary.byDay.slice(0, DAYS),
    byModel: summary.byModel,
    recent: records
      .slice(-RECENT_ROWS)
      .reverse()
      .map((r) => ({ time: r.time, action: r.action, model: r.model, outcome: r.outcome, totalTokens: r.totalTokens, cost: r.cost, requestId: r.requestId, error: r.error })),
  };
}

/** "Show Usage": totals per day and per model, a chart of daily spend, recent requests, CSV export. */
export class UsagePanel extends Disposable {
  static readonly viewType = "falRouter.usage";
  private panel?: vscode.WebviewPanel;
  private ready = false;
  private readonly posted = this.register(new vscode.EventEmitter<HostMessage>());
  readonly onDidPost = this.posted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly usage: UsageStore,
    private readonly log: Logger,
  ) {
    super();
    this.register(usage.onDidChange(() => this.replay()));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = createPanel(this.extensionUri, {
      viewType: UsagePanel.viewType,
      title: "fal Router Usage",
      column: vscode.ViewColumn.Active,
      script: "usage.js",
      styles: ["usage.css"],
      onMessage: (raw) => {
        const msg = parseWebviewMessage(raw);
        if (msg?.type === "webview/ready") {
          this.ready = true;
          this.replay();
        } else if (msg?.type === "usage/export") void vscode.commands.executeCommand("falRouter.exportUsage");
        else this.log.warn("ignored an unexpected message from the usage view");
      },
      onHidden: () => (this.ready = false),
      onDisposed: () => {
        this.panel = undefined;
        this.ready = false;
      },
    });
    this.panel = panel;
  }

  private replay(): void {
    if (!this.panel || !this.ready) return;
    const message: HostMessage = { type: "usage/replay", report: usageReport(this.usage) };
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
