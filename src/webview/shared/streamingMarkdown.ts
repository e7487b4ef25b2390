import { blockStarts, parseBlocks, referencesOf, renderMarkdown, type ParsedBlocks, type References } from "./markdown";
import * as l10n from "@vscode/l10n";

/** Finished blocks are grouped into chunks of this many blocks or characters (see `.md-chunk` in common.css). */
export const CHUNK_BLOCKS = 16;
const CHUNK_CHARS = 16_384;
/** An open block longer than this is shown as plain text, appended as it grows, until it closes. */
const TAIL_MARKDOWN_CHARS = 16_384;
/**
 * The tail is re-rendered at most every `MIN_INTERVAL_MS`, and every `LONG_INTERVAL_MS` once the
 * answer is past `LONG_ANSWER_CHARS`. Each render costs a fixed few milliseconds of style, layout
 * and paint whatever its size, so rendering every frame made a long answer's streaming cost many
 * times one render of it (BENCHMARKS.md). 20 updates a second reads as live; 10 a second, a line or
 * so each, is still live for an answer the user is already reading far above its end.
 */
export const MIN_INTERVAL_MS = 50;
export const LONG_INTERVAL_MS = 100;
export const LONG_ANSWER_CHARS = 16_384;
/** Plain text is laid out in pieces of about this size, so appending re-lays out one piece only. */
const PLAIN_PIECE_CHARS = 4_096;

/**
 * Renders a growing markdown text incrementally, with work bounded whatever the answer's length
 * or shape (issues 10 and 16):
 * - Top-level blocks that are followed by another block are finished: rendered once (highlighted)
 *   and never touched again. They are grouped into chunks that the browser skips for layout and
 *   paint while they are off screen (`content-visibility: auto`), so an update costs the same at
 *   128 KB as at 8 KB.
 * - Only the open tail is re-rendered, in an animation frame, at most every 50 ms (100 ms in a long
 *   answer) however many deltas arrive, and only the nodes that changed are replaced (`morphChildren`).
 * - A tail past `TAIL_MARKDOWN_CHARS` is shown as plain text, appended piece by piece, and is parsed
 *   again only when it has grown by half since the last parse, so a runaway block costs O(n) in all.
 * - A block past the render limits (size, element count, nesting: `RENDER_LIMITS`) is shown as
 *   plain text with a quiet note. Nothing is dropped, only formatting.
 */
export class StreamingMarkdown {
  private text = "";
  private committed = 0;
  private readonly tail: HTMLElement;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = -Infinity;
  private chunk?: HTMLElement;
  private chunkBlocks = 0;
  private chunkChars = 0;
  /** Open-tail length at the last block parse, while the tail is plain text. */
  private parsedAt = 0;
  /** Characters of the open tail already shown as plain text (0: the tail is markdown). */
  private plainShown = 0;
  /**
   * Finished blocks that may use a link reference defined later in the answer: the element and its
   * source range (offsets, never a slice: a slice would pin the text of its time).
   */
  private linkable: { block: HTMLElement; from: number; to: number }[] = [];
  /** The whole answer's reference definitions, once it has ended. */
  private references?: References;

  /**
   * @param decorate called once for each finished block (code actions).
   * @param onRender called after each streamed render changed the DOM, in the same frame (a view
   *   that follows the answer scrolls then, reading a layout it would pay for anyway).
   */
  constructor(
    private readonly root: HTMLElement,
    private readonly decorate: (block: HTMLElement) => void = () => {},
    private readonly onRender: () => void = () => {},
  ) {
    this.tail = document.createElement("div");
    this.tail.className = "md-tail";
    root.append(this.tail);
  }

  get value(): string {
    return this.text;
  }

  append(delta: string): void {
    if (!delta) return;
    this.text += noNul(delta);
    this.schedule();
  }

