import { CHAT_VIEW_ID } from "./viewIds";
import * as vscode from "vscode";
import { imageProblem } from "../core/images";
import type { Logger } from "../core/types";
import { parseChatMessage, type ChatToHost, type HostToChat } from "../protocol/chat";
import type { ChatSession } from "./chatSession";
import type { CodeActions } from "./codeActions";
import { openLink } from "./links";
import { containerOf, WebviewSurface } from "./webviewSurface";

const COMMANDS = { new: "falRouter.newChat", history: "falRouter.chatHistory", export: "falRouter.exportChat", pickModel: "falRouter.chooseActionModel", setKey: "falRouter.setApiKey" } as const;

/**
 * The chat webview view (its own activity-bar container; movable to the secondary side bar).
 * A hidden view loses its document and, once shown again, says `chat/ready` with what it has
 * cached; it is replayed from there.
 */
export class ChatView extends WebviewSurface<ChatToHost, HostToChat> implements vscode.WebviewViewProvider {
  static readonly viewType = CHAT_VIEW_ID;
  /** The user asked for the chat: the input gets focus as soon as the view is ready. */
  private focusWanted = false;

  constructor(
    extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly code: CodeActions,
    log: Logger,
  ) {
    super(extensionUri, log, { script: "chat.js", styles: ["chat.css"], title: vscode.l10n.t("fal Router Chat") }, parseChatMessage, "chat/ready");
    this.register(session.onDidPost((m) => this.post(m)));
  }

  get isVisible(): boolean {
    return this.live;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.attach(containerOf(view));
  }

  /** Shows the chat wherever the user moved it and puts the caret in its input (the user asked for it). */
  async reveal(): Promise<void> {
    this.focusWanted = true;
    await vscode.commands.executeCommand(`${ChatView.viewType}.focus`);
    this.afterReady();
  }

  protected override afterReady(): void {
    if (!this.focusWanted || !this.live) return;
    this.focusWanted = false;
    this.post({ type: "chat/focus" });
  }

  protected replay(m: Extract<ChatToHost, { type: "chat/ready" }>): Promise<HostToChat> {
    return this.session.replay(m.conversationId, m.known, m.lastId);
  }

  protected async handle(msg: ChatToHost): Promise<void> {
    switch (msg.type) {
      case "chat/ready":
        return; // answered by the surface with replay()
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
      case "chat/command":
        await vscode.commands.executeCommand(COMMANDS[msg.command], ...(msg.command === "pickModel" ? ["chat"] : []));
        return;
      case "attachment/remove":
        return this.session.removeAttachment(msg.id);
      case "attachment/open":
        return this.openAttachment(msg.id);
      case "image/add":
        return this.addPastedImage(msg.name, msg.mimeType, msg.data);
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
        await openLink(msg.href, msg.text, this.log);
        return;
    }
  }

  /** An image pasted or dropped into the chat: checked like a chosen file, then a chip. */
  private addPastedImage(name: string, mimeType: string, base64: string): void {
    const data = Buffer.from(base64, "base64");
    const problem = imageProblem(name, mimeType, data.byteLength);
    if (problem) {
      void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: {0}", problem));
      return;
    }
    this.session.addImage({ name, mimeType, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  }

  private async openAttachment(id: string): Promise<void> {
    const a = this.session.findAttachment(id);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!a) return;
    if (a.image) {
      // A workspace image opens in VS Code's image preview; a pasted one has no file.
      const uri = folder ? vscode.Uri.joinPath(folder.uri, a.file) : undefined;
      if (uri && (await vscode.workspace.fs.stat(uri).then(() => true, () => false))) await vscode.commands.executeCommand("vscode.open", uri, { preview: true });
      return;
    }
    const absolute = a.file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(a.file);
    if (!absolute && !folder) return;
    const uri = absolute ? vscode.Uri.file(a.file) : vscode.Uri.joinPath(folder!.uri, a.file);
    // An untitled document, a notebook cell or the Output panel has no file to open.
    if (!(await vscode.workspace.fs.stat(uri).then(() => true, () => false))) {
      void vscode.window.showInformationMessage(vscode.l10n.t("fal Router: {0} is not a file in this workspace, so it cannot be opened from the chat.", a.file));
      return;
    }
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(a.startLine - 1, 0, a.endLine - 1, 0), preview: true });
  }
}
