import { linesLabel, selectedLines } from "../core/lines";
import * as vscode from "vscode";
import type { RewriteEdits, RewriteTarget } from "./rewriteEdits";

/** Fence names models use, as VS Code language ids. */
const FENCE_LANGUAGES: Record<string, string> = { ts: "typescript", tsx: "typescriptreact", js: "javascript", jsx: "javascriptreact", py: "python", sh: "shellscript", bash: "shellscript", zsh: "shellscript", shell: "shellscript", rs: "rust", cs: "csharp", yml: "yaml", md: "markdown", "c++": "cpp", golang: "go", rb: "ruby" };

/** The editor the user was last in (a webview view taking focus does not change it). */
function targetEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
}

/** Code-block actions of chat answers: Insert at Cursor, Apply to Selection, New File. */
export class CodeActions {
  constructor(private readonly edits: RewriteEdits) {}

  async insert(code: string): Promise<boolean> {
    const editor = targetEditor();
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: open a file to insert the code into."));
      return false;
    }
    const at = editor.selection.active;
    const ok = await editor.edit((e) => e.insert(at, code));
    if (ok) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    return ok;
  }

  /** Replaces the current selection through the same apply path as Rewrite (one undoable edit), then offers the diff. */
  async apply(code: string): Promise<boolean> {
    const editor = targetEditor();
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: select the code the block should replace first."));
      return false;
    }
    const { document, selection } = editor;
    const target: RewriteTarget = { uri: document.uri, range: new vscode.Range(selection.start, selection.end), originalText: document.getText(selection), documentText: document.getText() };
    const result = await this.edits.replace(target, code.replace(/\n$/, ""));
    if (!result.ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: {0}", result.message));
      return false;
    }
    const { startLine, endLine } = selectedLines(selection.start, selection.end);
    const where = linesLabel(vscode.workspace.asRelativePath(document.uri, false), startLine, endLine);
    const showDiff = vscode.l10n.t("Show Diff");
    void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: applied to {0}. Undo (Ctrl+Z) restores it.", where), showDiff).then((pick) => (pick === showDiff ? this.edits.showDiffOf(target, code.replace(/\n$/, "")) : undefined));
    return true;
  }

  async newFile(code: string, language: string): Promise<vscode.TextDocument> {
    const known = await vscode.languages.getLanguages();
    const id = FENCE_LANGUAGES[language.toLowerCase()] ?? language.toLowerCase();
    const doc = await vscode.workspace.openTextDocument({ content: code, language: known.includes(id) ? id : "plaintext" });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }
}
