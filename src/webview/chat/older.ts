/**
 * The older messages of a long replay are built in time slices, newest page first, so no task of
 * the view's thread is long: building the 20,000 articles of a 10,000-turn conversation in one task
 * froze the view for 1.0–1.6 s (issue 15). Until its page is built, a message is only its view here: it
 * still counts for the list's order, its cache and its truncation.
 */
import type { ChatMessageView } from "../../protocol/chat";

/** Script time a slice may take before it yields to the view (input, frames, host messages). */
const SLICE_MS = 8;

export class OlderMessages {
  /** Messages not built yet, oldest first: always the start of the conversation. */
  private pending: ChatMessageView[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `buildPage`: puts `views` (consecutive, older than everything built) above the built ones.
   * `pageSize`: messages built at a time, one page.
   */
  constructor(private readonly buildPage: (views: ChatMessageView[]) => void, private readonly pageSize: number) {}

  /** How many of the oldest messages are not built yet. */
  get count(): number {
    return this.pending.length;
  }

  /** The messages not built yet, oldest first. */
  get views(): readonly ChatMessageView[] {
    return this.pending;
  }

  /** `views` come before everything built: build them from the newest, a slice at a time. */
  set(views: ChatMessageView[]): void {
    this.pending = views;
    this.schedule();
  }

  /** The list keeps only its first `count` messages: of those not built, at most `count` stay. */
  truncate(count: number): void {
    if (count < this.pending.length) this.pending = this.pending.slice(0, count);
    if (this.pending.length === 0) this.cancel();
  }

  private schedule(): void {
    if (this.timer === undefined && this.pending.length) this.timer = setTimeout(this.slice, 0);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly slice = (): void => {
    this.timer = undefined;
    const start = performance.now();
    while (this.pending.length && performance.now() - start < SLICE_MS) {
      const from = Math.max(0, this.pending.length - this.pageSize);
      this.buildPage(this.pending.splice(from));
    }
    this.schedule();
  };
}
