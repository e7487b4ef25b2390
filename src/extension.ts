/**
 * Composition root. Activation builds only what shows at once: the log channel, the catalog and
 * usage stores (their files load in the background) and the status bar. Every command, the chat
 * view and the result panel's restore are registered here as small stubs; the first one used
 * loads the workbench (host/workbench.ts, its own bundle: the engine, the webviews, the chat),
 * which registers the real handlers. BENCHMARKS.md measures activation.
 */
import * as vscode from "vscode";
import { CatalogStore } from "./host/catalogStore";
import { COMMAND_IDS } from "./host/commands/ids";
import { configureCoreL10n } from "./host/l10n";
import { ChannelLogger } from "./host/logger";
import { FalLanguageModels, LM_VENDOR } from "./host/lm/provider";
import { watchKey } from "./host/milestones";
import { closeStaleProposals } from "./host/staleProposals";
import { ModelStatusBar } from "./host/statusBar";
import { UsageStore } from "./host/usageStore";
import { CHAT_VIEW_ID, RESULT_PANEL_ID } from "./host/viewIds";
import type { Workbench } from "./host/workbench";
import { setFormatLocale } from "./shared/format";

/** What activate returns: used by the integration tests to observe what a user would see. */
export interface FalRouterApi extends Omit<Workbench, "shutdown"> {
  readonly catalog: CatalogStore;
  readonly usage: UsageStore;
  readonly statusBar: ModelStatusBar;
  /** Whether the workbench has been loaded (a test checks activation alone does not load it). */
  readonly loaded: boolean;
}

/** The workbench, once loaded: deactivate saves what it holds. */
let workbench: Workbench | undefined;

export function activate(context: vscode.ExtensionContext): FalRouterApi {
  const channel = vscode.window.createOutputChannel("fal Router", { log: true });
  const logs = new ChannelLogger(channel);
  setFormatLocale(vscode.env.language);
  configureCoreL10n();
  const catalog = new CatalogStore(context.globalStorageUri, context.globalState, logs.for("catalog"));
  const usage = new UsageStore(context.globalStorageUri, logs.for("usage"));
  const statusBar = new ModelStatusBar(catalog, usage);
  // fal's models in VS Code's model picker and to other extensions (vscode.lm); answering loads the workbench.
  const models = new FalLanguageModels(catalog, () => load().lm);
  // The switcher lists recently used models first: each usage record touches its model (a new one joins the provider's list).
  const touch = (model: string) => {
    const known = models.models().some((m) => m.id === model);
    void catalog.touch(model).then(() => known || models.refresh());
  };
  context.subscriptions.push(channel, catalog, usage, statusBar, models, usage.onDidChange((r) => r && touch(r.model)));

  const stubs: vscode.Disposable[] = [];
  const dropStubs = () => stubs.splice(0).forEach((s) => s.dispose());
  const load = (): Workbench => {
    if (workbench) return workbench;
    // The stubs make way for the real commands, in the same tick: no command is ever missing.
    dropStubs();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    const { createWorkbench } = require("./host/workbench") as typeof import("./host/workbench");
    workbench = createWorkbench({ context, logs, catalog, usage });
    return workbench;
  };
  for (const id of COMMAND_IDS) {
    stubs.push(vscode.commands.registerCommand(id, (...args: unknown[]) => (load(), vscode.commands.executeCommand(id, ...args))));
  }
  context.subscriptions.push(
    { dispose: dropStubs },
    vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, models),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, { resolveWebviewView: (view) => load().chatView.resolveWebviewView(view) }),
    vscode.window.registerWebviewPanelSerializer(RESULT_PANEL_ID, { deserializeWebviewPanel: (panel, state) => load().panel.restore(panel, state) }),
  );

  // The chat's model picker asks for the list once it is told there is one (tried in VS Code 1.139).
  models.refresh();

  // After activation returns: starting the reads costs a few milliseconds of its own.
  const loads = setTimeout(() => {
    void catalog.load().catch((e: unknown) => logs.for("catalog").error(`could not read the model catalog cache: ${(e as Error).message}`));
    void usage.loaded();
    // Whether a key is set: the walkthrough's first step.
    context.subscriptions.push(watchKey(context.secrets));
    closeStaleProposals();
    // Opening a prompt file reads them all, so its problems show in the Problems view before any prompt is run.
    const isPromptFile = (d: vscode.TextDocument) => d.uri.path.toLowerCase().endsWith(".prompt.md");
    const readPrompts = () => void load().promptLibrary.all();
    if (vscode.workspace.textDocuments.some(isPromptFile)) readPrompts();
    else {
      const opened = vscode.workspace.onDidOpenTextDocument((d) => isPromptFile(d) && (opened.dispose(), readPrompts()));
      context.subscriptions.push(opened);
    }
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(loads) });
  logs.for("extension").info(`activated (VS Code ${vscode.version})`);

  const lazy = <K extends keyof Workbench>(key: K) => ({ get: () => load()[key], enumerable: true });
  return Object.defineProperties({ catalog, usage, statusBar } as unknown as FalRouterApi, {
    loaded: { get: () => workbench !== undefined, enumerable: true },
    panel: lazy("panel"),
    runner: lazy("runner"),
    keys: lazy("keys"),
    guard: lazy("guard"),
    switcher: lazy("switcher"),
    usagePanel: lazy("usagePanel"),
    chat: lazy("chat"),
    chatStore: lazy("chatStore"),
    chatView: lazy("chatView"),
    diffs: lazy("diffs"),
    promptLibrary: lazy("promptLibrary"),
    prompts: lazy("prompts"),
    compare: lazy("compare"),
    lm: lazy("lm"),
  });
}

export function deactivate(): Promise<void> | undefined {
  const w = workbench;
  workbench = undefined;
  return w?.shutdown();
}
