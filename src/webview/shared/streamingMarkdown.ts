import { blockStarts, renderMarkdown } from "./markdown";

/**
 * Renders a growing markdown text incrementally. Top-level blocks that are followed by another
 * block are finished: they are rendered once (highlighted) and never touched again. Only the open
 * tail is re-rendered, and at most once per animation frame however many deltas arrive.
 */
export class StreamingMarkdown {
  private text = "";
  private committed = 0;
  private readonly tail: HTMLElement;
  private frame = 0;

  constructor(private readonly root: HTMLElement, private readonly decorate: (block: HTMLElement) => void = () => {}) {
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
    for (const el of Array.from(this.root.querySelectorAll(":scope > .md-block"))) el.remove();
    this.tail.replaceChildren();
    this.schedule();
  }

  /** The stream ended: render the tail as a finished block now. */
  finish(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.commit(this.text.length);
    this.tail.replaceChildren();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  private flush(): void {
    const open = this.text.slice(this.committed);
    const starts = blockStarts(open);
    if (starts.length >= 2) this.commit(this.committed + starts[starts.length - 1]);
    this.tail.innerHTML = renderMarkdown(this.text.slice(this.committed), { final: false });
  }

  private commit(upTo: number): void {
    const src = this.text.slice(this.committed, upTo);
    this.committed = upTo;
    if (!src.trim()) return;
    const block = document.createElement("div");
    block.className = "md-block";
    block.innerHTML = renderMarkdown(src, { final: true });
    this.decorate(block);
    this.root.insertBefore(block, this.tail);
  }
}
