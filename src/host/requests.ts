import * as vscode from "vscode";
import { RequestEngine, type DeclineReason } from "../core/engine/pipeline";
import { RouterGateway } from "../core/routerGateway";
import type { RouterSettings } from "../core/settings";
import type { Logger, RunResult } from "../core/types";
import type { ApiKeyStore } from "./apiKeyStore";
import type { CatalogStore } from "./catalogStore";
import { currentSettings } from "./settings";
import type { SpendGuard } from "./spendGuard";
import type { UsageStore } from "./usageStore";

/**
 * The engine's wiring to VS Code (the key store, the spend guard's question, the usage log, the
 * catalog), the gateway built from the settings, and the "Set API Key" hint after an auth failure.
 */

export function gatewayFor(key: string | undefined, settings: RouterSettings, log: Logger): RouterGateway {
  return new RouterGateway({ credentials: key, proxyUrl: settings.proxyUrl, stallTimeoutMs: settings.stallTimeoutSeconds * 1000, inlineImageMaxBytes: settings.inlineImageMaxKB * 1024, logger: log });
}

export function offerSetKeyOnAuthFailure(result: RunResult): void {
  if (result.error?.kind !== "auth") return;
  const setKey = vscode.l10n.t("Set API Key");
  void vscode.window.showErrorMessage(result.error.message, setKey).then((pick) => {
    if (pick === setKey) void vscode.commands.executeCommand("falRouter.setApiKey");
  });
}

/** A request refused before sending (a model without image input), with a way to pick another model. */
export async function refusedWarning(message: string, reason?: DeclineReason): Promise<void> {
  const [pick, command] = reason === "settings" ? [vscode.l10n.t("Open Settings (JSON)"), "workbench.action.openSettingsJson"] : [vscode.l10n.t("Switch Model"), "falRouter.switchModel"];
  if ((await vscode.window.showWarningMessage(vscode.l10n.t("fal Router: {0}", message), pick)) === pick) await vscode.commands.executeCommand(command);
}

/** The one request engine of the window, wired to VS Code: secret storage, the modal questions, the usage log. */
export function createEngine(keys: ApiKeyStore, guard: SpendGuard, usage: UsageStore, catalog: CatalogStore, log: Logger, gatewayLog: Logger): RequestEngine {
  return new RequestEngine({
    settings: (scope) => currentSettings(log, scope as vscode.ConfigurationScope | undefined),
    keys,
    confirmation: guard,
    usage,
    gateway: (key, settings) => gatewayFor(key, settings, gatewayLog),
    models: { contextLength: (model) => catalog.info(model)?.contextLength, acceptsImages: (model) => (catalog.info(model) ? Boolean(catalog.info(model)!.images) : undefined) },
  });
}
