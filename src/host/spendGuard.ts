import * as vscode from "vscode";
import { preflight } from "../core/budget";
import type { Confirmation, PreflightQuestion } from "../core/engine/ports";
import type { Logger } from "../core/types";
import { dayOf } from "../core/usageLog";
import type { CatalogStore } from "./catalogStore";
import type { UsageStore } from "./usageStore";

/** Asks the user; resolves to the chosen button or undefined. Tests replace it on the guard. */
export type Ask = (message: string, detail: string, buttons: string[]) => Thenable<string | undefined>;

const modalAsk: Ask = (message, detail, buttons) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);

export const SEND = vscode.l10n.t("Send Anyway");
export const SEND_TODAY = vscode.l10n.t("Send, and Don't Ask Again Today");

/**
 * Before a request: the daily budget, the large-prompt estimate and any caller warning (a huge
 * selection) in one modal question. Every sending path (editor actions, chat) goes through here.
 */
export class SpendGuard implements Confirmation {
  ask: Ask = modalAsk;
  /** The day on which the user chose to go over the budget without being asked again (tests clear it). */
  acknowledgedDay?: string;

  constructor(
    private readonly catalog: CatalogStore,
    private readonly usage: UsageStore,
    private readonly log: Logger,
  ) {}

  /** True when the request may be sent. Uses the settings the request was built with. */
  async confirm(q: PreflightQuestion): Promise<boolean> {
    const { checks, today } = await this.checks(q);
    const warnings = [...q.extraWarnings, ...checks.map((w) => w.message)];
    if (warnings.length === 0) return true;
    const buttons = checks.some((w) => w.kind === "budget") ? [SEND, SEND_TODAY] : [SEND];
    const several = (q.models?.length ?? 1) > 1;
    const title = several ? vscode.l10n.t("fal Router: send this request to {0} models ({1})?", q.models!.length, q.models!.join(", ")) : vscode.l10n.t("fal Router: send this request to {0}?", q.model);
    const answer = await this.ask(title, warnings.join("\n\n"), buttons);
    this.log.info(`preflight: ${warnings.length} warning(s), answer: ${answer ?? "cancel"}`);
    if (answer === SEND_TODAY) this.acknowledgedDay = today;
    return answer === SEND || answer === SEND_TODAY;
  }

  /**
   * For a request from another extension: no dialog may open in its flow. Over the daily budget
   * (and not already acknowledged today) it is refused with the reason; the large-prompt estimate
   * is not asked, because the caller chose what to send; it is logged.
   */
  async refusal(q: PreflightQuestion): Promise<string | undefined> {
    const { checks } = await this.checks(q);
    const budget = checks.find((w) => w.kind === "budget");
    if (checks.length) this.log.info(`preflight (unattended): ${checks.map((w) => w.kind).join(", ")}${budget ? ": refused" : ""}`);
    if (!budget) return undefined;
    return `${budget.message} ${vscode.l10n.t("Requests from other extensions are refused until tomorrow, or until you raise falRouter.dailyBudgetUsd or send a request from fal Router itself and choose to go on.")}`;
  }

  private async checks(q: PreflightQuestion) {
    const { settings } = q;
    if (settings.dailyBudgetUsd > 0) await this.usage.load(); // other windows append to the same log
    const today = dayOf(new Date());
    const checks = preflight({
      text: q.text,
      modelId: q.model,
      model: this.catalog.info(q.model),
      also: q.models?.filter((_, i) => i > 0).map((id) => ({ id, info: this.catalog.info(id) })),
      spentToday: this.usage.todayCost,
      dailyBudgetUsd: settings.dailyBudgetUsd,
      budgetAcknowledged: this.acknowledgedDay === today,
      confirmAboveTokens: settings.confirmAboveTokens,
    });
    return { checks, today };
  }
}
