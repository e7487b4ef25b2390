/**
 * A freeze detector for the webview tests: the longest main-thread task seen by a PerformanceObserver.
 * A freeze, not a timing goal: FREEZE_MS is a wide margin over what a busy two-core CI machine adds;
 * the goals (≤ 200 ms per task) are measured by bench/, where a run reports its figure.
 */
import type { Page } from "playwright-core";

/** A bound at the goal failed CI on noise (205 and 211 ms on a busy two-core machine); a freeze is seconds. */
export const FREEZE_MS = 1000;

/** Watches long tasks from now on; `longestTask` reads the longest so far. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: "longtask" });
  });
}

/** The longest task (ms) since `watchLongTasks`. */
export function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}
