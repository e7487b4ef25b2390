/**
 * What every benchmark reports: rows of a table, each a figure measured against a reference taken
 * in the same run, with the goal and whether it is met. A benchmark prints its rows as the last
 * line of its output (`::rows <json>`); bench/run.ts collects them and writes BENCHMARKS.md.
 */
export interface Row {
  /** Stable id, e.g. "memory.stream120k". */
  readonly id: string;
  readonly what: string;
  readonly reference: string;
  /** The figure as shown, e.g. "0.3 MB = 2.6×". */
  readonly measured: string;
  readonly goal: string;
  readonly pass: boolean;
  /** Rounds, spread, or why a floor is what it is. */
  readonly detail?: string;
}

export function emit(rows: Row[]): void {
  for (const r of rows) console.log(`${r.pass ? "pass" : "FAIL"}  ${r.what}: ${r.measured} (goal ${r.goal})${r.detail ? `; ${r.detail}` : ""}`);
  console.log(`::rows ${JSON.stringify(rows)}`);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** "median (min–max)" of ratios. */
export function spread(xs: readonly number[], digits = 2): string {
  const s = [...xs].sort((a, b) => a - b);
  return `${s.length} rounds, ${s[0].toFixed(digits)}–${s[s.length - 1].toFixed(digits)}`;
}

export const x = (ratio: number, digits = 2) => `${ratio.toFixed(digits)}×`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
