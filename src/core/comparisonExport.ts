/**
 * A comparison as markdown: what was asked, a table of the figures (status, first token, total
 * time, tokens, billed cost), then each model's answer as it came. English on purpose, like the
 * other exported files. No vscode, no DOM.
 */

export interface ExportedColumn {
  readonly model: string;
  readonly status: string;
  readonly output: string;
  readonly usage?: { readonly totalTokens?: number; readonly cost?: number };
  readonly firstTokenMs?: number;
  readonly totalMs?: number;
  readonly error?: { readonly message: string };
}

export interface ExportedComparison {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly columns: readonly ExportedColumn[];
}

const cell = (v: string) => v.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const ms = (v: number | undefined) => (v === undefined ? "—" : `${v} ms`);

/** The billed cost of every column that reported one; `unknown` counts those that did not. */
export function comparisonCost(columns: readonly ExportedColumn[]): { cost: number; unknown: number } {
  let cost = 0;
  let unknown = 0;
  for (const c of columns) {
    if (c.usage?.cost === undefined) unknown++;
    else cost += c.usage.cost;
  }
  return { cost, unknown };
}

export function comparisonToMarkdown(c: ExportedComparison, now = new Date()): string {
  const total = comparisonCost(c.columns);
  const out = [
    `# ${c.title}: ${c.columns.length} models on ${c.source}`,
    "",
    `_Exported from fal Router on ${now.toISOString().slice(0, 10)} · comparison ${c.id} · billed ${total.cost.toFixed(6)} USD${total.unknown ? ` (${total.unknown} without a reported cost)` : ""}_`,
    "",
    "| Model | Status | First token | Total time | Tokens | Billed (USD) |",
    "|---|---|---|---|---|---|",
    ...c.columns.map((col) => `| ${cell(col.model)} | ${col.status} | ${ms(col.firstTokenMs)} | ${ms(col.totalMs)} | ${col.usage?.totalTokens ?? "—"} | ${col.usage?.cost ?? "—"} |`),
    "",
  ];
  for (const col of c.columns) {
    out.push(`## ${col.model}`, "", col.output.trim() || "_(no answer)_", "");
    if (col.error) out.push(`> ${cell(col.error.message)}`, "");
  }
  return out.join("\n");
}