  /** Replaces everything (a resync, or a replay after reload). */
  reset(text: string): void {
    this.text = noNul(text);
    this.committed = 0;
    this.parsedAt = 0;
    this.plainShown = 0;
    this.chunk = undefined;
    this.linkable = [];
    this.references = undefined;
    for (const el of Array.from(this.root.querySelectorAll(":scope > .md-chunk"))) el.remove();
    this.tail.replaceChildren();
    this.schedule();
  }

  /**
   * The stream ended: render the tail as a finished block now. A block committed while streaming
   * could not see a reference definition that came later (`[text][label]` ... `[label]: url`), so
   * when the answer defines any, the blocks that may use them are rendered once more: the final view
   * is the render of the final text.
   */
  finish(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
    const earlier = this.linkable;
    this.references = referencesOf(this.text);
    this.commit(this.text.length);
    this.clearTail();
    if (this.references) for (const b of earlier) this.renderInto(b.block, b.from, b.to);
    this.linkable = [];
  }

  private schedule(): void {
    if (this.frame || this.timer) return;
    const interval = this.text.length > LONG_ANSWER_CHARS ? LONG_INTERVAL_MS : MIN_INTERVAL_MS;
    const wait = this.lastFlush + interval - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.requestFrame();
      }, wait);
      return;
    }
    this.requestFrame();
  }

  private requestFrame(): void {
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.lastFlush = performance.now();
      this.flush();
      this.onRender();
    });
  }

  private flush(): void {
    let open = this.text.length - this.committed;
    let parsed: ParsedBlocks | undefined;
    let tailBlock = 0;
    if (open <= TAIL_MARKDOWN_CHARS || open >= this.parsedAt * 1.5) {
      this.parsedAt = open;
      // A tail short enough to render as markdown renders from this parse; a longer one needs only
      // its block starts (block rules only: linear, whatever the text's inline shape).
      const openText = this.text.slice(this.committed);
      parsed = open <= TAIL_MARKDOWN_CHARS ? parseBlocks(openText) : undefined;
      const starts = parsed ? parsed.starts : blockStarts(openText);
      if (starts.length >= 2) {
        tailBlock = starts.length - 1;
        this.commit(this.committed + starts[tailBlock]);
        this.clearTail();
        open = this.text.length - this.committed;
        this.parsedAt = open;
      }
    }
    const src = this.text.slice(this.committed);
    // The tail renders from the parse above: each frame parses the open text once.
    const html = open > TAIL_MARKDOWN_CHARS ? undefined : parsed ? parsed.renderFrom(tailBlock) : renderMarkdown(src, { final: false });
    if (html !== undefined) {
      this.plainShown = 0;
      if (this.tail.firstChild) morphChildren(this.tail, html);
      else this.tail.append(html);
      return;
    }
    if (this.plainShown === 0) this.tail.replaceChildren();
    appendPlain(this.tail, src.slice(this.plainShown));
    this.plainShown = src.length;
  }

  private clearTail(): void {
    this.plainShown = 0;
    this.tail.replaceChildren();
  }

  /** Renders the text up to `upTo` as finished blocks: one per group of top-level blocks of up to `CHUNK_CHARS`. */
  private commit(upTo: number): void {
    const base = this.committed;
    this.committed = upTo;
    this.parsedAt = 0;
    if (upTo - base <= CHUNK_CHARS) {
      this.commitBlock(base, upTo);
      return;
    }
    // A long stretch (a replay, a burst, the end of a long answer): render it in groups of whole
    // blocks of at most a chunk (or one larger block alone), so no render or sanitiser call sees more
    // than a chunk of ordinary text, and off-screen chunks are skipped.
    let from = 0;
    let last = 0;
    const take = (upToStart: number) => {
      this.commitBlock(base + from, base + upToStart);
      from = upToStart;
    };
    for (const start of blockStarts(this.text.slice(base, upTo))) {
      if (start - from > CHUNK_CHARS && last > from) take(last);
      last = start;
    }
    if (upTo - base - from > CHUNK_CHARS && last > from) take(last);
    this.commitBlock(base + from, upTo);
  }

  private commitBlock(from: number, to: number): void {
    const src = this.text.slice(from, to);
    if (!src.trim()) return;
    const block = document.createElement("div");
    block.className = "md-block";
    if (this.renderInto(block, from, to) && !this.references && src.includes("[")) this.linkable.push({ block, from, to });
    if (!this.chunk || this.chunkBlocks >= CHUNK_BLOCKS || this.chunkChars >= CHUNK_CHARS) {
      this.chunk = document.createElement("div");
      this.chunk.className = "md-chunk";
      this.chunkBlocks = 0;
      this.chunkChars = 0;
      this.root.insertBefore(this.chunk, this.tail);
    }
    this.chunk.append(block);
    this.chunkBlocks++;
    this.chunkChars += src.length;
  }

  /** Fills `block` with the render of `text[from, to)` (or plain text past the limits); true if rendered. */
  private renderInto(block: HTMLElement, from: number, to: number): boolean {
    const src = this.text.slice(from, to);
    const html = renderMarkdown(src, { final: true, references: this.references });
    if (html !== undefined) {
      block.replaceChildren(html);
      this.decorate(block);
      return true;
    }
    const note = document.createElement("div");
    note.className = "md-note";
    note.textContent = l10n.t("Formatting was skipped for this block: it is too large or too deeply nested to render quickly. The text is complete.");
    block.replaceChildren(note);
    appendPlain(block, src);
    return false;
  }
}

