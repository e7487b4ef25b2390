/**
 * A long conversation is replayed without rendering all of its markdown: only the newest messages
 * are rendered at once, and older finished answers are shown as plain text until their page comes
 * within a screenful or so of the view. 10,000 turns rendered in full blocked the view for tens of
 * seconds (issue 15); pages that are never scrolled to are never rendered.
 */
import type { Rendered } from "./message";

/** Messages rendered at once at the end of a replay: more than a tall view shows. */
export const EAGER_MESSAGES = 40;

export class DeferredPages {
  private readonly waiting = new WeakMap<Element, Rendered[]>();
  private readonly observer: IntersectionObserver;

  constructor(root: HTMLElement) {
    // Pages are observed, not messages: a page off screen is skipped by the browser
    // (`content-visibility: auto`), and what is inside it has no layout to intersect.
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) this.hydrate(e.target);
    }, { root, rootMargin: "1500px 0px" });
  }

  /** `r`, in `page`, waits to be rendered until the page is near the view. */
  add(page: Element, r: Rendered): void {
    const list = this.waiting.get(page);
    if (list) list.push(r);
    else {
      this.waiting.set(page, [r]);
      this.observer.observe(page);
    }
  }

  /** Renders what waits in `page`: it came near the view. */
  private hydrate(page: Element): void {
    const list = this.waiting.get(page);
    this.forget(page);
    for (const r of list ?? []) r.hydrate?.();
  }

  /** `page` left the list: nothing in it is rendered. */
  forget(page: Element): void {
    this.waiting.delete(page);
    this.observer.unobserve(page);
  }
}
