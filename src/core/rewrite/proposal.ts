/**
 * A rewrite proposal as the diff shows it: the document as it was (left) against the document with
 * the proposed code (right), both as lines with `\n` endings. Hunks come from jsdiff. Accepting
 * hunks plans one edit of the real document, anchored where the original text is now (the user
 * may have typed above it since); rejecting one puts the original lines back on the right. The host
 * applies the edits and shows both sides; every rule is here, without VS Code.
 */
import { diffArrays } from "diff";

export interface LinePos {
  readonly line: number;
  readonly character: number;
}

export interface Hunk {
  /** Where the hunk's lines are on the left (the original) and on the right (the proposal). */
  readonly baseStart: number;
  readonly baseCount: number;
  readonly propStart: number;
  readonly propCount: number;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

/** An edit of the real document in its current lines: replace `removeCount` lines at `startLine` by `lines`. */
export interface LineEdit {
  readonly startLine: number;
  readonly removeCount: number;
  readonly lines: readonly string[];
}

/** A text edit as an editor applies it. */
export interface TextEdit {
  readonly start: LinePos;
  readonly end: LinePos;
  readonly text: string;
}

export type AcceptPlan =
  | { readonly ok: true; readonly edit: LineEdit; readonly base: readonly string[]; readonly shift: number }
  | { readonly ok: false; readonly reason: "changed" | "ambiguous" };

/** How many lines of context around the changed region may be used to tell repeated text apart. */
const MAX_CONTEXT = 5;

export const splitLines = (text: string): string[] => text.split(/\r\n|\r|\n/);

function offsetOf(lines: readonly string[], pos: LinePos): number {
  let offset = 0;
  for (let i = 0; i < pos.line && i < lines.length; i++) offset += lines[i].length + 1;
  return offset + Math.min(pos.character, lines[pos.line]?.length ?? 0);
}

export class RewriteProposal {
  private baseLines: string[];
  private propLines: string[];
  /** The lines the selection covered, on the left: [start, end). */
  private regionStart: number;
  private regionEnd: number;
  /** How far the real document's lines have moved from the left side's, at the last anchor. */
  private shift = 0;
  /** Set once the user edits the proposal or takes or drops a hunk: the stream no longer rewrites it. */
  private touchedByUser = false;

  constructor(
    documentText: string,
    private readonly selStart: LinePos,
    private readonly selEnd: LinePos,
  ) {
    this.baseLines = splitLines(documentText);
    this.propLines = [...this.baseLines];
    this.regionStart = selStart.line;
    this.regionEnd = selEnd.character === 0 && selEnd.line > selStart.line ? selEnd.line : selEnd.line + 1;
  }

  get base(): string {
    return this.baseLines.join("\n");
  }

  get proposed(): string {
    return this.propLines.join("\n");
  }

  get touched(): boolean {
    return this.touchedByUser;
  }

  /** The stream's latest code for the selection; ignored once the user has taken over the proposal. */
  setCode(code: string): boolean {
    if (this.touchedByUser) return false;
    const text = this.baseLines.join("\n");
    const lf = code.replace(/\r\n?/g, "\n");
    const next = splitLines(text.slice(0, offsetOf(this.baseLines, this.selStart)) + lf + text.slice(offsetOf(this.baseLines, this.selEnd)));
    const changed = next.join("\n") !== this.proposed;
    this.propLines = next;
    return changed;
  }

  /** The user typed in the proposal. */
  edited(text: string): void {
    if (text.replace(/\r\n?/g, "\n") === this.proposed) return;
    this.propLines = splitLines(text);
    this.touchedByUser = true;
  }

  hunks(): Hunk[] {
    const out: Hunk[] = [];
    let b = 0;
    let p = 0;
    let open: { baseStart: number; propStart: number; removed: string[]; added: string[] } | undefined;
    const close = () => {
      if (open) out.push({ ...open, baseCount: open.removed.length, propCount: open.added.length });
      open = undefined;
    };
    for (const part of diffArrays(this.baseLines, this.propLines)) {
      if (!part.added && !part.removed) {
        close();
        b += part.count ?? part.value.length;
        p += part.count ?? part.value.length;
        continue;
      }
      open ??= { baseStart: b, propStart: p, removed: [], added: [] };
      if (part.removed) {
        open.removed.push(...part.value);
        b += part.value.length;
      } else {
        open.added.push(...part.value);
        p += part.value.length;
      }
    }
    close();
    return out;
  }

  /** The hunk a cursor on line `line` of the proposal is in (a deletion counts on the line after it, or before at the end). */
  hunkAt(line: number): Hunk | undefined {
    return this.hunks().find((h) => (h.propCount ? line >= h.propStart && line < h.propStart + h.propCount : line === h.propStart || line === h.propStart - 1));
  }

