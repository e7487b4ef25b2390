import * as l10n from "@vscode/l10n";
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

/** Characters sampled by `binaryProblem`: enough to tell, cheap on a 2 MB selection. */
const BINARY_SAMPLE = 65_536;

/**
 * Why a selection is not text a model can read, or undefined: it has a NUL (a binary file opened
 * as text), or more than one character in ten is a control character or U+FFFD (bytes that did not
 * decode). Tab, line and page breaks and ESC (colours in a log or an output pane) are text.
 */
export function binaryProblem(text: string): string | undefined {
  const sample = text.length > BINARY_SAMPLE ? text.slice(0, BINARY_SAMPLE) : text;
  if (sample.includes("\0")) return l10n.t("fal Router: the selection looks like binary data (it contains NUL characters), which a model cannot read. Nothing was sent. Select text, or reopen the file with the right encoding.");
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) || c === 0x7f || c === 0xfffd) odd++;
  }
  if (odd >= 8 && odd * 10 > sample.length) return l10n.t("fal Router: the selection looks like binary data ({0}% of it is control characters or bytes that did not decode), which a model cannot read. Nothing was sent. Select text, or reopen the file with the right encoding.", Math.round((odd * 100) / sample.length));
  return undefined;
}
