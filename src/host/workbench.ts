/**
 * Everything behind the first use: the engine, the webviews, the chat, the switcher and the
 * command handlers. extension.ts builds the status bar and the stores at activation and requires
 * this (dist/workbench.js, a bundle of its own) when a command runs, a view resolves or a panel is
 * restored, so activation compiles and runs only what the status bar needs.
 */
import * as vscode from "vscode";
import { setFormatLocale } from "../shared/format";
import { ActionRunner } from "./actionRunner";
import { ApiKeyStore } from "./apiKeyStore";
import type { CatalogStore } from "./catalogStore";
import { ChatSession } from "./chatSession";
import { ChatStore } from "./chatStore";
import { ChatView } from "./chatView";
import { CodeActions } from "./codeActions";
import { ComparePanel } from "./comparePanel";
import { ComparisonHistory } from "./comparisonHistory";
import { COMMANDS } from "./commands";
import { LastRunFile } from "./lastRunFile";
import { EngineResponder } from "./lm/responder";
import type { ChannelLogger } from "./logger";
import { ModelSwitcher } from "./modelSwitcher";
import { createEngine } from "./requests";
import { ResultPanel } from "./resultPanel";
import { ProposalFiles } from "./proposalFiles";
import { PromptLibrary } from "./prompts/promptLibrary";
import { PromptRunner } from "./prompts/promptRunner";
import { RewriteDiffs } from "./rewriteDiffs";
import { RewriteEdits } from "./rewriteEdits";
import { SpendGuard } from "./spendGuard";
import { configureCoreL10n } from "./l10n";
import { UsagePanel } from "./usagePanel";
import type { UsageStore } from "./usageStore";

/** What activation already built and hands over. */
export interface Foundation {
  readonly context: vscode.ExtensionContext;
  readonly logs: ChannelLogger;
  readonly catalog: CatalogStore;
  readonly usage: UsageStore;
}

export interface Workbench {
  readonly panel: ResultPanel;
  readonly runner: ActionRunner;
  readonly keys: ApiKeyStore;
  readonly guard: SpendGuard;
  readonly switcher: ModelSwitcher;
  readonly usagePanel: UsagePanel;
  readonly chat: ChatSession;
  readonly chatStore: ChatStore;
  readonly chatView: ChatView;
  readonly diffs: RewriteDiffs;
  readonly promptLibrary: PromptLibrary;
  readonly prompts: PromptRunner;
  readonly compare: ComparePanel;
  /** Answers requests to fal's models through vscode.lm. */
  readonly lm: EngineResponder;
  /** Saves a streaming chat answer and the panel's run before the host goes away. */
  shutdown(): Promise<void>;
}

export function createWorkbench({ context, logs, catalog, usage }: Foundation): Workbench {
  // This bundle has its own copies of the shared formatting and of core's text: they need the locale and the l10n bundle too.
  setFormatLocale(vscode.env.language);
  configureCoreL10n();
  const keys = new ApiKeyStore(context.secrets, logs);
  const guard = new SpendGuard(catalog, usage, logs.for("spend"));
  const edits = new RewriteEdits();
  const proposalFiles = new ProposalFiles();
  const diffs = new RewriteDiffs(proposalFiles, logs.for("rewrite"));
  const lastRun = new LastRunFile(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, "last-run.json").fsPath);
  const panel = new ResultPanel(context.extensionUri, logs.for("panel"), diffs, lastRun);
  const engine = createEngine(keys, guard, usage, catalog, logs.for("settings"), logs.for("gateway"));
  const runner = new ActionRunner(engine, panel);
  // The user's prompts folder is VS Code's own (User/prompts), so one file serves both chats.
  const promptLibrary = new PromptLibrary(context.extensionUri, vscode.Uri.joinPath(context.globalStorageUri, "..", "..", "prompts"), logs.for("prompts"));
  const prompts = new PromptRunner(promptLibrary, runner);
  const switcher = new ModelSwitcher(catalog, logs.for("switcher"), () => vscode.commands.executeCommand("falRouter.refreshCatalog"));
  const usagePanel = new UsagePanel(context.extensionUri, usage, logs.for("usage"));
  const chatStore = new ChatStore(context.globalStorageUri, logs.for("chat"));
  const chat = new ChatSession(chatStore, keys, engine, context.globalState, (text) => prompts.forChat(text));
  const chatView = new ChatView(context.extensionUri, chat, new CodeActions(edits), logs.for("chat"));
  const compare = new ComparePanel(context.extensionUri, logs.for("compare"), engine, diffs, new ComparisonHistory(vscode.Uri.joinPath(context.globalStorageUri, "comparisons.json").fsPath));
  const lm = new EngineResponder(engine, logs.for("lm"));
  const ctx = { keys, runner, panel, logs, catalog, usage, switcher, usagePanel, chat, chatStore, chatView, diffs, prompts, compare };
  context.subscriptions.push(keys, panel, compare, diffs, promptLibrary, proposalFiles, edits, switcher, usagePanel, chatView, chat, chatStore, ...Object.values(COMMANDS).map((register) => register(ctx)));
  logs.for("extension").info("loaded the request engine and the views");
  return {
    panel,
    runner,
    keys,
    guard,
    switcher,
    usagePanel,
    chat,
    chatStore,
    chatView,
    diffs,
    promptLibrary,
    prompts,
    compare,
    lm,
    shutdown: async () => {
      await Promise.all([chat.shutdown(), panel.shutdown()]);
    },
  };
}
