/**
 * The conversation's rules, whatever shows it: the turns sent (failed answers without text are
 * left out), one answer at a time, a question joins the conversation only once its request passed
 * every check (or is kept unsent when there is no key), the title from the first question, the
 * note about what the context budget left out, the answer's status from its run, regenerate,
 * edit-last, and saving an answer cut off by shutdown as interrupted. The request itself goes
 * through the one engine. Storage and the view are ports; no vscode.
 */
import type { ChatMessage, Conversation } from "../conversations";
import { titleFrom, type Attachment, type Turn } from "../transcript";
import type { RouterEvent, RunResult } from "../types";
import type { DeclineReason, RequestEngine, RequestTuning } from "./pipeline";
import type { Clock } from "./ports";
import { systemClock } from "./ports";
import type { RunState } from "./runState";
import * as l10n from "@vscode/l10n";

export interface ConversationStore {
  create(): Conversation;
  save(conv: Conversation): Promise<void>;
  /** Saves a little later, batching; `beforeSave` runs first (copies the streaming text in). */
  saveSoon(conv: Conversation, beforeSave: () => void): void;
  flush(): Promise<void>;
}

/** What the chat's view is told; the host turns it into protocol frames. */
export interface ChatOutput {
  appended(message: ChatMessage): void;
  truncated(count: number): void;
  attachmentsChanged(attachments: readonly Attachment[]): void;
  /** Put `text` back into the input box (edit the last question). */
  compose(text: string): void;
  /** The small state changed (busy, title, cost). */
  stateChanged(): void;
  answerStarted(reply: ChatMessage, run: RunState): void;
  answerEvent(reply: ChatMessage, event: RouterEvent): void;
  answerEnded(reply: ChatMessage, run: RunState): void;
  /** Nothing was sent: there is no key. `kept` when the question stays in the conversation. */
  noKey(kept: boolean): void;
  /** Nothing was sent, for this reason (the model does not accept images); the question is back in the input. */
  refused(message: string, reason?: DeclineReason): void;
}

export type AttachmentInput = Omit<Attachment, "id">;

/** An image to attach: its name (a workspace path, or "Pasted image.png"), type and bytes. */
export interface ImageInputFile {
  readonly name: string;
  readonly mimeType: string;
  readonly data: Uint8Array;
}

/** One answer's own model and tuning, over the chat's settings. */
export interface AnswerOptions {
  readonly model?: string;
  readonly tuning?: RequestTuning;
}

/** A message takes its run's text only when saved or finished: the run state owns it meanwhile. */
function copyText(reply: ChatMessage, run: RunState): void {
  reply.text = run.output;
  reply.reasoning = run.reasoning || undefined;
}

/** The conversation as turns for the transcript; failed answers without text are left out. */
export function turnsOf(messages: readonly ChatMessage[]): Turn[] {
  return messages.filter((m) => m.role === "user" || m.text.trim()).map((m) => ({ role: m.role, text: m.text, attachments: m.attachments }));
}

/** Gives the newest turn the bytes of its images, where the session still has them. */
function withImages(turns: Turn[], bytes: ReadonlyMap<string, { mimeType: string; data: Uint8Array }>): Turn[] {
  const last = turns.at(-1);
  const images = (last?.attachments ?? []).flatMap((a) => {
    const b = a.image && bytes.get(a.id);
    return b ? [{ kind: "bytes" as const, mimeType: b.mimeType, data: b.data, name: a.file }] : [];
  });
  return images.length ? [...turns.slice(0, -1), { ...last!, images }] : turns;
}

export class ChatConversation {
  private conv?: Conversation;
  private pending: Attachment[] = [];
  /** Images' bytes by attachment id, for this session only (a saved conversation names them). */
  private readonly imageBytes = new Map<string, { mimeType: string; data: Uint8Array }>();
  private active?: { reply: ChatMessage; run: RunState; controller: AbortController };
  private starting = false;
  private closing = false;
  private seq = 0;

  constructor(
    private readonly engine: RequestEngine,
    private readonly store: ConversationStore,
    private readonly out: ChatOutput,
    private readonly clock: Clock = systemClock,
  ) {}

  get conversation(): Conversation | undefined {
    return this.conv;
  }

  get attachments(): readonly Attachment[] {
    return this.pending;
  }

  /** Streaming, or between Send and the request (confirmations, key prompt): one answer at a time. */
  get busy(): boolean {
    return this.active !== undefined || this.starting;
  }

  /** The streaming answer and its run, if any (a reloaded view is replayed with its text so far). */
  get streaming(): { readonly reply: ChatMessage; readonly run: RunState } | undefined {
    return this.active;
  }

  /** Shows `conv` (or a fresh chat when undefined); a streaming answer is stopped. */
  open(conv: Conversation | undefined): void {
    this.stop();
    this.conv = conv;
  }

  attach(input: AttachmentInput): Attachment {
    const a = { ...input, id: this.newId("a") };
    this.pending.push(a);
    this.out.attachmentsChanged(this.pending);
    return a;
  }

  attachImage(file: ImageInputFile): Attachment {
    const a: Attachment = { file: file.name, languageId: "image", code: "", startLine: 1, endLine: 1, image: { mimeType: file.mimeType, bytes: file.data.byteLength }, id: this.newId("a") };
    // The bytes first: the view is told at once, and shows the thumbnail from them.
    this.imageBytes.set(a.id, { mimeType: file.mimeType, data: file.data });
    this.pending.push(a);
    this.out.attachmentsChanged(this.pending);
    return a;
  }

