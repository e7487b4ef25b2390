import * as vscode from "vscode";
import type { Logger } from "../core/types";
import { Disposable } from "./disposable";
import { buildWebviewHtml, webviewOptions, type WebviewPage } from "./webviewHtml";

/** Where a surface's webview lives: an editor panel or a view in a side bar. */
export interface WebviewContainer {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
  readonly onDidChangeVisible: vscode.Event<unknown>;
  readonly onDidDispose: vscode.Event<void>;
}

/** The container of an editor panel or a side-bar view. */
export function containerOf(host: vscode.WebviewPanel | vscode.WebviewView): WebviewContainer {
  return {
    webview: host.webview,
    get visible() {
      return host.visible;
    },
    onDidChangeVisible: "onDidChangeViewState" in host ? host.onDidChangeViewState : host.onDidChangeVisibility,
    onDidDispose: host.onDidDispose,
  };
}

/**
 * The host side of one webview, shared by the result panel, the chat and the usage view. It
 * gives the webview its options and strict-CSP page, validates everything the webview posts
 * before a subclass sees it, and owns the ready handshake: until the webview says it is ready
 * (and again after it was hidden, which drops its document) nothing is posted; the ready
 * message is answered with the subclass's replay, which carries the whole state, so nothing
 * posted meanwhile is lost. Disposal of the webview detaches it.
 */
export abstract class WebviewSurface<In extends { type: string }, Out> extends Disposable {
  private container?: WebviewContainer;
  private subs: vscode.Disposable[] = [];
  private ready = false;
  private readonly meant = this.register(new vscode.EventEmitter<Out>());
  private readonly delivered = this.register(new vscode.EventEmitter<Out>());
  /** Every message meant for the webview, delivered or not (tests assert on it). */
  readonly onDidPost = this.meant.event;
  /** Messages actually posted to the webview. */
  readonly onDidDeliver = this.delivered.event;

  protected constructor(
    protected readonly extensionUri: vscode.Uri,
    protected readonly log: Logger,
    private readonly page: WebviewPage,
    private readonly parse: (raw: unknown) => In | undefined,
    private readonly readyType: In["type"],
  ) {
    super();
  }

  /** The webview has its document and shows it: a post now reaches it. */
  protected get live(): boolean {
    return Boolean(this.container && this.ready && this.container.visible);
  }

  /** Takes a (new or restored) webview: sets its options and page and listens to it. */
  protected attach(container: WebviewContainer): void {
    this.detach();
    this.container = container;
    this.ready = false;
    container.webview.options = webviewOptions(this.extensionUri);
    container.webview.html = buildWebviewHtml(container.webview, this.extensionUri, this.page);
    this.subs = [
      container.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      container.onDidChangeVisible(() => {
        if (!container.visible) this.ready = false; // its document is gone until it says ready again
      }),
      container.onDidDispose(() => {
        if (this.container !== container) return;
        this.detach();
        this.detached();
      }),
    ];
  }

  private detach(): void {
    this.subs.forEach((s) => s.dispose());
    this.subs = [];
    this.container = undefined;
    this.ready = false;
  }

  /** Entry point for everything the webview posts: validated before anything acts on it. */
  receive(raw: unknown): void {
    const msg = this.parse(raw);
    if (!msg) {
      this.log.warn(`ignored a malformed message from the ${this.page.title} webview`);
      return;
    }
    void this.dispatch(msg).catch((e) => this.log.error(`${msg.type} failed: ${String(e)}`));
  }

  private async dispatch(msg: In): Promise<void> {
    if (msg.type !== this.readyType) return this.handle(msg);
    const replay = await this.replay(msg);
    this.ready = true;
    this.post(replay);
    this.afterReady();
  }

  protected post(message: Out): void {
    this.meant.fire(message);
    if (!this.live) return; // the next replay carries it
    this.delivered.fire(message);
    void this.container!.webview.postMessage(message);
  }

  /** The whole state, for a webview that just said it is ready. */
  protected abstract replay(ready: In): Out | Promise<Out>;
  /** Every other message from the webview, already validated. */
  protected abstract handle(msg: In): void | Promise<void>;
  protected afterReady(): void {}
  /** The webview was closed by the user or VS Code. */
  protected detached(): void {}
}
