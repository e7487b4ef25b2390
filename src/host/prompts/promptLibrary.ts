/**
 * The prompt files, read from where they live and kept current: the built-in ones shipped in the
 * extension's prompts/ folder, the user's prompts folder (the one VS Code's own chat uses), the
 * folders in `falRouter.prompts.folders`, and `.github/prompts/` in each workspace folder. It loads
 * on first use (or when a prompt file is opened), then watches the folders, so a change shows
 * without a reload. A file's problems go to the Problems view. In Restricted Mode the workspace's
 * files (and folders relative to it) are not read: they are the workspace's text, not the user's.
 */
import * as vscode from "vscode";
import { collectPrompts, type LoadedPrompt, type PromptOrigin, type PromptSourceFile } from "../../core/promptFiles/collection";
import { PROMPT_FILE_SUFFIX, type PromptProblem } from "../../core/promptFiles/promptFile";
import type { Logger } from "../../core/types";
import { Disposable } from "../disposable";

export const WORKSPACE_PROMPTS = ".github/prompts";
const RELOAD_DELAY_MS = 150;

interface Place {
  readonly uri: vscode.Uri;
  readonly origin: PromptOrigin;
}

export class PromptLibrary extends Disposable {
  private loaded?: Promise<void>;
  private prompts: readonly LoadedPrompt[] = [];
  private watchers: vscode.Disposable[] = [];
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection("fal Router prompts"));
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** The list changed (a file was added, edited or removed, or trust was granted). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** The user's own prompt files (where a copied built-in goes when there is no trusted workspace). */
    readonly userFolder: vscode.Uri,
    private readonly log: Logger,
  ) {
    super();
    this.register({ dispose: () => this.unwatch() });
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("falRouter.prompts.folders") && this.reloadSoon()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadSoon()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reloadSoon()));
    // What VS Code itself does to prompt files (save, create, delete, rename) reloads at once; the
    // watchers are for changes from outside (git, another editor). They miss a folder created after
    // they started, so coming back to the window reads the folders again too (a few small files).
    const touches = (uris: readonly vscode.Uri[]) => uris.some((u) => u.path.toLowerCase().endsWith(PROMPT_FILE_SUFFIX)) && this.reloadSoon();
    this.register(vscode.workspace.onDidSaveTextDocument((d) => touches([d.uri])));
    this.register(vscode.workspace.onDidCreateFiles((e) => touches(e.files)));
    this.register(vscode.workspace.onDidDeleteFiles((e) => touches(e.files)));
    this.register(vscode.workspace.onDidRenameFiles((e) => touches(e.files.flatMap((f) => [f.oldUri, f.newUri]))));
    this.register(vscode.window.onDidChangeWindowState((w) => w.focused && this.reloadSoon()));
  }

  /** Whether the workspace's prompt files are left out because it is in Restricted Mode. */
  get restricted(): boolean {
    return !vscode.workspace.isTrusted && (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  }

  /** Every usable prompt, loading them the first time. */
  async all(): Promise<readonly LoadedPrompt[]> {
    await (this.loaded ??= this.load());
    return this.prompts;
  }

  async find(name: string): Promise<LoadedPrompt | undefined> {
    const key = name.replace(/^\//, "").toLowerCase();
    return (await this.all()).find((p) => p.prompt.name.toLowerCase() === key);
  }

  /** How many files have an error or a warning (the picker offers the Problems view). */
  get problemFiles(): number {
    let n = 0;
    this.diagnostics.forEach((_, list) => (n += list.length > 0 ? 1 : 0));
    return n;
  }

  private reloadSoon(): void {
    if (!this.loaded) return; // not used yet: the first use reads everything anyway
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => (this.loaded = this.load()), RELOAD_DELAY_MS);
  }

  private places(): Place[] {
    const places: Place[] = [{ uri: vscode.Uri.joinPath(this.extensionUri, "prompts"), origin: "builtin" }, { uri: this.userFolder, origin: "user" }];
    const trusted = vscode.workspace.isTrusted;
    const folders = vscode.workspace.workspaceFolders ?? [];
    // A restricted setting: in Restricted Mode VS Code gives only the user's own value.
    for (const raw of vscode.workspace.getConfiguration("falRouter").get<unknown[]>("prompts.folders") ?? []) {
      if (typeof raw !== "string" || raw.trim() === "") continue;
      const path = raw.trim().replace(/^~(?=[\\/]|$)/, process.env.HOME ?? process.env.USERPROFILE ?? "~");
      if (/^([a-zA-Z]:)?[\\/]/.test(path)) places.push({ uri: vscode.Uri.file(path), origin: "folder" });
      else if (trusted) for (const f of folders) places.push({ uri: vscode.Uri.joinPath(f.uri, path), origin: "folder" });
    }
    if (trusted) for (const f of folders) places.push({ uri: vscode.Uri.joinPath(f.uri, WORKSPACE_PROMPTS), origin: "workspace" });
    return places;
  }

  private async load(): Promise<void> {
    const places = this.places();
    this.watch(places);
    const files = (await Promise.all(places.map((p) => this.read(p)))).flat();
    const { prompts, problems } = collectPrompts(files);
    this.prompts = prompts;
    this.diagnostics.clear();
    for (const [id, list] of problems) if (list.length > 0) this.diagnostics.set(vscode.Uri.parse(id), list.map(toDiagnostic));
    this.log.info(`prompt files: ${prompts.length} usable, ${[...problems.values()].filter((l) => l.length > 0).length} with problems${this.restricted ? "; the workspace's are not read in Restricted Mode" : ""}`);
    this.changed.fire();
  }

  private async read(place: Place): Promise<PromptSourceFile[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(place.uri);
    } catch {
      return []; // the folder does not exist (yet): watched all the same
    }
    const names = entries.filter(([name, type]) => type !== vscode.FileType.Directory && name.toLowerCase().endsWith(PROMPT_FILE_SUFFIX)).map(([name]) => name);
    const files = await Promise.all(
      names.map(async (name): Promise<PromptSourceFile | undefined> => {
        const uri = vscode.Uri.joinPath(place.uri, name);
        try {
          return { id: uri.toString(), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), origin: place.origin };
        } catch (e) {
          this.log.warn(`could not read the prompt file ${uri.toString(true)}: ${(e as Error).message}`);
          return undefined;
        }
      }),
    );
    return files.filter((f): f is PromptSourceFile => f !== undefined);
  }

  private watch(places: readonly Place[]): void {
    this.unwatch();
    for (const place of places) {
      if (place.origin === "builtin") continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(place.uri, `*${PROMPT_FILE_SUFFIX}`));
      watcher.onDidCreate(() => this.reloadSoon());
      watcher.onDidChange(() => this.reloadSoon());
      watcher.onDidDelete(() => this.reloadSoon());
      this.watchers.push(watcher);
    }
  }

  private unwatch(): void {
    clearTimeout(this.reloadTimer);
    for (const w of this.watchers.splice(0)) w.dispose();
  }
}

function toDiagnostic(p: PromptProblem): vscode.Diagnostic {
  const at = new vscode.Position(p.line, p.column);
  const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), p.message, p.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = "fal Router";
  return d;
}
