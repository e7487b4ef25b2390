import type { ChatMessage } from "../core/conversations";
import type { ChatOutput } from "../core/engine/conversation";
import type { RunState } from "../core/engine/runState";
import type { DeclineReason } from "../core/engine/pipeline";
import { attachmentLabel, type Attachment } from "../core/transcript";
import type { RouterEvent } from "../core/types";
import type { AttachmentView, ChatMessageView, ChatStateView, HostToChat } from "../protocol/chat";
import { RunForwarder } from "./runForwarder";

/** Images up to this size are posted to the view for their thumbnail (as bytes it shows through a blob: URL). */
const THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;

/** The bytes of an attached image, while the session has them. */
export type ImageBytes = (id: string) => { mimeType: string; data: Uint8Array } | undefined;

export function attachmentView(a: Attachment, bytes?: ImageBytes): AttachmentView {
  const view = { id: a.id, label: attachmentLabel(a), languageId: a.languageId, lines: a.endLine - a.startLine + 1 };
  if (!a.image) return view;
  const data = bytes?.(a.id)?.data;
  const thumbnail = data && data.byteLength <= THUMBNAIL_MAX_BYTES ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") : undefined;
  return { ...view, lines: 0, image: { mimeType: a.image.mimeType, bytes: a.image.bytes, thumbnail } };
}

export function messageView(m: ChatMessage, bytes?: ImageBytes): ChatMessageView {
  return { ...m, attachments: m.attachments?.map((a) => attachmentView(a, bytes)), usage: m.usage && { ...m.usage } };
}

/** The host's side effects of a chat (a context key, the no-key warning, the auth hint). */
export interface ChatEffects {
  busy(busy: boolean): void;
  noKey(kept: boolean): void;
  refused(message: string, reason?: DeclineReason): void;
  /** Attached images' bytes, for their thumbnails. */
  imageBytes: ImageBytes;
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
    this.post({ type: "chat/append", message: messageView(message, this.effects.imageBytes) });
  }

  truncated(count: number): void {
    this.post({ type: "chat/truncate", count });
  }

  attachmentsChanged(attachments: readonly Attachment[]): void {
    this.post({ type: "chat/attachments", attachments: attachments.map((a) => attachmentView(a, this.effects.imageBytes)) });
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
    this.post({ type: "chat/append", message: messageView(reply, this.effects.imageBytes) });
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

  refused(message: string, reason?: DeclineReason): void {
    this.effects.refused(message, reason);
    this.stateChanged();
  }
}
