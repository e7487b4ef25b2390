/**
 * Answers a `vscode.lm` request with the one request engine: the messages folded into the chat's
 * documented transcript (core), the key from secret storage (never asked for: this runs in another
 * extension's flow), the daily budget checked without a dialog (over it, the request is refused
 * with the reason), the answer's text streamed back as it arrives, and one usage record whose
 * action is the calling extension. Reasoning is left out: the stable API has no part for it, and it
 * must never become part of the answer.
 */
import * as vscode from "vscode";
import type { RequestEngine } from "../../core/engine/pipeline";
import { providerSystemPrompt, ProviderInputError, toConversation } from "../../core/providerMessages";
import type { Logger, RouterFailure } from "../../core/types";
import type { LmResponder } from "./provider";
import { toProviderMessage } from "./messages";

/** The usage log's action when the caller is not named (VS Code's own chat, or an older host). */
export const UNNAMED_CALLER = "vscode.lm";

function failure(error: RouterFailure): Error {
  switch (error.kind) {
    case "auth":
      return vscode.LanguageModelError.NoPermissions(error.message);
    case "rateLimit":
      return vscode.LanguageModelError.Blocked(error.message);
    case "notFound":
      return vscode.LanguageModelError.NotFound(error.message);
    default:
      return new Error(error.message);
  }
}

/** How long a failure waits after partial text, so a caller reading the stream gets that text first. */
const PARTIAL_SETTLE_MS = 150;

export class EngineResponder implements LmResponder {
  constructor(
    private readonly engine: RequestEngine,
    private readonly log: Logger,
  ) {}

  async respond(model: vscode.LanguageModelChatInformation, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void> {
    // A token cancelled before the call still reaches the provider: send nothing.
    if (token.isCancellationRequested) return;
    const caller = (options as { requestInitiator?: unknown }).requestInitiator;
    const action = typeof caller === "string" && caller ? caller.slice(0, 120) : UNNAMED_CALLER;
    if (options.toolMode === vscode.LanguageModelChatToolMode.Required && options.tools?.length) {
      throw new Error(vscode.l10n.t("{0} through fal cannot call tools: the fal router has no tool calls.", model.id));
    }
    let conversation;
    try {
      conversation = toConversation(messages.map(toProviderMessage));
    } catch (e) {
      if (e instanceof ProviderInputError) throw new Error(e.message);
      throw e;
    }
    const stop = new AbortController();
    let reported = false;
    const cancel = token.onCancellationRequested(() => stop.abort());
    this.log.info(`language-model request from ${action}: model=${model.id}, ${messages.length} message(s)${conversation.leftOut ? `, ${conversation.leftOut} part(s) left out` : ""}`);
    try {
      const outcome = await this.engine.run(
        {
          target: "chat",
          action,
          unattended: true,
          keyPurpose: "send the message",
          model: model.id,
          spec: { kind: "messages", turns: conversation.turns, systemPrompt: providerSystemPrompt(conversation), images: conversation.images.map((i) => ({ kind: "bytes" as const, mimeType: i.mimeType, data: i.data })) },
        },
        {
          signal: stop.signal,
          onEvent: (_run, e) => {
            if (e.type === "output" && e.delta) {
              reported = true;
              progress.report(new vscode.LanguageModelTextPart(e.delta));
            }
          },
        },
      );
      if (outcome.status === "noKey") throw vscode.LanguageModelError.NoPermissions(vscode.l10n.t("No fal API key is set. Run “fal Router: Set API Key” in the Command Palette, then try again."));
      // Over the budget the caller is blocked; images for a text-only model are a plain error (the engine's one rule).
      if (outcome.status === "declined") throw outcome.reason === "budget" ? vscode.LanguageModelError.Blocked(outcome.message) : new Error(outcome.message ?? vscode.l10n.t("fal Router refused the request."));
      const { result } = outcome;
      // Cancelling ends the caller's loop; it is not an error.
      if (result.outcome === "error" && result.error) {
        // VS Code's response stream drops parts not yet read once it has an error: give the caller a
        // moment to read the partial answer before the failure reaches it (only after some text).
        if (reported) await new Promise((r) => setTimeout(r, PARTIAL_SETTLE_MS));
        throw failure(result.error);
      }
    } finally {
      cancel.dispose();
    }
  }
}
