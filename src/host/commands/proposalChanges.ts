import * as vscode from "vscode";
import { currentSettings } from "../settings";
import type { ChangeArgs, RewriteDiffs } from "../rewriteDiffs";
import type { CommandModule } from "./context";

const argsOf = (a: unknown): ChangeArgs => {
  if (!a || typeof a !== "object") return {};
  const { uri, line } = a as Record<string, unknown>;
  return { uri: typeof uri === "string" ? uri : undefined, line: typeof line === "number" ? line : undefined };
};

const onProposal =
  (id: string, act: (diffs: RewriteDiffs, args: ChangeArgs) => Promise<unknown>): CommandModule =>
  ({ diffs }) =>
    vscode.commands.registerCommand(id, (a?: unknown) => act(diffs, argsOf(a)));

/** Accept / Reject the change at the cursor (or a CodeLens's), and Accept All / Reject All, in a rewrite's diff. */
export const acceptChange = onProposal("falRouter.acceptChange", (d, a) => d.accept(a));
export const rejectChange = onProposal("falRouter.rejectChange", (d, a) => d.reject(a));
export const acceptAllChanges = onProposal("falRouter.acceptAllChanges", (d, a) => d.accept(a, true));
export const rejectAllChanges = onProposal("falRouter.rejectAllChanges", (d, a) => d.reject(a, true));

/** `fal Router: Retry Rewrite with Another Model…`: the last rewrite, sent again to a model picked now. */
export const retryRewrite: CommandModule = ({ runner, switcher }) =>
  vscode.commands.registerCommand("falRouter.retryRewrite", async (model?: unknown) => {
    if (!runner.canRetry) return runner.retryRewrite("");
    const id = typeof model === "string" && model ? model : await switcher.pickForOnce(vscode.l10n.t("fal Router: Retry Rewrite with Another Model"), currentSettings().modelFor.rewrite);
    return id ? runner.retryRewrite(id) : undefined;
  });
