import * as vscode from "vscode";
import { conversationCost, type ChatMessage, type Conversation } from "../core/conversations";
import type { RequestEngine } from "../core/engine/pipeline";
import type { RunState } from "../core/engine/runState";
import type { RouterSettings } from "../core/settings";
import { attachmentLabel, foldTranscript, titleFrom, type Attachment, type Turn } from "../core/transcript";
import type { Logger, RunResult } from "../core/types";
import type { AttachmentView, ChatMessageView, ChatStateView, HostMessage } from "../protocol/messages";
import type { ApiKeyStore } from "./apiKeyStore";
import type { CatalogStore } from "./catalogStore";
import type { ChatStore } from "./chatStore";
import { Disposable } from "./disposable";
import { offerSetKeyOnAuthFailure } from "./requests";
import { RunForwarder } from "./runForwarder";
import { currentSettings } from "./settings";

const CURRENT_KEY = "falRouter.chat.current";

export function attachmentView(a: Attachment): AttachmentView {
  return { id: a.id, label: attachmentLabel(a), languageId: a.languageId, lines: a.endLine - a.startLine + 1 };
}

/** A message takes its run's text only when saved or finished: the run state owns it meanwhile. */
function copyText(reply: ChatMessage, run: RunState): void {
  reply.text = run.output;
  reply.reasoning = run.reasoning || undefined;
}

export function messageView(m: ChatMessage): ChatMessageView {
  return { ...m, attachments: m.attachments?.map(attachmentView), usage: m.usage && { ...m.usage } };
}

/**
 * The chat's state and its requests: the current conversation, the attachments waiting to be
 * sent, and at most one streaming answer. It posts protocol frames to whatever view is attached
 * (deltas only while streaming) and saves the conversation as the answer grows.
 */
export class ChatSession extends Disposable {
  private conv?: Conversation;
  private pending: Attachment[] = [];
  private active?: { messageId: string; controller: AbortController; forwarder: RunForwarder; run: RunState; reply: ChatMessage };
  private seq = 0;
  private closing = false;
  private starting = false;
  private hasKey = false;
  private restored?: Promise<void>;
  private readonly posted = this.register(new vscode.EventEmitter<HostMessage>());
  /** Every frame meant for the chat view; the view forwards it when it is ready and visible. */
  readonly onDidPost = this.posted.event;

