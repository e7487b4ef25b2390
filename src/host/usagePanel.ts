import * as vscode from "vscode";
import { comparisonsOf, dayOf, summarize } from "../core/usageLog";
import type { Logger } from "../core/types";
import { parseUsageMessage, type HostToUsage, type UsageReport, type UsageToHost } from "../protocol/usage";
import { currentSettings } from "./settings";
import type { UsageStore } from "./usageStore";
import { webviewOptions } from "./webviewHtml";
import { containerOf, WebviewSurface } from "./webviewSurface";

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
    comparisons: comparisonsOf(records),
  };
}

/** "Show Usage": totals per day and per model, a chart of daily spend, recent requests, CSV export. */
export class UsagePanel extends WebviewSurface<UsageToHost, HostToUsage> {
  static readonly viewType = "falRouter.usage";
  private panel?: vscode.WebviewPanel;

  constructor(
    extensionUri: vscode.Uri,
    private readonly usage: UsageStore,
    log: Logger,
  ) {
    super(extensionUri, log, { script: "usage.js", styles: ["usage.css"], title: vscode.l10n.t("fal Router Usage") }, parseUsageMessage, "webview/ready");
    this.register(usage.onDidChange(() => this.live && this.post(this.replay())));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    this.panel = vscode.window.createWebviewPanel(UsagePanel.viewType, vscode.l10n.t("fal Router Usage"), vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "icon.svg");
    this.attach(containerOf(this.panel));
  }

  protected replay(): HostToUsage {
    return { type: "usage/replay", report: usageReport(this.usage) };
  }

  protected handle(msg: UsageToHost): void {
    if (msg.type === "usage/export") void vscode.commands.executeCommand("falRouter.exportUsage");
  }

  protected override detached(): void {
    this.panel = undefined;
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
