import * as vscode from "vscode";
import { proposedCode, type CleanContext } from "../core/rewrite/clean";
import { minimalChange, RewriteProposal, splitLines, toTextEdit, type Hunk } from "../core/rewrite/proposal";
import type { ProposalFiles } from "./proposalFiles";
import { ORIGINAL_SCHEME, PROPOSAL_SCHEME } from "./viewIds";
import type { RewriteTarget } from "./rewriteEdits";

/** A rewrite's request: where the code is, and how that editor indents and ends lines. */
export interface RewriteRequest extends RewriteTarget {
  readonly clean: CleanContext;
}

export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
}

/** How often the streaming proposal may be rewritten on screen (the diff recomputes each time). */
const REFRESH_MS = 200;

const refusals = {
  changed: () => vscode.l10n.t("Not applied: the original code changed since the request, so the change has no safe place to go. The proposal stays open: take what you need from it, or run Rewrite again."),
  ambiguous: () => vscode.l10n.t("Not applied: the original code now appears more than once in the file, so the change could land in the wrong place. The proposal stays open."),
};

/**
 * One rewrite shown as a diff of the document as it was (left, read-only) against the document with
 * the proposal (right, editable). It follows the stream, throttled, until the user edits the
 * proposal or acts on a hunk; accepting edits the real document, once per accept (one undo step).
 */
export class ProposalView {
  readonly left: vscode.Uri;
  readonly right: vscode.Uri;
  readonly proposal: RewriteProposal;
  private streaming = true;
  private pending?: ReturnType<typeof setTimeout>;
  closed = false;
  private writes: Promise<void> = Promise.resolve();
  private lastWritten?: string;
  /** The answer as it last arrived; parsed when the proposal is refreshed. */
  private latest = "";
  /** Whether any change went into the document (the panel shows the run as applied once the diff is settled). */
  acceptedAny = false;

  constructor(
    private readonly files: ProposalFiles,
    readonly request: RewriteRequest,
    readonly runId: string,
    id: number,
  ) {
    const name = request.uri.path.split("/").pop() || "selection";
    this.left = vscode.Uri.from({ scheme: ORIGINAL_SCHEME, path: `/${id}/${name}` });
    this.right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/${name}` });
    const { start, end } = request.range;
    this.proposal = new RewriteProposal(request.documentText, start, end);
    files.setOriginal(this.left, this.proposal.base);
    files.setProposal(this.right, this.proposal.proposed);
  }

  get title(): string {
    return vscode.l10n.t("{0}: original ↔ proposed rewrite", this.right.path.split("/").pop() ?? "");
  }

  get isStreaming(): boolean {
    return this.streaming;
  }

  /** Opens the diff beside the editor, leaving the focus where it is. */
  async show(): Promise<void> {
    await vscode.commands.executeCommand("vscode.diff", this.left, this.right, this.title, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
  }

  /** VS Code opened the proposed side: a change announced while it was reading the file is lost, so bring it up to date. */
  opened(): Promise<void> {
    return this.closed ? Promise.resolve() : this.writeRight();
  }

  /** The answer so far (or the final one): the proposal follows it unless the user took over. */
  follow(answer: string, streaming: boolean): void {
    this.streaming = streaming;
    this.latest = answer;
    // Parsing the answer is the costly part: it runs once per refresh, never per streamed event.
    if (!streaming) return this.flush();
    this.pending ??= setTimeout(() => this.flush(), REFRESH_MS);
  }

  private flush(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    const code = proposedCode(this.latest, this.request.clean, this.streaming);
    if (code !== undefined && this.proposal.setCode(code)) void this.writeRight();
  }

  /** Takes `hunks` (all by default) into the real document as one edit. */
  async accept(hunks?: readonly Hunk[]): Promise<Outcome> {
    if (this.streaming) return { ok: false, message: vscode.l10n.t("The proposal is still streaming: wait for it to finish, or stop it first.") };
    if (this.proposal.hunks().length === 0) return { ok: false, message: vscode.l10n.t("The proposal has no changes left to accept.") };
    const doc = await vscode.workspace.openTextDocument(this.request.uri);
    const current = splitLines(doc.getText());
    const plan = this.proposal.planAccept(current, hunks);
    if (!plan.ok) return { ok: false, message: refusals[plan.reason]() };
    const te = toTextEdit(plan.edit, current, doc.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.request.uri, new vscode.Range(te.start.line, te.start.character, te.end.line, te.end.character), te.text);
    if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, message: vscode.l10n.t("VS Code refused the edit (is the file read-only?).") };
    this.proposal.accepted(plan);
    this.acceptedAny = true;
    this.files.setOriginal(this.left, this.proposal.base);
    return { ok: true, message: vscode.l10n.t("Applied. Undo (Ctrl+Z) in the file restores the original.") };
  }

  /** Drops one hunk (all when none is given): the proposal gets the original lines back. */
  async reject(hunk?: Hunk): Promise<void> {
    for (const h of hunk ? [hunk] : this.proposal.hunks().reverse()) this.proposal.reject(h);
    await this.writeRight();
  }

  get done(): boolean {
    return !this.streaming && this.proposal.hunks().length === 0;
  }

  /**
   * Puts the proposal on the right side. Before VS Code opened it, through the file; once open, as
   * an edit of the buffer (of only what differs), because VS Code reloads a side that changed on
   * its file system a second or more later. Writes run one at a time, so that `isOwnChange` knows
   * the text each of them leaves.
   */
  private writeRight(): Promise<void> {
    this.writes = this.writes.then(async () => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.right.toString());
      const text = this.proposal.proposed;
      if (!doc) return this.files.setProposal(this.right, text);
      const current = doc.getText();
      if (current === text) return;
      const change = minimalChange(current, text);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(this.right, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
      this.lastWritten = text;
      await vscode.workspace.applyEdit(edit);
    });
    return this.writes;
  }

  /** Whether a change of the proposed side with this text is one of ours (the user's typing is anything else). */
  isOwnChange(text: string): boolean {
    return text === this.lastWritten || text === this.proposal.proposed;
  }

  /** Closes the diff (saving an edited proposal first, so that closing asks nothing) and forgets both sides. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pending) clearTimeout(this.pending);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.right.toString());
    if (doc?.isDirty) {
      this.files.backdate(this.right);
      await doc.save();
    }
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === this.right.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    this.files.forget(this.left, this.right);
  }
}
