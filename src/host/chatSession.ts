import { codeContext, usableSelection } from "./actionRunner";
import * as vscode from "vscode";
import { conversationCost, type Conversation } from "../core/conversations";
import { ChatConversation, type AnswerOptions } from "../core/engine/conversation";
import type { RequestEngine } from "../core/engine/pipeline";
import type { Attachment } from "../core/transcript";
import type { RunResult } from "../core/types";
import type { ChatStateView, HostToChat } from "../protocol/chat";
import type { ApiKeyStore } from "./apiKeyStore";
import { attachmentView, ChatFrames, messageView } from "./chatFrames";
import { refusedWarning } from "./requests";
import type { ChatStore } from "./chatStore";
import { Disposable } from "./disposable";
import { reached } from "./milestones";
import { offerSetKeyOnAuthFailure } from "./requests";
import { currentSettings } from "./settings";

const CURRENT_KEY = "falRouter.chat.current";

/**
 * The chat in the window: the core conversation (which holds every rule), wired to the
 * conversation files, the editor (Add Selection), the key and settings for the view's state, and
 * the view's frames. It remembers which conversation was open across reloads.
 */
export class ChatSession extends Disposable {
  private readonly chat: ChatConversation;
  private readonly frames: ChatFrames;
  private hasKey = false;
  private restored?: Promise<void>;
  private readonly posted = this.register(new vscode.EventEmitter<HostToChat>());
  /** Every frame meant for the chat view; the view delivers it when it is ready and visible. */
  readonly onDidPost = this.posted.event;

