/** Composition root: build the parts, register them, nothing else. */
import * as vscode from "vscode";
import { ActionRunner } from "./host/actionRunner";
import { ApiKeyStore } from "./host/apiKeyStore";
import { CatalogStore } from "./host/catalogStore";
import { ChatSession } from "./host/chatSession";
import { ChatStore } from "./host/chatStore";
import { ChatView } from "./host/chatView";
import { CodeActions } from "./host/codeActions";
import { COMMANDS } from "./host/commands";
import { LastRunFile } from "./host/lastRunFile";
import { setFormatLocale } from "./shared/format";
import { ChannelLogger } from "./host/logger";
import { ModelSwitcher } from "./host/modelSwitcher";
import { createEngine } from "./host/requests";
import { ResultPanel } from "./host/resultPanel";
import { RewriteEdits } from "./host/rewriteEdits";
import { SpendGuard } from "./host/spendGuard";
import { ModelStatusBar } from "./host/statusBar";
import { UsagePanel } from "./host/usagePanel";
import { UsageStore } from "./host/usageStore";

/** What activate returns: used by the integration tests to observe what a user would see. */
export interface FalRouterApi {
  readonly panel: ResultPanel;
  readonly runner: ActionRunner;
  readonly keys: ApiKeyStore;
  readonly catalog: CatalogStore;
  readonly usage: UsageStore;
  readonly guard: SpendGuard;
  readonly statusBar: ModelStatusBar;
  readonly switcher: ModelSwitcher;
  readonly usagePanel: UsagePanel;
  readonly chat: ChatSession;
  readonly chatStore: ChatStore;
  readonly chatView: ChatView;
}

/**
 * Activation is invisible: nothing is read from disk and nothing is awaited before the status bar
 * shows. The catalog cache and the usage log load in the background (the status bar and the
 * usage view update when they arrive; export and the budget check wait for them); webviews, the
 * gateway and `@fal-ai/client` are created when first used. BENCHMARKS.md measures it.
 */
export function activate(context: vscode.ExtensionContext): FalRouterApi {
  const channel = vscode.window.createOutputChannel("fal Router", { log: true });
  const logs = new ChannelLogger(channel);
  setFormatLocale(vscode.env.language);
  const keys = new ApiKeyStore(context.secrets, logs);
  const catalog = new CatalogStore(context.globalStorageUri, context.globalState, logs.for("catalog"));
  const usage = new UsageStore(context.globalStorageUri, logs.for("usage"));
  const guard = new SpendGuard(catalog, usage, logs.for("spend"));
  const edits = new RewriteEdits();
  const panel = new ResultPanel(context.extensionUri, logs.for("panel"), edits, new LastRunFile(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, "last-run.json").fsPath));
  const engine = createEngine(keys, guard, usage, catalog, logs.for("settings"), logs.for("gateway"));
  const runner = new ActionRunner(engine, panel);
  const switcher = new ModelSwitcher(catalog, logs.for("switcher"), () => vscode.commands.executeCommand("falRouter.refreshCatalog"));
  const statusBar = new ModelStatusBar(catalog, usage);
  const usagePanel = new UsagePanel(context.extensionUri, usage, logs.for("usage"));
  const chatStore = new ChatStore(context.globalStorageUri, logs.for("chat"));
  const chat = new ChatSession(chatStore, keys, engine, context.globalState);
  const chatView = new ChatView(context.extensionUri, chat, new CodeActions(edits), logs.for("chat"));
  // The switcher lists recently used models first: each usage record touches its model.
  context.subscriptions.push(usage.onDidChange((r) => r && void catalog.touch(r.model)));
  const ctx = { keys, runner, panel, logs, catalog, usage, switcher, usagePanel, chat, chatStore, chatView };
  context.subscriptions.push(
    channel,
    keys,
    catalog,
    usage,
    panel,
    edits,
    switcher,
    statusBar,
    usagePanel,
    chatView,
    chat,
    chatStore,
    ...Object.values(COMMANDS).map((register) => register(ctx)),
  );
  onDeactivate = async () => {
    await Promise.all([chat.shutdown(), panel.shutdown()]);
  };
  // After activation returns: starting the reads costs a few milliseconds of its own.
  const loads = setTimeout(() => {
    void catalog.load().catch((e: unknown) => logs.for("catalog").error(`could not read the model catalog cache: ${(e as Error).message}`));
    void usage.loaded();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(loads) });
  logs.for("extension").info(`activated (VS Code ${vscode.version})`);
  return { panel, runner, keys, catalog, usage, guard, statusBar, switcher, usagePanel, chat, chatStore, chatView };
}

/** Set by activate: saves a streaming chat answer and the panel's run before the host goes away. */
let onDeactivate: (() => Promise<void>) | undefined;

export function deactivate(): Promise<void> | undefined {
  return onDeactivate?.();
}
