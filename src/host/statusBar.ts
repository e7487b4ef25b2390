import * as vscode from "vscode";
import { isOverBudget } from "../core/budget";
import { describePrices, formatContext, shortName } from "../core/catalog";
import { MODEL_TARGETS } from "../core/settings";
import { formatUsd } from "../shared/format";
import type { CatalogStore } from "./catalogStore";
import { Disposable } from "./disposable";
import { currentSettings, SECTION } from "./settings";
import type { UsageStore } from "./usageStore";

/**
 * The status-bar item: the default model by its short name and what fal billed today. Clicking
 * opens the switcher. The tooltip has the full id, context, prices, today's spend and this window's;
 * the item turns to the warning colour once the daily budget is reached.
 *
 * Decision (issue 11): the figure is today's, from the usage log, not this window's. A window's
 * figure read $0.00 after every reload while the chat showed what had been spent; today's survives
 * reloads, matches the daily budget, and is labelled "today". Until the log is read (just after
 * activation) only the model is shown, never a $0.00 that is not true.
 */
export class ModelStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem("falRouter.model", vscode.StatusBarAlignment.Right, 100));

  constructor(
    private readonly catalog: CatalogStore,
    private readonly usage: UsageStore,
  ) {
    super();
    this.item.name = "fal Router Model";
    this.item.command = "falRouter.switchModel";
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && this.update()));
    this.register(catalog.onDidChange(() => this.update()));
    this.register(usage.onDidChange(() => this.update()));
    // Shown at once with the model's name; the cost and the tooltip follow a moment later, after
    // activation: the first money format starts ICU (~20–30 ms), which activation must not pay.
    this.item.text = `$(sparkle) ${shortName(currentSettings().model)}`;
    this.item.show();
    const first = setTimeout(() => this.update(), 0);
    this.register({ dispose: () => clearTimeout(first) });
  }

  /** What the item shows, for tests. */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === "string" ? t : (t?.value ?? "");
  }

  update(): void {
    const settings = currentSettings();
    const id = settings.model;
    const info = this.catalog.info(id);
    const today = this.usage.todayCost;
    const session = formatUsd(this.usage.sessionCost);
    const overBudget = isOverBudget(today, settings.dailyBudgetUsd);
    const known = this.usage.isLoaded;
    this.item.text = known ? vscode.l10n.t("$(sparkle) {0} · {1} today", shortName(id), formatUsd(today)) : `$(sparkle) ${shortName(id)}`;
    this.item.backgroundColor = overBudget ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    this.item.accessibilityInformation = { label: known ? vscode.l10n.t("fal Router model {0}, {1} billed today. Click to switch model.", id, formatUsd(today)) : vscode.l10n.t("fal Router model {0}. Click to switch model.", id) };

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.supportThemeIcons = true;
    md.appendMarkdown(`**$(sparkle) ${vscode.l10n.t("fal Router model")}**\n\n`);
    md.appendMarkdown(`\`${id}\`${info && info.name !== id ? ` · ${escapeMarkdown(info.name)}` : ""}\n\n`);
    md.appendMarkdown(info ? `${formatContext(info.contextLength)} · ${describePrices(info)}${info.reasoning ? ` · ${vscode.l10n.t("reasoning")}` : ""}\n\n` : `${vscode.l10n.t("Not in the catalog: context and prices unknown.")}\n\n`);
    const overrides = MODEL_TARGETS.filter((a) => settings.modelFor[a] !== id).map((a) => `${a}: \`${settings.modelFor[a]}\``);
    if (overrides.length) md.appendMarkdown(`${vscode.l10n.t("Per-action: {0}", overrides.join(", "))}\n\n`);
    md.appendMarkdown(`---\n\n${vscode.l10n.t("Billed today: **{0}** · in this window: **{1}**", formatUsd(today), session)}`);
    if (settings.dailyBudgetUsd > 0) md.appendMarkdown(` ${overBudget ? vscode.l10n.t("of {0} daily budget $(warning) reached", formatUsd(settings.dailyBudgetUsd)) : vscode.l10n.t("of {0} daily budget", formatUsd(settings.dailyBudgetUsd))}`);
    md.appendMarkdown(`\n\n${vscode.l10n.t("Costs are what fal billed (`usage.cost`), not estimates.")}\n\n${vscode.l10n.t("Click to switch model.")}`);
    this.item.tooltip = md;
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, "\\$&");
}