/**
 * Makes `into`'s children equal to `from`'s (sanitised nodes, moved in), keeping every node that is
 * unchanged: a growing tail usually differs only in its last text node, so style, layout and paint
 * touch that and nothing before it. Nodes are compared by type, name and attributes; text by value.
 */
export function morphChildren(into: Node, from: Node): void {
  let i = 0;
  for (; i < from.childNodes.length; i++) {
    const old = into.childNodes[i];
    const next = from.childNodes[i];
    if (!old || old.nodeType !== next.nodeType || old.nodeName !== next.nodeName) break;
    if (old.nodeType === Node.TEXT_NODE || old.nodeType === Node.COMMENT_NODE) {
      if (old.nodeValue !== next.nodeValue) old.nodeValue = next.nodeValue;
      continue;
    }
    if (!sameAttributes(old as Element, next as Element)) break;
    morphChildren(old, next);
  }
  while (into.childNodes.length > i) into.lastChild!.remove();
  while (from.childNodes.length > i) into.appendChild(from.childNodes[i]);
}

function sameAttributes(a: Element, b: Element): boolean {
  if (a.attributes.length !== b.attributes.length) return false;
  for (const attr of Array.from(b.attributes)) if (a.getAttribute(attr.name) !== attr.value) return false;
  return true;
}

/**
 * U+0000 becomes U+FFFD, as CommonMark requires and markdown-it does on every parse: done once per
 * delta here, so the parses of a long answer do not each rewrite it (a 700 KB answer of NULs spent
 * 120 ms a parse in that rewrite). The host keeps the text as it came.
 */
function noNul(s: string): string {
  return s.includes("\0") ? s.replace(/\0/g, "\uFFFD") : s;
}

/** Appends text as plain, pre-wrapped pieces of at most `PLAIN_PIECE_CHARS` (the last piece grows first). */
function appendPlain(into: HTMLElement, text: string): void {
  let last = into.lastElementChild as HTMLElement | null;
  if (!last?.classList.contains("md-plain")) last = null;
  let i = 0;
  while (i < text.length) {
    if (!last || (last.textContent ?? "").length >= PLAIN_PIECE_CHARS) {
      last = document.createElement("div");
      last.className = "md-plain";
      into.append(last);
    }
    const room = PLAIN_PIECE_CHARS - (last.textContent ?? "").length;
    last.append(text.slice(i, i + room));
    i += room;
  }
}
