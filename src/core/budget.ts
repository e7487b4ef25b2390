/**
 * The checks made before a request is sent: the daily budget and the large-prompt estimate. They
 * return what to tell the user; the host decides how to ask. No vscode, no DOM.
 */
import { describePrices, estimateInputCost, estimateTokens, type ModelInfo } from "./catalog";
import { formatCount, formatUsd } from "../shared/format";
import * as l10n from "@vscode/l10n";

export interface PreflightInput {
  /** The whole text sent: system prompt plus prompt. */
  readonly text: string;
  readonly modelId: string;
  readonly model?: ModelInfo;
  /** Billed cost recorded today. */
  readonly spentToday: number;
  /** 0 turns the budget off. */
  readonly dailyBudgetUsd: number;
  /** The user already chose to go over the budget today. */
  readonly budgetAcknowledged: boolean;
  /** Estimated prompt tokens above which the estimate is shown; 0 turns it off. */
  readonly confirmAboveTokens: number;
}

export interface PreflightWarning {
  readonly kind: "budget" | "estimate";
  readonly message: string;
}

/** Today's billed spend has reached the daily budget (0 = no budget). The one place this rule lives. */
export function isOverBudget(spentToday: number, dailyBudgetUsd: number): boolean {
  return dailyBudgetUsd > 0 && spentToday >= dailyBudgetUsd;
}

export function preflight(input: PreflightInput): PreflightWarning[] {
  const warnings: PreflightWarning[] = [];
  if (isOverBudget(input.spentToday, input.dailyBudgetUsd) && !input.budgetAcknowledged) {
    warnings.push({
      kind: "budget",
      message: l10n.t("Today's billed spend is {0}, which has reached your daily budget of {1}.", formatUsd(input.spentToday), formatUsd(input.dailyBudgetUsd)),
    });
  }
  const tokens = estimateTokens(input.text);
  if (input.confirmAboveTokens > 0 && tokens > input.confirmAboveTokens) {
    const cost = estimateInputCost(tokens, input.model);
    const price = input.model ? ` (${describePrices(input.model)})` : "";
    warnings.push({
      kind: "estimate",
      message:
        cost === undefined
          ? l10n.t("This prompt is about {0} tokens. The catalog has no price for {1}, so its cost cannot be estimated.", formatCount(tokens), input.modelId)
          : l10n.t("This prompt is about {0} tokens. Estimate: about {1} for the input at {2}'s catalog price{3}, plus the answer. This is an estimate; fal bills the actual usage.", formatCount(tokens), formatUsd(cost), input.modelId, price),
    });
  }
  return warnings;
}
