import * as vscode from "vscode";
import { linesLabel } from "../../core/lines";
import { MAX_COLUMNS, MIN_COLUMNS, type ComparisonOutcome } from "../../core/engine/comparison";
import type { LoadedPrompt } from "../../core/promptFiles/collection";
import { codeContext, rewriteRequest, selectionEditor } from "../actionRunner";
import type { CompareJob } from "../comparePanel";
import { askInputs, promptVariables } from "../prompts/promptRunner";
import { currentSettings } from "../settings";
import type { CommandContext, CommandModule } from "./context";

/** A keybinding's or a test's `args`: the models, and the prompt ("explain", "rewrite" or a prompt file's name). */
/** `again`: the run id of a finished answer in the result panel ("Compare with…"). */
function argsOf(a: unknown): { models?: string[]; prompt?: string; again?: string } {
  if (!a || typeof a !== "object") return {};
  const { models, prompt, again } = a as { models?: unknown; prompt?: unknown; again?: unknown };
  return { models: Array.isArray(models) ? models.filter((m): m is string => typeof m === "string") : undefined, prompt: typeof prompt === "string" ? prompt : undefined, again: typeof again === "string" ? again : undefined };
}

/** "Compare with…" on a finished answer: the same request, its model ticked, to the models picked. */
async function compareAgain(ctx: CommandContext, runId: string, given?: string[]): Promise<ComparisonOutcome | undefined> {
  const sent = ctx.runner.sentAs(runId);
  if (!sent) {
    void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: only the latest answer of this window can be compared. Select the code and run “fal Router: Compare Models on Selection…”."));
    return undefined;
  }
  const models = given ?? (await ctx.switcher.pickSeveral(vscode.l10n.t("fal Router: Compare Models"), [sent.model], MIN_COLUMNS, MAX_COLUMNS));
  if (!models) return undefined;
  const { job } = sent;
  const { code } = job;
  return ctx.compare.compare({ title: job.title, source: linesLabel(code.file, code.startLine, code.endLine), models, rewrite: job.rewrite, request: { target: job.target, keyPurpose: "continue", scope: job.scope, spec: job.spec, tuning: job.tuning } });
}

type Choice = { kind: "explain" | "rewrite" } | { kind: "file"; loaded: LoadedPrompt };

async function pickPrompt(ctx: CommandContext, given?: string): Promise<Choice | undefined> {
  const files = await ctx.prompts.library.all();
  if (given === "explain" || given === "rewrite") return { kind: given };
  if (given) {
    const loaded = files.find((p) => p.prompt.name === given);
    if (!loaded) void vscode.window.showErrorMessage(vscode.l10n.t("fal Router: there is no prompt called “{0}”.{1} Run “fal Router: Run Prompt on Selection…” to see them all.", given, ""));
    return loaded && { kind: "file", loaded };
  }
  type Item = vscode.QuickPickItem & { choice: Choice };
  const items: Item[] = [
    { label: `$(comment-discussion) ${vscode.l10n.t("Explain")}`, choice: { kind: "explain" } },
    { label: `$(diff) ${vscode.l10n.t("Rewrite")}`, description: vscode.l10n.t("change through a diff"), choice: { kind: "rewrite" } },
    ...files.map((loaded) => ({ label: loaded.prompt.name, description: loaded.prompt.description, choice: { kind: "file" as const, loaded } })),
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t("fal Router: Compare Models: the prompt"), placeHolder: vscode.l10n.t("Which prompt should every model answer?") }))?.choice;
}

/**
 * `fal Router: Compare Models on Selection…`: 2–4 models (the switcher's multi-select), a prompt (a
 * built-in or a prompt file), then every model answers the same request side by side.
 */
export const compareModels: CommandModule = (ctx) =>
  vscode.commands.registerCommand("falRouter.compareModels", async (a?: unknown) => {
    const args = argsOf(a);
    if (args.again) return compareAgain(ctx, args.again, args.models);
    const editor = selectionEditor(() => vscode.l10n.t("fal Router: select the code to compare models on first; the selection is empty."));
    if (!editor) return undefined;
    const choice = await pickPrompt(ctx, args.prompt);
    if (!choice) return undefined;
    const settings = currentSettings(undefined, editor.document.uri);
    const own = choice.kind === "file" ? choice.loaded.prompt.model : undefined;
    const preselected = [own ?? settings.modelFor[choice.kind === "rewrite" ? "rewrite" : "explain"]];
    const models = args.models ?? (await ctx.switcher.pickSeveral(vscode.l10n.t("fal Router: Compare Models"), preselected, MIN_COLUMNS, MAX_COLUMNS));
    if (!models) return undefined;
    const code = codeContext(editor);
    const source = linesLabel(code.file, code.startLine, code.endLine);
    const scope = editor.document.uri;
    let job: CompareJob;
    if (choice.kind === "file") {
      const { prompt } = choice.loaded;
      const inputs = await askInputs(prompt);
      if (!inputs) return undefined;
      const rewrite = prompt.kind === "rewrite" ? rewriteRequest(editor, code.code) : undefined;
      job = { title: prompt.name, source, models, rewrite, request: { target: prompt.kind === "rewrite" ? "rewrite" : "custom", keyPurpose: "continue", scope, tuning: prompt, spec: { kind: "promptFile", prompt, code, vars: promptVariables(editor), inputs } } };
    } else {
      const rewrite = choice.kind === "rewrite" ? rewriteRequest(editor, code.code) : undefined;
      const title = choice.kind === "rewrite" ? vscode.l10n.t("Rewrite") : vscode.l10n.t("Explain");
      job = { title, source, models, rewrite, request: { target: choice.kind, keyPurpose: "continue", scope, spec: { kind: "action", action: choice.kind, code } } };
    }
    for (const m of models) await ctx.catalog.touch(m);
    return ctx.compare.compare(job);
  });

/** `fal Router: Open Recent Comparison…`: one of the last comparisons, as it ended; automation may pass its id. */
export const openComparison: CommandModule = ({ compare }) =>
  vscode.commands.registerCommand("falRouter.openComparison", async (id?: unknown) => {
    if (typeof id === "string") return compare.reopen(id);
    const items = (await compare.recent()).map((v) => ({ label: `${v.title} · ${v.source}`, description: v.columns.map((c) => c.model).join(", "), id: v.id }));
    if (!items.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: no comparison has finished yet. Run “fal Router: Compare Models on Selection…” first."));
      return false;
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("fal Router: Open Recent Comparison") });
    return picked ? compare.reopen(picked.id) : false;
  });

/** `fal Router: Export Comparison to Markdown…`: the comparison shown; automation may pass the file. */
export const exportComparison: CommandModule = ({ compare }) =>
  vscode.commands.registerCommand("falRouter.exportComparison", async (target?: unknown) => {
    if (!compare.view) {
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: there is no comparison to export yet."));
      return undefined;
    }
    return compare.export(target instanceof vscode.Uri ? target : undefined);
  });
