/**
 * fal's models in VS Code's model picker and to every extension (`vscode.lm`), registered at
 * activation: listing the models and counting tokens are cheap and live here; answering loads the
 * workbench (the one request engine) on the first request. See README "fal models in VS Code's chat".
 */
import * as vscode from "vscode";
import { BUNDLED_MODELS } from "../../core/catalogData";
import { shortName, type ModelInfo } from "../../core/catalog";
import { estimateMessageTokens } from "../../core/providerMessages";
import type { CatalogStore } from "../catalogStore";
import { toProviderMessage } from "./messages";

/** `contributes.languageModelChatProviders[0].vendor`. */
export const LM_VENDOR = "fal-router";

/** Answers a request; implemented by the workbench (lm/responder.ts). */
export interface LmResponder {
  respond(model: vscode.LanguageModelChatInformation, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void>;
}

/** When the catalog does not say: what most of the router's models answer with at most. */
const DEFAULT_MAX_OUTPUT = 16_384;

export function modelInformation(m: ModelInfo): vscode.LanguageModelChatInformation {
  const context = m.contextLength || 128_000;
  const maxOutput = Math.min(m.maxOutput ?? DEFAULT_MAX_OUTPUT, Math.floor(context / 2));
  return {
    id: m.id,
    name: m.name.replace(/^[^:]+:\s*/, ""),
    family: shortName(m.id),
    version: m.id,
    detail: "fal",
    tooltip: vscode.l10n.t("{0} through fal's OpenRouter router. Billed by fal; the cost is in fal Router's usage log.", m.id),
    maxInputTokens: context - maxOutput,
    maxOutputTokens: maxOutput,
    // The router has no tool calls: not offered for agent mode.
    capabilities: { toolCalling: false, imageInput: Boolean(m.images) },
  };
}

export class FalLanguageModels implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly catalog: CatalogStore,
    private readonly responder: () => LmResponder,
  ) {
    this.subscription = catalog.onDidChange(() => this.changed.fire());
  }

  /** The curated models, then the user's recent ones, each with what the catalog knows of it. */
  models(): ModelInfo[] {
    const ids = [...BUNDLED_MODELS.map((m) => m.id), ...this.catalog.recent];
    const seen = new Set<string>();
    const out: ModelInfo[] = [];
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const info = this.catalog.info(id);
      out.push(info ?? { id, name: shortName(id), vendor: id.slice(0, id.indexOf("/")), contextLength: 0, reasoning: false });
    }
    return out;
  }

  /** Tells VS Code the list may have changed (the recent models grew). */
  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return this.models().map(modelInformation);
  }

  provideLanguageModelChatResponse(model: vscode.LanguageModelChatInformation, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void> {
    return this.responder().respond(model, messages, options, progress, token);
  }

  /** The budget's estimate (about four characters a token, a fixed share per image); not a tokenizer's count. */
  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return estimateMessageTokens(typeof text === "string" ? text : toProviderMessage(text));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
