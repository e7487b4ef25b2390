import * as vscode from "vscode";
import { Disposable } from "./disposable";

import { ORIGINAL_SCHEME, PROPOSAL_SCHEME } from "./viewIds";

/**
 * The two sides of rewrite diffs. Proposals are a tiny in-memory file system, so that the user can
 * edit the proposed side before accepting it (a content provider's documents are read-only) and so
 * that VS Code reloads a side that was not edited when the stream rewrites it. Originals are a
 * read-only content provider.
 */
export class ProposalFiles extends Disposable implements vscode.FileSystemProvider, vscode.TextDocumentContentProvider {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly originals = new Map<string, string>();
  private readonly fileChanges = this.register(new vscode.EventEmitter<vscode.FileChangeEvent[]>());
  private readonly originalChanges = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChangeFile = this.fileChanges.event;
  readonly onDidChange = this.originalChanges.event;
  private readonly encoder = new TextEncoder();

  constructor() {
    super();
    this.register(vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, this, { isCaseSensitive: true }));
    this.register(vscode.workspace.registerTextDocumentContentProvider(ORIGINAL_SCHEME, this));
  }

  setProposal(uri: vscode.Uri, text: string): void {
    const existed = this.files.has(uri.toString());
    this.files.set(uri.toString(), { data: this.encoder.encode(text), mtime: Date.now() });
    this.fileChanges.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  setOriginal(uri: vscode.Uri, text: string): void {
    this.originals.set(uri.toString(), text);
    this.originalChanges.fire(uri);
  }

  /**
   * Before saving an edited proposal that is being closed: VS Code refuses to save over a file
   * whose mtime is newer than the one it read ("file modified since", with a dialog), which a
   * stream update that raced the first read leaves. The file is ours and about to go: age it.
   */
  backdate(uri: vscode.Uri): void {
    const f = this.files.get(uri.toString());
    if (f) f.mtime = 0;
  }

  forget(...uris: vscode.Uri[]): void {
    for (const uri of uris) {
      this.files.delete(uri.toString());
      this.originals.delete(uri.toString());
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.originals.get(uri.toString()) ?? "";
  }

  // --- FileSystemProvider: one flat folder of proposals ---
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const f = this.file(uri);
    return { type: vscode.FileType.File, ctime: f.mtime, mtime: f.mtime, size: f.data.byteLength };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.file(uri).data;
  }

  /** Saving an edited proposal keeps it here (it is only ever applied through Accept). */
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    if (!this.files.has(uri.toString())) throw vscode.FileSystemError.NoPermissions(uri);
    this.files.set(uri.toString(), { data: content, mtime: Date.now() });
    this.fileChanges.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private file(uri: vscode.Uri): { data: Uint8Array; mtime: number } {
    const f = this.files.get(uri.toString());
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
}
