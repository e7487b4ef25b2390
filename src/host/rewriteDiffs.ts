import * as vscode from "vscode";
import type { Hunk } from "../core/rewrite/proposal";
import type { Logger } from "../core/types";
import { Disposable } from "./disposable";
import type { ProposalFiles } from "./proposalFiles";
import { ORIGINAL_SCHEME, PROPOSAL_SCHEME } from "./viewIds";
import { ProposalView, type Outcome, type RewriteRequest } from "./proposalView";

/** What a command says about the proposal it acts on: from a CodeLens's arguments, or the editor the user is in. */
export interface ChangeArgs {
  readonly uri?: string;
  readonly line?: number;
}

/**
 * The rewrite proposals open as diffs, and their actions: accept or reject the change at the
 * cursor (or a CodeLens's), or all of them, from the diff's title, the keyboard, the panel or
 * CodeLens. A proposal closes when nothing is left to decide.
 */
export class RewriteDiffs extends Disposable implements vscode.CodeLensProvider {
  private readonly views = new Map<string, ProposalView>();
  private seq = 0;
  private readonly lensChanges = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensChanges.event;
  private readonly applied = this.register(new vscode.EventEmitter<{ runId: string; message: string }>());
  /** A run's proposal was settled: its last change accepted or rejected, with what went into the document. */
  readonly onDidApply = this.applied.event;

  constructor(
    private readonly files: ProposalFiles,
    private readonly log: Logger,
  ) {
    super();
    this.register(vscode.languages.registerCodeLensProvider({ scheme: PROPOSAL_SCHEME }, this));
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const view = this.views.get(e.document.uri.toString());
        const text = e.document.getText();
        if (!view || e.contentChanges.length === 0 || view.isOwnChange(text)) return;
        view.proposal.edited(text);
        this.lensChanges.fire();
      }),
    );
    this.register(vscode.workspace.onDidOpenTextDocument((d) => void this.views.get(d.uri.toString())?.opened()));
  }

  /** Opens the diff for a rewrite as it starts: it shows the original until code arrives. */
  open(runId: string, request: RewriteRequest): ProposalView {
    const view = new ProposalView(this.files, request, runId, ++this.seq);
    this.views.set(view.right.toString(), view);
    void view.show();
    this.log.info(`opened the proposal diff for ${runId}`);
    return view;
  }

  byRun(runId: string): ProposalView | undefined {
    return [...this.views.values()].find((v) => v.runId === runId);
  }

  /** The answer so far; `streaming` false once it ended (a failed run with nothing proposed closes). */
  follow(runId: string, answer: string, streaming: boolean): void {
    const view = this.byRun(runId);
    if (!view) return;
    view.follow(answer, streaming);
    if (!streaming) {
      this.lensChanges.fire();
      if (view.done && !view.proposal.touched) void this.close(view);
    }
  }

  async reveal(runId: string): Promise<boolean> {
    const view = this.byRun(runId);
    if (view) await view.show();
    return view !== undefined;
  }

  async accept(args: ChangeArgs = {}, all = false): Promise<Outcome | undefined> {
    const view = this.resolve(args);
    if (!view) return this.nothingOpen();
    const hunk = all ? undefined : this.hunkOf(view, args);
    if (!all && !hunk) return this.noHunkHere();
    const outcome = await view.accept(hunk && [hunk]);
    this.log.info(`accept ${all ? "all" : "one change"} of ${view.runId}: ${outcome.ok ? "applied" : "refused"}`);
    if (!outcome.ok) void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: {0}", outcome.message));
    else await this.settled(view, outcome.message);
    return outcome;
  }

  async reject(args: ChangeArgs = {}, all = false): Promise<void> {
    const view = this.resolve(args);
    if (!view) return void this.nothingOpen();
    const hunk = all ? undefined : this.hunkOf(view, args);
    if (!all && !hunk) return void this.noHunkHere();
    await view.reject(hunk);
    this.log.info(`reject ${all ? "all" : "one change"} of ${view.runId}`);
    await this.settled(view);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const view = this.views.get(document.uri.toString());
    if (!view || view.isStreaming) return [];
    const uri = document.uri.toString();
    const hunks = view.proposal.hunks();
    return hunks.flatMap((h, i) => {
      const line = Math.min(h.propStart, document.lineCount - 1);
      const at = new vscode.Range(line, 0, line, 0);
      const args: ChangeArgs = { uri, line };
      const lenses = [
        new vscode.CodeLens(at, { title: vscode.l10n.t("$(check) Accept"), command: "falRouter.acceptChange", arguments: [args] }),
        new vscode.CodeLens(at, { title: vscode.l10n.t("$(close) Reject"), command: "falRouter.rejectChange", arguments: [args] }),
      ];
      if (i === 0 && hunks.length > 1) {
        lenses.push(new vscode.CodeLens(at, { title: vscode.l10n.t("Accept All ({0})", hunks.length), command: "falRouter.acceptAllChanges", arguments: [{ uri }] }));
      }
      return lenses;
    });
  }

  private async settled(view: ProposalView, applied?: string): Promise<void> {
    this.lensChanges.fire();
    if (!view.done) return;
    const message = view.acceptedAny
      ? (applied ?? vscode.l10n.t("Applied the changes you accepted. Undo (Ctrl+Z) in the file restores the original."))
      : vscode.l10n.t("Rejected every change: the file is as it was.");
    this.applied.fire({ runId: view.runId, message });
    await this.close(view);
  }

  private async close(view: ProposalView): Promise<void> {
    this.views.delete(view.right.toString());
    await view.close();
  }

  /** The proposal named by the arguments, else the one the active editor shows (either side). */
  private resolve(args: ChangeArgs): ProposalView | undefined {
    const uri = args.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri) return undefined;
    return this.views.get(uri) ?? [...this.views.values()].find((v) => v.left.toString() === uri);
  }

  /** The hunk on the given line, else under the cursor (on the left side, by the original's lines). */
  private hunkOf(view: ProposalView, args: ChangeArgs): Hunk | undefined {
    if (args.line !== undefined) return view.proposal.hunkAt(args.line);
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const line = editor.selection.active.line;
    if (editor.document.uri.scheme === ORIGINAL_SCHEME) return view.proposal.hunks().find((h) => line >= h.baseStart && line < h.baseStart + Math.max(1, h.baseCount));
    return view.proposal.hunkAt(line);
  }

  private nothingOpen(): undefined {
    void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: no rewrite proposal is open here."));
    return undefined;
  }

  private noHunkHere(): undefined {
    void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: the cursor is not on a proposed change. Move to one (Alt+F5 goes to the next), or use Accept All."));
    return undefined;
  }

  override dispose(): void {
    for (const v of this.views.values()) void v.close();
    this.views.clear();
    super.dispose();
  }
}
