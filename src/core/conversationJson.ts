import type { ChatMessage, Conversation } from "./conversations";

/**
 * How many of the newest messages are serialised again on every save. Only the newest answer
 * changes in place (it streams; it ends, is stopped or interrupted); a question is never changed,
 * and edit and regenerate remove messages from the end rather than change them (engine/conversation.ts).
 * Four is a margin over the two that can change.
 */
const FRESH = 4;

/**
 * Serialises conversations for saving without serialising the whole conversation each time. A
 * conversation is saved every 750 ms while an answer streams; at 10,000 turns (27 MB) one
 * `JSON.stringify` of it took ~300 ms of the extension host's only thread, every save. The JSON of
 * each older message is kept (weakly, by the message object) and joined; only the newest are
 * serialised again. Parsed, the result equals `JSON.stringify(conversation)`.
 */
export class ConversationSerializer {
  private readonly kept = new WeakMap<ChatMessage, string>();

  serialize(c: Conversation): string {
    const n = c.messages.length;
    const parts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const m = c.messages[i];
      if (i >= n - FRESH) {
        parts[i] = JSON.stringify(m);
        continue;
      }
      let json = this.kept.get(m);
      if (json === undefined) {
        json = JSON.stringify(m);
        this.kept.set(m, json);
      }
      parts[i] = json;
    }
    // The conversation's own fields (`messages: undefined` is left out), then its messages.
    const head = JSON.stringify({ ...c, messages: undefined });
    return `${head.slice(0, -1)},"messages":[${parts.join(",")}]}`;
  }
}
