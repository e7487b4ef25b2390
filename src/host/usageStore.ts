import { copyFile, readFile, stat } from "node:fs/promises";
import * as vscode from "vscode";
import type { UsageSink } from "../core/engine/ports";
import type { ModelTarget } from "../core/settings";
import type { Logger, RunResult } from "../core/types";
import { dayOf, parseUsageLog, serializeRecord, spentOn, usageRecordOf, type UsageRecord } from "../core/usageLog";
import { Disposable } from "./disposable";
import { appendLine, writeFileAtomic } from "./files";

const FILE = "usage.jsonl";

/**
 * The local usage log (`usage.jsonl` in the extension's global storage, so it is shared by every
 * window). Appends one line per finished request. A damaged log is copied aside untouched, the
 * readable records are kept, and the user is told; nothing is silently lost.
 */
export class UsageStore extends Disposable implements UsageSink {
  private all: UsageRecord[] = [];
  private writes: Promise<void> = Promise.resolve();
  /** Records appended whose line is not written yet. */
  private readonly pending: UsageRecord[] = [];
  private readonly sessionStart = Date.now();
  private readonly changed = this.register(new vscode.EventEmitter<UsageRecord | undefined>());
  /** Fires with the new record, or undefined after a (re)load. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly log: Logger,
  ) {
    super();
  }

  get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, FILE);
  }

  get records(): readonly UsageRecord[] {
    return this.all;
  }

  /** Billed cost since this window activated the extension. */
  get sessionCost(): number {
    let sum = 0;
    for (const r of this.all) if (r.cost !== undefined && Date.parse(r.time) >= this.sessionStart) sum += r.cost;
    return sum;
  }

  get todayCost(): number {
    return spentOn(this.all, dayOf(new Date()));
  }

  private initial?: Promise<void>;
  private read = false;

  /** Whether the log has been read: until then today's spend is not known. */
  get isLoaded(): boolean {
    return this.read;
  }

  /**
   * The first load, started once. Activation starts it without waiting (no file is read before the
   * status bar shows); what needs every record (export) waits for it. A record appended before it
   * ends is in the file and comes back with the next load.
   */
  loaded(): Promise<void> {
    this.initial ??= this.load().catch((e: unknown) => this.log.error(`could not read the usage log: ${(e as Error).message}`));
    return this.initial;
  }

  /**
   * Reads the log again. The read takes its turn with this window's appends: one appended before
   * it is in what is read, one appended during it is written after it and kept from `pending`.
   */
  load(): Promise<void> {
    const read = this.writes.then(() => this.readLog());
    this.writes = read.catch(() => undefined);
    return read;
  }

  private async readLog(): Promise<void> {
    let content: string;
    try {
      content = await readFile(this.file.fsPath, "utf8");
    } catch {
      this.all = [...this.pending];
      this.read = true;
      this.changed.fire(undefined);
      return;
    }
    const { records, damaged } = parseUsageLog(content);
    this.all = [...records, ...this.pending];
    this.read = true;
    if (damaged > 0) await this.setAside(content, records, damaged);
    this.changed.fire(undefined);
  }

  private async setAside(content: string, records: UsageRecord[], damaged: number): Promise<void> {
    const aside = vscode.Uri.joinPath(this.storage, `usage.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`);
    await copyFile(this.file.fsPath, aside.fsPath);
    // Rewritten only if no other window appended since it was read (their records would be lost);
    // otherwise the next load sets aside again. The original is in the copy either way.
    const size = Buffer.byteLength(content);
    await writeFileAtomic(this.file.fsPath, records.map((r) => serializeRecord(r) + "\n").join(""), async () => (await stat(this.file.fsPath)).size === size);
    const message = vscode.l10n.t("fal Router: {0} damaged line(s) in the usage log were set aside; {1} record(s) were kept. The original file is kept as {2}.", damaged, records.length, aside.fsPath);
    this.log.warn(`${message} (${content.length} bytes)`);
    void vscode.window.showWarningMessage(message);
  }

  /** The engine's usage sink: one record per finished request, whatever its outcome. */
  record(action: ModelTarget | string, model: string, result: RunResult, link?: string): Promise<void> {
    return this.append(usageRecordOf(action, model, result, new Date(), link));
  }

  /** Appends a record; writes are serialised so concurrent requests never interleave lines. */
  append(r: UsageRecord): Promise<void> {
    this.all.push(r);
    this.pending.push(r);
    this.changed.fire(r);
    this.writes = this.writes
      .then(() => appendLine(this.file.fsPath, serializeRecord(r)))
      .catch((e) => this.log.error(`could not write the usage log: ${(e as Error).message}`))
      .finally(() => this.pending.splice(this.pending.indexOf(r), 1));
    return this.writes;
  }
}
