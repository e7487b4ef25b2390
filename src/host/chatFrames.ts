import type { ChatMessage } from "../core/conversations";
import type { ChatOutput } from "../core/engine/conversation";
import type { RunState } from "../core/engine/runState";
import { attachmentLabel, type Attachment } from "../core/transcript";
import type { RouterEvent } from "../core/types";
import type { AttachmentView, ChatMessageView, ChatStateView, HostToChat } from "../protocol/chat";
import { RunForwarder } from "./runForwarder";

export function attachmentView(a: Attachment): AttachmentView {
  return { id: a.id, label: attachmentLabel(a), languageId: a.languageId, lines: a.endLine - a.startLine + 1 };
}

export function messageView(m: ChatMessage): ChatMessageView {
  return { ...m, attachments: m.attachments?.map(attachmentView), usage: m.usage && { ...m.usage } };
}

/** The host's side effects of a chat (a context key, the no-key warning, the auth hint). */
export interface ChatEffects {
  busy(busy: boolean): void;
  noKey(kept: boolean): void;
}

/**
 * What the conversation tells its view, as chat protocol frames: messages as views, a streaming
 * answer as run frames keyed by the message id (deltas only), and the small state whenever it may
 * have changed. Frames go to `post`, which delivers them when the view is ready and visible.
 */
export class ChatFrames implements ChatOutput {
  private forwarder?: RunForwarder;

  constructor(
    private readonly post: (m: HostToChat) => void,
    private readonly state: () => ChatStateView,
    private readonly effects: ChatEffects,
  ) {}

  /** A (re)loaded view is about to get the whole state: deltas waiting to be posted are in it. */
  discardPending(): void {
    this.forwarder?.discardPending();
  }

  appended(message: ChatMessage): void {
    this.post({ type: "chat/append", message: messageView(message) });
  }

  truncated(count: number): void {
    this.post({ type: "chat/truncate", count });
  }

  attachmentsChanged(attachments: readonly Attachment[]): void {
    this.post({ type: "chat/attachments", attachments: attachments.map(attachmentView) });
  }

  compose(text: string): void {
    this.post({ type: "chat/compose", text });
  }

  stateChanged(): void {
    this.post({ type: "chat/state", state: this.state() });
  }

  answerStarted(reply: ChatMessage): void {
    this.forwarder = new RunForwarder(reply.id, this.post);
    this.effects.busy(true);
    this.post({ type: "chat/append", message: messageView(reply) });
    this.stateChanged();
  }

  answerEvent(reply: ChatMessage, e: RouterEvent): void {
    if (this.forwarder?.runId === reply.id) this.forwarder.event(e);
  }

  answerEnded(reply: ChatMessage, run: RunState): void {
    if (this.forwarder?.runId === reply.id) this.forwarder.end(run);
    this.forwarder = undefined;
    this.effects.busy(false);
  }

  noKey(kept: boolean): void {
    this.effects.noKey(kept);
    this.stateChanged();
  }
}
