import type * as vscode from "vscode";
import type { ActionRunner } from "../actionRunner";
import type { ApiKeyStore } from "../apiKeyStore";
import type { ChannelLogger } from "../logger";
import type { CatalogStore } from "../catalogStore";
import type { ChatSession } from "../chatSession";
import type { ChatStore } from "../chatStore";
import type { ChatView } from "../chatView";
import type { ComparePanel } from "../comparePanel";
import type { ModelSwitcher } from "../modelSwitcher";
import type { PromptRunner } from "../prompts/promptRunner";
import type { ResultPanel } from "../resultPanel";
import type { RewriteDiffs } from "../rewriteDiffs";
import type { UsagePanel } from "../usagePanel";
import type { UsageStore } from "../usageStore";

/** What command handlers may use; built once in extension.ts. */
export interface CommandContext {
  readonly keys: ApiKeyStore;
  readonly runner: ActionRunner;
  readonly panel: ResultPanel;
  readonly logs: ChannelLogger;
  readonly catalog: CatalogStore;
  readonly usage: UsageStore;
  readonly switcher: ModelSwitcher;
  readonly usagePanel: UsagePanel;
  readonly chat: ChatSession;
  readonly chatStore: ChatStore;
  readonly chatView: ChatView;
  readonly diffs: RewriteDiffs;
  readonly prompts: PromptRunner;
  readonly compare: ComparePanel;
}

export type CommandModule = (ctx: CommandContext) => vscode.Disposable;
