/** Composition root: build the parts, register them, nothing else. */
import * as vscode from "vscode";
import { ActionRunner } from "./host/actionRunner";
import { ApiKeyStore } from "./host/apiKeyStore";
import { COMMANDS } from "./host/commands";
import { ChannelLogger } from "./host/logger";
import { ResultPanel } from "./host/resultPanel";
import { RewriteEdits } from "./host/rewriteEdits";

/** What activate returns: used by the integration tests to observe what a user would see. */
export interface FalRouterApi {
  readonly panel: ResultPanel;
  readonly runner: ActionRunner;
  readonly keys: ApiKeyStore;
}

export function activate(context: vscode.ExtensionContext): FalRouterApi {
  const channel = vscode.window.createOutputChannel("fal Router", { log: true });
  const logs = new ChannelLogger(channel);
  const keys = new ApiKeyStore(context.secrets, logs);
  // The panel's buttons call the runner, which is built right after (closures run later).
  const panel = new ResultPanel(context.extensionUri, logs.for("panel"), {
    stop: (id) => runner.stop(id),
    apply: (id) => void runner.apply(id),
    diff: (id) => void runner.diff(id),
  });
  const edits = new RewriteEdits();
  const runner = new ActionRunner(keys, panel, edits, logs.for("action"), logs.for("gateway"));
  const ctx = { keys, runner, panel, logs };
  context.subscriptions.push(channel, keys, panel, edits, ...Object.values(COMMANDS).map((register) => register(ctx)));
  logs.for("extension").info(`activated (VS Code ${vscode.version})`);
  return { panel, runner, keys };
}

export function deactivate(): void {}