  constructor(
    private readonly store: ChatStore,
    private readonly keys: ApiKeyStore,
    private readonly engine: RequestEngine,
    private readonly catalog: CatalogStore,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    super();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("falRouter") && this.postState()));
    this.register(keys.onDidChange(() => void this.refreshKey().then(() => this.postState())));
  }

  get conversation(): Conversation | undefined {
    return this.conv;
  }

  get attachments(): readonly Attachment[] {
    return this.pending;
  }

  /** Streaming, or between a click on Send and the request (confirmations, key prompt): one answer at a time. */
  get busy(): boolean {
    return this.active !== undefined || this.starting;
  }

  /** Opens the conversation used last (after a reload or restart); once, when the chat is first needed. */
  restore(): Promise<void> {
    return (this.restored ??= this.store.ready().then(() => {
      const id = this.state.get<string>(CURRENT_KEY);
      this.conv = (id && this.store.get(id)) || undefined;
    }));
  }

  private post(m: HostMessage): void {
    this.posted.fire(m);
  }

  /** Whether a key is stored or in the environment; kept current so state frames are built synchronously, in order. */
  private async refreshKey(): Promise<void> {
    this.hasKey = Boolean((await this.keys.get())?.key);
  }

  viewState(): ChatStateView {
    const s = currentSettings();
    return {
      conversationId: this.conv?.id,
      title: this.conv?.title ?? "New chat",
      totalCost: this.conv ? conversationCost(this.conv) : 0,
      model: s.modelFor.chat,
      hasKey: this.hasKey || Boolean(s.proxyUrl),
      busy: this.busy,
    };
  }

  postState(): void {
    this.post({ type: "chat/state", state: this.viewState() });
  }

  /** The replay for a (re)loaded view that has the first `known` messages of `conversationId` cached. */
  async replay(conversationId: string | undefined, known: number, lastId: string | undefined): Promise<HostMessage> {
    await Promise.all([this.restore().catch(() => undefined), this.refreshKey()]);
    this.active?.forwarder.discardPending();
    const messages = this.conv?.messages ?? [];
    const cached = conversationId === this.conv?.id && known <= messages.length && (known === 0 || messages[known - 1]?.id === lastId);
    const from = cached ? known : 0;
    const live = messages.slice(from).map((m) => (m.id === this.active?.messageId ? { ...messageView(m), text: this.active.run.output, reasoning: this.active.run.reasoning } : messageView(m)));
    return { type: "chat/replay", state: this.viewState(), from, messages: live, attachments: this.pending.map(attachmentView) };
  }

  /** "Add Selection to Chat": the selection becomes a chip under the input. */
  addSelection(editor: vscode.TextEditor): Attachment | undefined {
    const { document, selection } = editor;
    if (selection.isEmpty || !document.getText(selection).trim()) {
      void vscode.window.showWarningMessage("fal Router: select the code to add to the chat first.");
      return undefined;
    }
    const a: Attachment = {
      id: `a-${Date.now().toString(36)}-${++this.seq}`,
      file: vscode.workspace.asRelativePath(document.uri, false),
      languageId: document.languageId,
      startLine: selection.start.line + 1,
      endLine: selection.end.line + (selection.end.character === 0 && selection.end.line > selection.start.line ? 0 : 1),
      code: document.getText(selection),
    };
    this.pending.push(a);
    this.post({ type: "chat/attachments", attachments: this.pending.map(attachmentView) });
    return a;
  }

  removeAttachment(id: string): void {
    this.pending = this.pending.filter((a) => a.id !== id);
    this.post({ type: "chat/attachments", attachments: this.pending.map(attachmentView) });
  }

  findAttachment(id: string): Attachment | undefined {
    return this.pending.find((a) => a.id === id) ?? this.conv?.messages.flatMap((m) => m.attachments ?? []).find((a) => a.id === id);
  }

  private newId(prefix: string): string {
    return `${prefix}-${Date.now().toString(36)}-${++this.seq}`;
  }

  /** Sends a question with the pending attachments. Resolves when the answer has finished. */
  async send(text: string): Promise<RunResult | undefined> {
    if (this.busy || (!text.trim() && this.pending.length === 0)) return undefined;
    return this.exclusively(() => this.sendNow(text));
  }

  private async exclusively<T>(work: () => Promise<T>): Promise<T> {
    this.starting = true;
    try {
      return await work();
    } finally {
      this.starting = false;
      this.postState();
    }
  }

  private async sendNow(text: string): Promise<RunResult | undefined> {
    await this.restore();
    if (!this.conv) {
      this.conv = this.store.create();
      await this.state.update(CURRENT_KEY, this.conv.id);
    }
    const conv = this.conv;
    const user: ChatMessage = { id: this.newId("m"), role: "user", text: text.trim() || "Look at this code.", attachments: this.pending.length ? this.pending : undefined, time: new Date().toISOString() };
    const turns = [...this.turns(conv.messages), { role: "user" as const, text: user.text, attachments: user.attachments }];
    const accept = () => {
      this.pending = [];
      conv.messages.push(user);
      if (!conv.titleFixed && conv.messages.filter((m) => m.role === "user").length === 1) conv.title = titleFrom(user.text);
      this.post({ type: "chat/append", message: messageView(user) });
      this.post({ type: "chat/attachments", attachments: [] });
    };
    return this.answer(conv, turns, accept, () => {
      accept(); // no key: the question is kept in the conversation, unsent
      void vscode.window.showWarningMessage("fal Router: no API key, so nothing was sent. Your message is kept.");
      void this.store.save(conv);
    });
  }

  /** Regenerates the last answer. */
  async regenerate(): Promise<RunResult | undefined> {
    const conv = this.conv;
    if (this.busy || !conv || conv.messages.at(-1)?.role !== "assistant") return undefined;
    return this.exclusively(() =>
      this.answer(
        conv,
        this.turns(conv.messages.slice(0, -1)),
        () => {
          conv.messages.pop();
          this.post({ type: "chat/truncate", count: conv.messages.length });
        },
        () => void vscode.window.showWarningMessage("fal Router: no API key, so nothing was sent."),
      ),
    );
  }

  /** Takes the last question (and its answer) back into the input box, attachments included. */
  editLast(): void {
    const conv = this.conv;
    if (this.busy || !conv) return;
    const i = conv.messages.map((m) => m.role).lastIndexOf("user");
    if (i < 0) return;
    const question = conv.messages[i];
    conv.messages.splice(i);
    this.pending = [...(question.attachments ?? []), ...this.pending];
    this.post({ type: "chat/truncate", count: conv.messages.length });
    this.post({ type: "chat/attachments", attachments: this.pending.map(attachmentView) });
    this.post({ type: "chat/compose", text: question.text });
    void this.store.save(conv);
    this.postState();
  }

  stop(): void {
    this.active?.controller.abort();
  }

  /** The conversation as turns for the transcript; failed answers without text are left out. */
  private turns(messages: readonly ChatMessage[]): Turn[] {
    return messages.filter((m) => m.role === "user" || m.text.trim()).map((m) => ({ role: m.role, text: m.text, attachments: m.attachments }));
  }

  /** The request for `turns`: folded once within the context budget, with the settings the engine resolved. */
  private build(turns: Turn[], s: RouterSettings, notes: string[]) {
    const contextLength = this.catalog.info(s.modelFor.chat)?.contextLength;
    const budget = Math.min(s.chatContextTokens, contextLength ? Math.floor(contextLength * 0.8) : Infinity);
    const folded = foldTranscript(turns, s.prompts.chat, budget);
    if (folded.dropped) notes.push(`${folded.dropped} earlier message(s) were left out`);
    if (folded.condensed) notes.push(`code attached to ${folded.condensed} earlier message(s) was condensed`);
    this.log.info(`chat request: ${turns.length} turn(s), ~${folded.estimatedTokens} tokens${folded.dropped || folded.condensed ? ` (${folded.dropped} dropped, ${folded.condensed} condensed)` : ""}`);
    const big = turns.at(-1)?.attachments?.filter((a) => a.code.length > s.maxSelectionChars) ?? [];
    const extraWarnings = big.map((a) => `${attachmentLabel(a)} has ${a.code.length.toLocaleString("en-US")} characters, more than falRouter.maxSelectionChars.`);
    return { prompt: folded.prompt, systemPrompt: folded.systemPrompt, extraWarnings };
  }

  /**
   * Asks the engine for an answer to `turns`. `accept` runs once the request passed every check
   * (the question joins the conversation then); `noKey` when the user gave no key.
   */
  private async answer(conv: Conversation, turns: Turn[], accept: () => void, noKey: () => void): Promise<RunResult | undefined> {
    const notes: string[] = [];
    const controller = new AbortController();
    let reply: ChatMessage | undefined;
    const sync = () => {
      if (reply && this.active?.reply === reply) copyText(reply, this.active.run);
    };
    const outcome = await this.engine.run(
      { target: "chat", keyPurpose: "send the message", build: (s) => this.build(turns, s, notes) },
      {
        signal: controller.signal,
        onStart: (run) => {
          accept();
          reply = { id: this.newId("m"), role: "assistant", text: "", model: run.model, status: "streaming", time: new Date().toISOString(), contextNote: notes.length ? `${notes.join("; ")} to fit the context budget.` : undefined };
          conv.messages.push(reply);
          const forwarder = new RunForwarder(reply.id, (m) => this.post(m));
          this.active = { messageId: reply.id, controller, forwarder, run, reply };
          void vscode.commands.executeCommand("setContext", "falRouter.chatBusy", true);
          this.post({ type: "chat/append", message: messageView(reply) });
          this.postState();
          void this.store.save(conv);
        },
        onEvent: (_run, e) => {
          this.active?.forwarder.event(e);
          if (e.type === "output" || e.type === "reasoning" || e.type === "reset") this.store.saveSoon(conv, sync);
        },
        onEnd: (run) => {
          if (this.closing || !reply || !this.active) return; // saved as interrupted by shutdown()
          const error = this.active.forwarder.end(run);
          copyText(reply, run);
          reply.usage = run.usage && { ...run.usage };
          reply.requestId = run.requestId;
          reply.status = run.endStatus;
          reply.error = error?.message;
          this.active = undefined;
          void vscode.commands.executeCommand("setContext", "falRouter.chatBusy", false);
        },
      },
    );
    if (outcome.status === "noKey") {
      noKey();
      this.postState();
      return undefined;
    }
    if (outcome.status === "declined") return undefined;
    if (this.closing) return outcome.result;
    await this.store.save(conv);
    this.postState();
    offerSetKeyOnAuthFailure(outcome.result);
    return outcome.result;
  }

  /** Switches to a saved conversation (or a fresh one when `id` is undefined). */
  async open(id: string | undefined): Promise<void> {
    if (this.busy) this.stop();
    await this.restore();
    this.conv = id ? this.store.get(id) : undefined;
    await this.state.update(CURRENT_KEY, this.conv?.id);
    this.post(await this.replay(undefined, 0, undefined));
  }

  async rename(id: string, title: string): Promise<void> {
    const conv = this.store.get(id);
    if (!conv || !title.trim()) return;
    conv.title = title.trim().slice(0, 200);
    conv.titleFixed = true;
    await this.store.save(conv);
    if (this.conv?.id === id) this.postState();
  }

  async delete(id: string): Promise<void> {
    if (this.conv?.id === id) await this.open(undefined);
    await this.store.delete(id);
  }

  /** The window is closing or reloading: a streaming answer is saved as interrupted, with its text so far. */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const reply = this.active && this.conv?.messages.find((m) => m.id === this.active!.messageId);
    if (reply && this.conv) {
      copyText(reply, this.active!.run);
      reply.status = "interrupted";
      void this.store.save(this.conv);
    }
    this.stop();
    await this.store.flush();
  }

  override dispose(): void {
    void this.shutdown();
    super.dispose();
  }
}
