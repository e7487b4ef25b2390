import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./files";
import type { RunSnapshot } from "../protocol/run";

const SAVE_DELAY_MS = 1000;

/**
 * The result panel's last run, kept by the host in the extension's storage (one small JSON file,
 * written atomically, at most once a second while streaming). After a window reload the restored
 * panel shows it: the webview's own saved state is not reliably persisted when a window goes
 * away abruptly, and the host is the owner of the run anyway.
 */
export class LastRunFile {
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly file: string) {}

  saveSoon(snapshot: () => RunSnapshot | undefined): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.save(snapshot());
    }, SAVE_DELAY_MS);
  }

  async save(snapshot: RunSnapshot | undefined): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!snapshot) return;
    try {
      await writeFileAtomic(this.file, JSON.stringify({ run: snapshot }));
    } catch {
      /* best effort: the webview's own state is the fallback */
    }
  }

  /** The saved `{ run }`, unvalidated (the caller validates it like webview state), or undefined. */
  async load(): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.file, "utf8")) as unknown;
    } catch {
      return undefined;
    }
  }
}
