import type * as vscode from "vscode";
import type { ActionRunner } from "../actionRunner";
import type { ApiKeyStore } from "../apiKeyStore";
import type { ChannelLogger } from "../logger";
import type { ResultPanel } from "../resultPanel";

/** What command handlers may use; built once in extension.ts. */
export interface CommandContext {
  readonly keys: ApiKeyStore;
  readonly runner: ActionRunner;
  readonly panel: ResultPanel;
  readonly logs: ChannelLogger;
}

export type CommandModule = (ctx: CommandContext) => vscode.Disposable;
