import { appendFile, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Appends one line to a log that other windows (other extension hosts) append to as well: one
 * `O_APPEND` write per line, so lines from two processes never interleave. Each line is written
 * with the line break before it, not after: if a window was killed in the middle of a write, the
 * next line, from any window, still starts on a line of its own, so the torn line is the only
 * damaged one. (Checking the file's last byte first would race with another window's append.)
 */
export async function appendLine(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `\n${line}`);
}

/**
 * Replaces `path` with `data` so that a reader, this window or another, sees the old file or the
 * new one, never a part: written to a temporary file of its own, then renamed over. The temporary
 * name is unique to this process and write, so two windows saving the same file at once cannot
 * write into one temporary file. A window killed mid-write leaves its temporary file (`*.tmp`) and
 * the old file intact. `unchanged`, when given, is asked just before the rename; if it says the
 * file changed meanwhile, nothing is replaced and the result is false.
 */
export async function writeFileAtomic(path: string, data: string, unchanged?: () => Promise<boolean>): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${++writes}.tmp`;
  try {
    await writeFile(tmp, data);
    if (unchanged && !(await unchanged())) {
      await rm(tmp, { force: true });
      return false;
    }
    await rename(tmp, path);
    return true;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
let writes = 0;

/** A temporary file older than this is left from a window that was killed mid-write, not one being written. */
const STALE_MS = 10 * 60_000;

/** Removes the temporary files `names` in `dir` that a killed window left behind. */
export async function removeStale(dir: string, names: readonly string[]): Promise<void> {
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    const old = await stat(path).then((s) => now - s.mtimeMs > STALE_MS, () => false);
    if (old) await rm(path, { force: true }).catch(() => undefined);
  }
}
