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
  /**
   * Every model the same text goes to at once (a comparison), `modelId` first. The estimate is their
   * sum, and the budget counts it as already spent, so one question covers every request.
   */
  readonly also?: ReadonlyArray<{ readonly id: string; readonly info?: ModelInfo }>;
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
  const tokens = estimateTokens(input.text);
  const targets = [{ id: input.modelId, info: input.model }, ...(input.also ?? [])];
  const costs = targets.map((t) => estimateInputCost(tokens, t.info));
  const several = targets.length > 1;
  // A comparison's requests all start at once: what they will cost is counted before any is sent.
  const ahead = several ? costs.reduce<number>((a, c) => a + (c ?? 0), 0) : 0;
  if (isOverBudget(input.spentToday + ahead, input.dailyBudgetUsd) && !input.budgetAcknowledged) {
    warnings.push({
      kind: "budget",
      message: several
        ? l10n.t("Today's billed spend is {0}; with the inputs of these {1} requests (about {2}) it reaches your daily budget of {3}.", formatUsd(input.spentToday), targets.length, formatUsd(ahead), formatUsd(input.dailyBudgetUsd))
        : l10n.t("Today's billed spend is {0}, which has reached your daily budget of {1}.", formatUsd(input.spentToday), formatUsd(input.dailyBudgetUsd)),
    });
  }
  if (input.confirmAboveTokens > 0 && tokens > input.confirmAboveTokens) warnings.push({ kind: "estimate", message: several ? severalEstimate(tokens, targets, costs) : oneEstimate(tokens, input) });
  return warnings;
}

function oneEstimate(tokens: number, input: PreflightInput): string {
  const cost = estimateInputCost(tokens, input.model);
  const price = input.model ? ` (${describePrices(input.model)})` : "";
  return cost === undefined
    ? l10n.t("This prompt is about {0} tokens. The catalog has no price for {1}, so its cost cannot be estimated.", formatCount(tokens), input.modelId)
    : l10n.t("This prompt is about {0} tokens. Estimate: about {1} for the input at {2}'s catalog price{3}, plus the answer. This is an estimate; fal bills the actual usage.", formatCount(tokens), formatUsd(cost), input.modelId, price);
}

function severalEstimate(tokens: number, targets: ReadonlyArray<{ id: string }>, costs: ReadonlyArray<number | undefined>): string {
  const known = costs.filter((c): c is number => c !== undefined);
  const sum = formatUsd(known.reduce((a, c) => a + c, 0));
  const unpriced = targets.filter((_, i) => costs[i] === undefined).map((t) => t.id);
  return unpriced.length === 0
    ? l10n.t("This prompt is about {0} tokens, sent to {1} models. Estimate: about {2} for the inputs at the catalog prices, plus the answers. This is an estimate; fal bills the actual usage.", formatCount(tokens), targets.length, sum)
    : l10n.t("This prompt is about {0} tokens, sent to {1} models. Estimate: about {2} for the inputs of the priced ones, plus the answers; the catalog has no price for {3}.", formatCount(tokens), targets.length, sum, unpriced.join(", "));
}
