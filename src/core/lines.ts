/** A selection's lines, as a user counts them. */
export interface Position0 {
  readonly line: number;
  readonly character: number;
}

/**
 * The 1-based, inclusive lines a selection covers. A selection that ends at column 0 of a later
 * line (what a triple-click or Shift+Down leaves) does not include that line: lines 1–9 selected
 * that way are labelled 1-9, not 1-10.
 */
export function selectedLines(start: Position0, end: Position0): { startLine: number; endLine: number } {
  const endsAtLineStart = end.character === 0 && end.line > start.line;
  return { startLine: start.line + 1, endLine: end.line + (endsAtLineStart ? 0 : 1) };
}

/** `file:7` for one line, `file:1-9` for several. */
export function linesLabel(file: string, startLine: number, endLine: number): string {
  return startLine === endLine ? `${file}:${startLine}` : `${file}:${startLine}-${endLine}`;
}