  /** The bytes of an attached image, while the session has them. */
  imageData(id: string): { mimeType: string; data: Uint8Array } | undefined {
    return this.imageBytes.get(id);
  }

  detach(id: string): void {
    this.imageBytes.delete(id);
    this.pending = this.pending.filter((a) => a.id !== id);
    this.out.attachmentsChanged(this.pending);
  }

  findAttachment(id: string): Attachment | undefined {
    return this.pending.find((a) => a.id === id) ?? this.conv?.messages.flatMap((m) => m.attachments ?? []).find((a) => a.id === id);
  }

  /**
   * Sends a question with the pending attachments. Resolves when the answer has finished.
   * `options` are one answer's own model and tuning (a prompt file run as `/name`).
   */
  async send(text: string, options: AnswerOptions = {}): Promise<RunResult | undefined> {
    if (this.busy || (!text.trim() && this.pending.length === 0)) return undefined;
    return this.exclusively(() => {
      const conv = (this.conv ??= this.store.create());
      const onlyImages = this.pending.length > 0 && this.pending.every((a) => a.image);
      const user: ChatMessage = { id: this.newId("m"), role: "user", text: text.trim() || (onlyImages ? "Look at this image." : "Look at this code."), attachments: this.pending.length ? this.pending : undefined, time: this.time() };
      const accept = () => {
        this.pending = [];
        conv.messages.push(user);
        if (!conv.titleFixed && conv.messages.filter((m) => m.role === "user").length === 1) conv.title = titleFrom(user.text);
        this.out.appended(user);
        this.out.attachmentsChanged([]);
      };
      const turns = withImages([...turnsOf(conv.messages), { role: "user" as const, text: user.text, attachments: user.attachments }], this.imageBytes);
      const noKey = () => {
        accept(); // no key: the question is kept in the conversation, unsent
        void this.store.save(conv);
        this.out.noKey(true);
      };
      // Declined (the budget question, a model without image input): the question goes back into the input box.
      return this.answer(conv, turns, accept, noKey, options, () => this.out.compose(user.text === text.trim() ? text : ""));
    });
  }

  /** Asks again for the last answer. */
  async regenerate(): Promise<RunResult | undefined> {
    const conv = this.conv;
    if (this.busy || !conv || conv.messages.at(-1)?.role !== "assistant") return undefined;
    const drop = () => {
      conv.messages.pop();
      this.out.truncated(conv.messages.length);
    };
    return this.exclusively(() => this.answer(conv, withImages(turnsOf(conv.messages.slice(0, -1)), this.imageBytes), drop, () => this.out.noKey(false)));
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
    this.out.truncated(conv.messages.length);
    this.out.attachmentsChanged(this.pending);
    this.out.compose(question.text);
    void this.store.save(conv);
    this.out.stateChanged();
  }

  stop(): void {
    this.active?.controller.abort();
  }

  /** The window is going away: a streaming answer is saved as interrupted, with its text so far. */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.active && this.conv) {
      copyText(this.active.reply, this.active.run);
      this.active.reply.status = "interrupted";
      void this.store.save(this.conv);
    }
    this.stop();
    await this.store.flush();
  }

  private async exclusively<T>(work: () => Promise<T>): Promise<T> {
    this.starting = true;
    try {
      return await work();
    } finally {
      this.starting = false;
      this.out.stateChanged();
    }
  }

  /**
   * Asks the engine for an answer to `turns`. `accept` runs once the request passed every check
   * (the question joins the conversation then); `noKey` when the user gave no key.
   */
  private async answer(conv: Conversation, turns: Turn[], accept: () => void, noKey: () => void, options: AnswerOptions = {}, declined?: () => void): Promise<RunResult | undefined> {
    const controller = new AbortController();
    let reply: ChatMessage | undefined;
    const outcome = await this.engine.run(
      { target: "chat", keyPurpose: "send the message", spec: { kind: "chat", turns }, model: options.model, tuning: options.tuning },
      {
        signal: controller.signal,
        onStart: (run, _settings, built) => {
          accept();
          const note = built.contextNotes.length ? l10n.t("{0} to fit the context budget.", built.contextNotes.join("; ")) : undefined;
          reply = { id: this.newId("m"), role: "assistant", text: "", model: run.model, status: "streaming", time: this.time(), contextNote: note };
          conv.messages.push(reply);
          this.active = { reply, run, controller };
          this.out.answerStarted(reply, run);
          void this.store.save(conv);
        },
        onEvent: (run, e) => {
          if (!reply) return;
          this.out.answerEvent(reply, e);
          const r = reply;
          if (e.type === "output" || e.type === "reasoning" || e.type === "reset") this.store.saveSoon(conv, () => this.active?.reply === r && copyText(r, run));
        },
        onEnd: (run) => {
          if (this.closing || !reply) return; // saved as interrupted by shutdown()
          copyText(reply, run);
          reply.usage = run.usage && { ...run.usage };
          reply.requestId = run.requestId;
          reply.status = run.endStatus;
          reply.error = run.error?.message;
          this.active = undefined;
          this.out.answerEnded(reply, run);
        },
      },
    );
    if (outcome.status === "noKey") {
      noKey();
      return undefined;
    }
    if (outcome.status === "declined") {
      declined?.();
      if (outcome.message) this.out.refused(outcome.message, outcome.reason);
    }
    if (outcome.status === "declined" || this.closing) return outcome.status === "ran" ? outcome.result : undefined;
    await this.store.save(conv);
    return outcome.result;
  }

  private newId(prefix: string): string {
    return `${prefix}-${this.clock.now().toString(36)}-${++this.seq}`;
  }

  private time(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
