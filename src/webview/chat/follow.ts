/**
 * Keeps a scrolling list at its bottom while the newest message grows, until the user scrolls up;
 * back at the bottom, it follows again.
 */
export class BottomFollower {
  private pinned = true;
  private frame = 0;
  private lastTop = 0;

  constructor(private readonly list: HTMLElement) {
    list.addEventListener("scroll", () => {
      // Only the user moving up unpins. The distance to the bottom alone is not intent: a chunk of
      // finished blocks takes its real height a frame after the view followed it (content-visibility),
      // which used to unpin a long answer past ~48 KB and leave it streaming off screen.
      const top = list.scrollTop;
      if (list.scrollHeight - top - list.clientHeight < 40) this.pinned = true;
      else if (top < this.lastTop) this.pinned = false;
      this.lastTop = top;
    });
  }

  /**
   * Follows from now on (a new message, a replay), in the next frame, and in the frames after it
   * while the list's height still changes: messages above the end take their real height only once
   * they have been laid out (`content-visibility`), which left a replayed chat 2,000 px above its end.
   */
  pin(): void {
    this.pinned = true;
    let height = -1;
    let frames = 0;
    const settle = () => {
      if (!this.pinned || this.list.scrollHeight === height || ++frames > 20) return;
      height = this.list.scrollHeight;
      this.list.scrollTop = height;
      requestAnimationFrame(settle);
    };
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      settle();
    });
  }

  /** Keeps the newest text in view while the user has not scrolled up; once a frame at most. */
  keep(): void {
    if (!this.pinned || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.list.scrollTop = this.list.scrollHeight;
    });
  }

  /** After a streamed render (in its frame): follow the answer without another frame or layout. */
  readonly afterRender = (): void => {
    if (this.pinned && !this.frame) this.list.scrollTop = this.list.scrollHeight;
  };
}
