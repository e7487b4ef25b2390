import * as vscode from "vscode";
import { Disposable } from "./disposable";

/** Where a rewrite came from: enough to apply it safely or show it as a diff. */
export interface RewriteTarget {
  readonly uri: vscode.Uri;
  readonly range: vscode.Range;
  readonly originalText: string;
  /** The whole document when the request was made (the diff's left side). */
  readonly documentText: string;
}

const SCHEME = "fal-router-diff";

/** A chat code block's Apply to Selection, and the read-only diff offered after it. */
export class RewriteEdits extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private seq = 0;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  /** Replaces the original selection with `code` (already extracted), under the same checks. */
  async replace(target: RewriteTarget, code: string): Promise<{ ok: boolean; message: string }> {
    if (!code) return { ok: false, message: vscode.l10n.t("The answer has no code to apply.") };
    const doc = await vscode.workspace.openTextDocument(target.uri);
    const current = target.range.end.line < doc.lineCount ? doc.getText(target.range) : undefined;
    if (current !== target.originalText) {
      return { ok: false, message: vscode.l10n.t("Not applied: the code under the original selection changed since the request. Use Show Diff, or run Rewrite again.") };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target.uri, target.range, code);
    const ok = await vscode.workspace.applyEdit(edit);
    return ok ? { ok, message: vscode.l10n.t("Applied. Undo (Ctrl+Z) restores the original.") } : { ok, message: vscode.l10n.t("VS Code refused the edit (is the file read-only?).") };
  }

  /** The document before and after replacing the selection with `code`. */
  async showDiffOf(target: RewriteTarget, code: string): Promise<void> {
    const id = ++this.seq;
    const name = target.uri.path.split("/").pop() ?? "selection";
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/original/${name}` });
    const right = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/proposed/${name}` });
    const start = offsetOf(target.documentText, target.range.start);
    const end = offsetOf(target.documentText, target.range.end);
    this.contents.set(left.toString(), target.documentText);
    this.contents.set(right.toString(), target.documentText.slice(0, start) + code + target.documentText.slice(end));
    await vscode.commands.executeCommand("vscode.diff", left, right, vscode.l10n.t("{0}: original ↔ proposed rewrite", name), { preview: true, viewColumn: vscode.ViewColumn.Active });
  }
}

function offsetOf(text: string, pos: vscode.Position): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + pos.character);
}
