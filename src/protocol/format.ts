/** How numbers from `usage` and timings read, for host and webviews alike. Pure, no vscode, no DOM. */

/** USD with enough precision for sub-cent LLM calls: $0.00058, $0.0123, $1.25. */
export function formatUsd(cost: number | undefined): string {
  if (cost === undefined) return "—";
  if (cost === 0) return "$0.00";
  if (cost < 0.01) return `$${cost.toPrecision(2).replace(/0+$/, "")}`;
  if (cost < 1) return `$${cost.toFixed(4).replace(/0{1,2}$/, "")}`;
  return `$${cost.toFixed(2)}`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatTokens(n: number | undefined): string {
  return n === undefined ? "—" : n.toLocaleString("en-US");
}
