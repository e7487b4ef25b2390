import { blockStarts, parseBlocks, renderMarkdown, type ParsedBlocks } from "./markdown";

/** Finished blocks are grouped into chunks of this many blocks or characters (see `.md-chunk` in common.css). */
const CHUNK_BLOCKS = 16;
const CHUNK_CHARS = 16_384;
/** An open block longer than this is shown as plain text, appended as it grows, until it closes. */
const TAIL_MARKDOWN_CHARS = 16_384;
/**
 * The tail is re-rendered at most this often. Each render costs a fixed few milliseconds of style,
 * layout and paint whatever its size, so rendering every frame made a long answer's streaming cost
 * many times one render of it (BENCHMARKS.md). 20 updates a second still reads as live.
 */
const MIN_INTERVAL_MS = 50;
/** Plain text is laid out in pieces of about this size, so appending re-lays out one piece only. */
const PLAIN_PIECE_CHARS = 4_096;

/**
 * Renders a growing markdown text incrementally, with work bounded whatever the answer's length
 * or shape (issues 10 and 16):
 * - Top-level blocks that are followed by another block are finished: rendered once (highlighted)
 *   and never touched again. They are grouped into chunks that the browser skips for layout and
 *   paint while they are off screen (`content-visibility: auto`), so an update costs the same at
 *   128 KB as at 8 KB.
 * - Only the open tail is re-rendered, in an animation frame, at most every `MIN_INTERVAL_MS`
 *   however many deltas arrive.
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
    this.text += delta;
    this.schedule();
  }

  /** Replaces everything (a resync, or a replay after reload). */
  reset(text: string): void {
    this.text = text;
    this.committed = 0;
    this.parsedAt = 0;
    this.plainShown = 0;
    this.chunk = undefined;
    for (const el of Array.from(this.root.querySelectorAll(":scope > .md-chunk"))) el.remove();
    this.tail.replaceChildren();
    this.schedule();
  }

  /** The stream ended: render the tail as a finished block now. */
  finish(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
    this.commit(this.text.length);
    this.clearTail();
  }

  private schedule(): void {
    if (this.frame || this.timer) return;
    const wait = this.lastFlush + MIN_INTERVAL_MS - performance.now();
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
      parsed = parseBlocks(this.text.slice(this.committed));
      const { starts } = parsed;
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
      this.tail.replaceChildren(html);
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
    const src = this.text.slice(this.committed, upTo);
    const base = this.committed;
    this.committed = upTo;
    this.parsedAt = 0;
    if (src.length <= CHUNK_CHARS) {
      this.commitBlock(src);
      return;
    }
    // A long stretch (a replay, a burst, the end of a long answer): render it block by block, so no
    // single render or sanitiser call sees more than a chunk, and off-screen chunks are skipped.
    let from = 0;
    for (const start of blockStarts(src)) {
      if (start - from >= CHUNK_CHARS) {
        this.commitBlock(this.text.slice(base + from, base + start));
        from = start;
      }
    }
    this.commitBlock(this.text.slice(base + from, upTo));
  }

  private commitBlock(src: string): void {
    if (!src.trim()) return;
    const block = document.createElement("div");
    block.className = "md-block";
    const html = renderMarkdown(src, { final: true });
    if (html !== undefined) {
      block.append(html);
      this.decorate(block);
    } else {
      const note = document.createElement("div");
      note.className = "md-note";
      note.textContent = "Formatting was skipped for this block: it is too large or too deeply nested to render quickly. The text is complete.";
      block.append(note);
      appendPlain(block, src);
    }
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
