/**
 * The chat's message list: articles grouped in pages, the newest built at once, a long replay's
 * older messages built in time slices above them (older.ts) and rendered when they come near the
 * view (deferred.ts). It knows every message in order, built or not.
 */
import type { ChatMessageView } from "../../protocol/chat";
import { DeferredPages, EAGER_MESSAGES } from "./deferred";
import { messageArticle, type Rendered } from "./message";
import { OlderMessages } from "./older";

/**
 * Messages are grouped in pages of this many, each skipped by the browser while off screen
 * (`content-visibility: auto` on `.msg-page`). One per message made 400 elements that the browser
 * checks for visibility on every frame of a 200-turn chat (BENCHMARKS.md).
 */
const PAGE_MESSAGES = 20;

export class MessageList {
  /** The built messages, in order; the ones not built yet all come before them. */
  readonly rendered: Rendered[] = [];
  private readonly deferred: DeferredPages;
  private readonly older: OlderMessages;

  /** `onRender`: called after each streamed render of an answer, in its frame. */
  constructor(private readonly root: HTMLElement, private readonly onRender: () => void) {
    this.deferred = new DeferredPages(root);
    this.older = new OlderMessages((views) => this.prependPage(views), PAGE_MESSAGES);
  }

  /** Every message, built or not. */
  get size(): number {
    return this.older.count + this.rendered.length;
  }

  append(view: ChatMessageView, defer = false): Rendered {
    const r = messageArticle(view, this.onRender, defer);
    this.rendered.push(r);
    let page = this.root.lastElementChild as HTMLElement | null;
    if (!page?.classList.contains("msg-page") || page.childElementCount >= PAGE_MESSAGES) {
      page = this.newPage();
      this.root.append(page);
    }
    this.place(page, r);
    return r;
  }

  /**
   * A replayed list: all but the newest messages wait to be rendered until they are near the view.
   * Into an empty list, only the newest are built now; the older ones are built in time slices.
   */
  appendAll(views: readonly ChatMessageView[]): void {
    const eager = Math.max(0, views.length - EAGER_MESSAGES);
    if (eager > 0 && this.size === 0) {
      this.older.set(views.slice(0, eager));
      for (const v of views.slice(eager)) this.append(v);
    } else views.forEach((v, i) => this.append(v, i < eager));
  }

  /** Keeps the first `count` messages (built or not). */
  truncate(count: number): void {
    this.older.truncate(count);
    for (const r of this.rendered.splice(count - this.older.count)) {
      const page = r.article.parentElement;
      r.article.remove();
      if (page?.classList.contains("msg-page") && page.childElementCount === 0) {
        this.deferred.forget(page);
        page.remove();
      }
    }
  }

  find(id: string): Rendered | undefined {
    for (let i = this.rendered.length - 1; i >= 0; i--) if (this.rendered[i].view.id === id) return this.rendered[i];
    return undefined;
  }

  /** The messages from the first up to the first that is still streaming. */
  finished(): ChatMessageView[] {
    const out = [...this.older.views];
    for (const r of this.rendered) {
      if (r.view.status === "streaming") break;
      out.push(r.view);
    }
    return out;
  }

  /** `views`, older than every built message, as a page above them. */
  private prependPage(views: ChatMessageView[]): void {
    const page = this.newPage();
    const built = views.map((v) => messageArticle(v, this.onRender, true));
    for (const r of built) this.place(page, r);
    this.root.prepend(page);
    this.rendered.unshift(...built);
  }

  /** `r` at the end of `page`; rendered once the page comes near the view when it waits to be. */
  private place(page: HTMLElement, r: Rendered): void {
    page.append(r.article);
    if (r.hydrate) this.deferred.add(page, r);
  }

  private newPage(): HTMLElement {
    const page = document.createElement("div");
    page.className = "msg-page";
    return page;
  }
}
