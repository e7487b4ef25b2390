import * as vscode from "vscode";
import type { Logger } from "../core/types";
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from "../protocol/messages";
import type { ChatSession } from "./chatSession";
import type { CodeActions } from "./codeActions";
import { Disposable } from "./disposable";
import { openLink } from "./resultPanel";
import { prepareWebview } from "./webviewHtml";

/**
 * The chat webview view (its own activity-bar container; movable to the secondary side bar).
 * Frames reach the webview only while it is ready and visible; a hidden view loses its document
 * and, once shown again, says `chat/ready` with what it has cached and is replayed from there.
 */
export class ChatView extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = "falRouter.chat";
  private view?: vscode.WebviewView;
  private ready = false;
  /** The user asked for the chat; the input gets focus as soon as the view is ready. */
  private focusWanted = false;
  private readonly delivered = this.register(new vscode.EventEmitter<HostMessage>());
  /** Frames actually posted to the webview (tests assert on them). */
  readonly onDidDeliver = this.delivered.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly code: CodeActions,
    private readonly log: Logger,
  ) {
    super();
    this.register(vscode.window.registerWebviewViewProvider(ChatView.viewType, this));
    this.register(session.onDidPost((m) => this.deliver(m)));
  }

  get isVisible(): boolean {
    return Boolean(this.view?.visible && this.ready);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    prepareWebview(view.webview, this.extensionUri, { script: "chat.js", styles: ["chat.css"], title: "fal Router Chat" });
    const subs = [
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.view === view) this.view = undefined;
      this.ready = false;
    });
  }

  /** Shows the chat wherever the user moved it and puts the caret in its input (the user asked for it). */
  async reveal(): Promise<void> {
    this.focusWanted = true;
    await vscode.commands.executeCommand(`${ChatView.viewType}.focus`);
    this.flushFocus();
  }

  private flushFocus(): void {
    if (!this.focusWanted || !this.view || !this.ready || !this.view.visible) return;
    this.focusWanted = false;
    this.deliver({ type: "chat/focus" });
  }

  private deliver(m: HostMessage): void {
    if (!this.view || !this.ready || !this.view.visible) return; // replayed on the next chat/ready
    this.delivered.fire(m);
    void this.view.webview.postMessage(m);
  }

  /** Entry point for everything the webview posts: validated here before anything acts on it. */
  receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn("ignored a malformed message from the chat view");
      return;
    }
    void this.handle(msg).catch((e) => this.log.error(`chat: ${msg.type} failed: ${String(e)}`));
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case "chat/ready": {
        const replay = await this.session.replay(msg.conversationId, msg.known, msg.lastId);
        this.ready = true;
        this.deliver(replay);
        this.flushFocus();
        return;
      }
      case "chat/send":
        await this.session.send(msg.text);
        return;
      case "chat/stop":
        return this.session.stop();
      case "chat/regenerate":
        await this.session.regenerate();
        return;
      case "chat/editLast":
        return this.session.editLast();
      case "chat/command": {
        const commands = { new: "falRouter.newChat", history: "falRouter.chatHistory", export: "falRouter.exportChat", pickModel: "falRouter.chooseActionModel", setKey: "falRouter.setApiKey" } as const;
        await vscode.commands.executeCommand(commands[msg.command], ...(msg.command === "pickModel" ? ["chat"] : []));
        return;
      }
      case "attachment/remove":
        return this.session.removeAttachment(msg.id);
      case "attachment/open": {
        const a = this.session.findAttachment(msg.id);
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (!a) return;
        const absolute = a.file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(a.file);
        if (!absolute && !folder) return;
        const uri = absolute ? vscode.Uri.file(a.file) : vscode.Uri.joinPath(folder!.uri, a.file);
        const range = new vscode.Range(a.startLine - 1, 0, a.endLine - 1, 0);
        await vscode.window.showTextDocument(uri, { selection: range, preview: true });
        return;
      }
      case "code/copy":
        return vscode.env.clipboard.writeText(msg.code);
      case "code/insert":
        await this.code.insert(msg.code);
        return;
      case "code/apply":
        await this.code.apply(msg.code);
        return;
      case "code/newFile":
        await this.code.newFile(msg.code, msg.language);
        return;
      case "link/open":
        await openLink(msg.href, this.log);
        return;
      default:
        this.log.debug(`ignored ${msg.type}: not a chat message`);
    }
  }
}