  /**
   * Plans taking `hunks` (all of them by default) into the document whose lines are now `current`:
   * one edit over the lines from the first to the last hunk, anchored where those lines of the
   * original are now. Refused when they are no longer there, or are there more than once even
   * with their surrounding lines.
   */
  planAccept(current: readonly string[], hunks: readonly Hunk[] = this.hunks()): AcceptPlan {
    if (hunks.length === 0) return { ok: false, reason: "changed" };
    const lo = Math.min(this.regionStart, ...hunks.map((h) => h.baseStart));
    const hi = Math.max(this.regionEnd, ...hunks.map((h) => h.baseStart + h.baseCount));
    const at = this.anchor(current, lo, hi);
    if (typeof at !== "number") return { ok: false, reason: at };
    const first = Math.min(...hunks.map((h) => h.baseStart));
    const last = Math.max(...hunks.map((h) => h.baseStart + h.baseCount));
    // The proposal's lines for [first, last): the unchanged lines between the hunks are the same on both sides.
    const base = [...this.baseLines];
    const replaced: string[] = [];
    let cursor = first;
    for (const h of [...hunks].sort((x, y) => x.baseStart - y.baseStart)) {
      replaced.push(...this.baseLines.slice(cursor, h.baseStart), ...h.added);
      cursor = h.baseStart + h.baseCount;
    }
    replaced.push(...this.baseLines.slice(cursor, last));
    base.splice(first, last - first, ...replaced);
    return { ok: true, edit: { startLine: at + (first - lo), removeCount: last - first, lines: replaced }, base, shift: at - lo };
  }

  /** Records an accepted plan once the host applied it: the left side now holds those lines. */
  accepted(plan: AcceptPlan & { ok: true }): void {
    const growth = plan.base.length - this.baseLines.length;
    this.baseLines = [...plan.base];
    this.regionEnd += growth;
    this.shift = plan.shift;
    this.touchedByUser = true;
  }

  /** Drops a hunk: the proposal gets the original lines back there. */
  reject(hunk: Hunk): void {
    this.propLines.splice(hunk.propStart, hunk.propCount, ...hunk.removed);
    this.touchedByUser = true;
  }

  /** Where base lines [lo, hi) start in `current`: where they were last, else the one place they are, widened by context until unique. */
  private anchor(current: readonly string[], lo: number, hi: number): number | "changed" | "ambiguous" {
    const matchesAt = (at: number, from: number, to: number) => {
      if (at + (from - lo) < 0 || at + (to - lo) > current.length) return false;
      for (let i = from; i < to; i++) if (current[at + (i - lo)] !== this.baseLines[i]) return false;
      return true;
    };
    const expected = lo + this.shift;
    if (matchesAt(expected, lo, hi)) return expected;
    let candidates: number[] = [];
    for (let at = 0; at + (hi - lo) <= current.length; at++) if (matchesAt(at, lo, hi)) candidates.push(at);
    if (candidates.length === 0) return "changed";
    for (let ctx = 1; candidates.length > 1 && ctx <= MAX_CONTEXT; ctx++) {
      const from = Math.max(0, lo - ctx);
      const to = Math.min(this.baseLines.length, hi + ctx);
      candidates = candidates.filter((at) => matchesAt(at, from, to));
    }
    return candidates.length === 1 ? candidates[0] : "ambiguous";
  }
}

/**
 * A line edit as a text edit on a document whose lines are `current`, with its line ending `eol`:
 * the document's last line has no line ending of its own, so edits that reach it move the ending.
 */
export function toTextEdit(edit: LineEdit, current: readonly string[], eol: string): TextEdit {
  const { startLine, removeCount, lines } = edit;
  const endLine = startLine + removeCount;
  if (endLine < current.length) {
    return { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 }, text: lines.map((l) => l + eol).join("") };
  }
  // The edit reaches the end of the document.
  const last = current.length - 1;
  const end = { line: last, character: current[last].length };
  if (removeCount === 0) return { start: end, end, text: lines.map((l) => eol + l).join("") };
  if (lines.length === 0 && startLine > 0) return { start: { line: startLine - 1, character: current[startLine - 1].length }, end, text: "" };
  return { start: { line: startLine, character: 0 }, end, text: lines.join(eol) };
}

/** The one replacement that turns `from` into `to`: what lies between their common start and end. */
export function minimalChange(from: string, to: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && from.charCodeAt(from.length - 1 - tail) === to.charCodeAt(to.length - 1 - tail)) tail++;
  return { start, end: from.length - tail, text: to.slice(start, to.length - tail) };
}
