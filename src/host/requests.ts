import * as vscode from "vscode";
import { RequestEngine } from "../core/engine/pipeline";
import { RouterGateway } from "../core/routerGateway";
import type { RouterSettings } from "../core/settings";
import type { Logger, RunResult } from "../core/types";
import type { ApiKeyStore } from "./apiKeyStore";
import type { CatalogStore } from "./catalogStore";
import { currentSettings } from "./settings";
import type { SpendGuard } from "./spendGuard";

/**
 * What every sending path (editor actions, chat) does around the gateway: find the key (asking for
 * one when there is none and no proxy), build the gateway from the settings, and point an auth
 * failure at "Set API Key".
 */

/** `{ key }` to send with (the key may be absent behind a proxy), or undefined when the user gave none. */
export async function keyForRequest(keys: ApiKeyStore, settings: RouterSettings, why: string): Promise<{ key?: string } | undefined> {
  const key = (await keys.get())?.key;
  if (key || settings.proxyUrl) return { key };
  const asked = await keys.prompt(`No fal key is set. Paste your fal API key to ${why} (it is kept in VS Code's secret storage).`);
  return asked ? { key: asked } : undefined;
}

export function gatewayFor(key: string | undefined, settings: RouterSettings, log: Logger): RouterGateway {
  return new RouterGateway({ credentials: key, proxyUrl: settings.proxyUrl, stallTimeoutMs: settings.stallTimeoutSeconds * 1000, logger: log });
}

export function offerSetKeyOnAuthFailure(result: RunResult): void {
  if (result.error?.kind !== "auth") return;
  void vscode.window.showErrorMessage(result.error.message, "Set API Key").then((pick) => {
    if (pick) void vscode.commands.executeCommand("falRouter.setApiKey");
  });
}

/** The one request engine of the window, wired to VS Code: secret storage, the modal questions, the usage log. */
export function createEngine(keys: ApiKeyStore, guard: SpendGuard, catalog: CatalogStore, log: Logger, gatewayLog: Logger): RequestEngine {
  return new RequestEngine({
    settings: (scope) => currentSettings(log, scope as vscode.ConfigurationScope | undefined),
    keys: { forRequest: (settings, why) => keyForRequest(keys, settings, why) },
    confirmation: guard,
    usage: guard,
    gateway: (key, settings) => gatewayFor(key, settings, gatewayLog),
    models: { contextLength: (model) => catalog.info(model)?.contextLength },
  });
}