  constructor(
    private readonly store: ChatStore,
    private readonly keys: ApiKeyStore,
    engine: RequestEngine,
    private readonly memento: vscode.Memento,
    /** Expands `/name` (a prompt file) into the question; undefined when cancelled or unknown. */
    private readonly slash?: (text: string) => Promise<({ readonly text: string } & AnswerOptions) | undefined>,
  ) {
    super();
    this.frames = new ChatFrames((m) => this.posted.fire(m), () => this.viewState(), {
      busy: (busy) => void vscode.commands.executeCommand("setContext", "falRouter.chatBusy", busy),
      noKey: (kept) => void vscode.window.showWarningMessage(kept ? vscode.l10n.t("fal Router: no API key, so nothing was sent. Your message is kept.") : vscode.l10n.t("fal Router: no API key, so nothing was sent.")),
      refused: (message, reason) => void refusedWarning(message, reason),
      imageBytes: (id) => this.chat.imageData(id),
    });
    const conversations = {
      create: () => {
        const conv = store.create();
        void memento.update(CURRENT_KEY, conv.id);
        return conv;
      },
      save: (c: Conversation) => store.save(c),
      saveSoon: (c: Conversation, before: () => void) => store.saveSoon(c, before),
      flush: () => store.flush(),
    };
    this.chat = new ChatConversation(engine, conversations, this.frames);
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("falRouter") && this.frames.stateChanged()));
    this.register(keys.onDidChange(() => void this.refreshKey().then(() => this.frames.stateChanged())));
  }

  get conversation(): Conversation | undefined {
    return this.chat.conversation;
  }

  get attachments(): readonly Attachment[] {
    return this.chat.attachments;
  }

  get busy(): boolean {
    return this.chat.busy;
  }

  /** Opens the conversation used last (after a reload or restart); once, when the chat is first needed. */
  restore(): Promise<void> {
    return (this.restored ??= this.store.ready().then(() => {
      const id = this.memento.get<string>(CURRENT_KEY);
      if (!this.chat.conversation) this.chat.open((id && this.store.get(id)) || undefined);
    }));
  }

  /** Whether a key is stored or in the environment; kept current so state frames are built synchronously, in order. */
  private async refreshKey(): Promise<void> {
    this.hasKey = Boolean((await this.keys.get())?.key);
  }

  viewState(): ChatStateView {
    const s = currentSettings();
    const conv = this.chat.conversation;
    return { conversationId: conv?.id, title: conv?.title ?? vscode.l10n.t("New chat"), totalCost: conv ? conversationCost(conv) : 0, model: s.modelFor.chat, hasKey: this.hasKey || Boolean(s.proxyUrl), busy: this.chat.busy };
  }

  /** The replay for a (re)loaded view that has the first `known` messages of `conversationId` cached. */
  async replay(conversationId: string | undefined, known: number, lastId: string | undefined): Promise<HostToChat> {
    await Promise.all([this.restore().catch(() => undefined), this.refreshKey()]);
    this.frames.discardPending();
    const messages = this.chat.conversation?.messages ?? [];
    const cached = conversationId === this.chat.conversation?.id && known <= messages.length && (known === 0 || messages[known - 1]?.id === lastId);
    const from = cached ? known : 0;
    const live = this.chat.streaming;
    const bytes = (id: string) => this.chat.imageData(id);
    const views = messages.slice(from).map((m) => (m === live?.reply ? { ...messageView(m, bytes), text: live.run.output, reasoning: live.run.reasoning } : messageView(m, bytes)));
    return { type: "chat/replay", state: this.viewState(), from, messages: views, attachments: this.chat.attachments.map((a) => attachmentView(a, bytes)) };
  }

  /** "Add Selection to Chat": the selection becomes a chip under the input. */
  addSelection(editor: vscode.TextEditor): Attachment | undefined {
    if (!usableSelection(editor, () => vscode.l10n.t("fal Router: select the code to add to the chat first."))) return undefined;
    return this.chat.attach(codeContext(editor));
  }

  /** An image the user chose or pasted, as a thumbnail chip; sent with the next question. */
  addImage(image: { name: string; mimeType: string; data: Uint8Array }): Attachment {
    return this.chat.attachImage(image);
  }

  removeAttachment(id: string): void {
    this.chat.detach(id);
  }

  findAttachment(id: string): Attachment | undefined {
    return this.chat.findAttachment(id);
  }

  /**
   * Sends a question with the pending attachments. Resolves when the answer has finished.
   * `/name …` runs the prompt file of that name: its text (variables filled) is the question.
   */
  async send(text: string): Promise<RunResult | undefined> {
    await this.restore();
    const question = this.slash ? await this.slash(text) : { text };
    if (!question) {
      this.frames.compose(text); // cancelled, or no such prompt: the text goes back into the box
      return undefined;
    }
    return this.afterRun(await this.chat.send(question.text, question));
  }

  async regenerate(): Promise<RunResult | undefined> {
    return this.afterRun(await this.chat.regenerate());
  }

  private afterRun(result: RunResult | undefined): RunResult | undefined {
    if (result) offerSetKeyOnAuthFailure(result);
    if (result?.outcome === "done") reached("chatted");
    return result;
  }

  editLast(): void {
    this.chat.editLast();
  }

  stop(): void {
    this.chat.stop();
  }

  /** Switches to a saved conversation (or a fresh one when `id` is undefined). */
  async open(id: string | undefined): Promise<void> {
    await this.restore();
    this.chat.open(id ? this.store.get(id) : undefined);
    await this.memento.update(CURRENT_KEY, this.chat.conversation?.id);
    this.posted.fire(await this.replay(undefined, 0, undefined));
  }

  async rename(id: string, title: string): Promise<void> {
    const conv = this.store.get(id);
    if (!conv || !title.trim()) return;
    conv.title = title.trim().slice(0, 200);
    conv.titleFixed = true;
    await this.store.save(conv);
    if (this.chat.conversation?.id === id) this.frames.stateChanged();
  }

  async delete(id: string): Promise<void> {
    if (this.chat.conversation?.id === id) await this.open(undefined);
    await this.store.delete(id);
  }

  /** The window is closing or reloading: a streaming answer is saved as interrupted. */
  shutdown(): Promise<void> {
    return this.chat.shutdown();
  }

  override dispose(): void {
    void this.shutdown();
    super.dispose();
  }
}
