import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./files";
import { parseComparison, type ComparisonView } from "../protocol/compare";

/** How many finished comparisons are kept (and offered by Open Recent Comparison). */
export const HISTORY_SIZE = 5;

/**
 * The last few finished comparisons, newest first, in one small JSON file in the extension's global
 * storage (written whole and atomically after each comparison). Read on first use, never at
 * activation; a damaged file or entry is skipped, never trusted.
 */
export class ComparisonHistory {
  private items?: ComparisonView[];

  constructor(private readonly file: string) {}

  async all(): Promise<readonly ComparisonView[]> {
    if (!this.items) {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(this.file, "utf8"));
      } catch {
        raw = undefined;
      }
      const list = Array.isArray(raw) ? raw : [];
      this.items = list.map(parseComparison).filter((v): v is ComparisonView => v !== undefined).slice(0, HISTORY_SIZE);
    }
    return this.items;
  }

  async add(view: ComparisonView): Promise<void> {
    const items = [view, ...(await this.all()).filter((v) => v.id !== view.id)].slice(0, HISTORY_SIZE);
    this.items = items;
    try {
      await writeFileAtomic(this.file, JSON.stringify(items));
    } catch {
      /* best effort: the comparison is still in this window's list */
    }
  }
}
