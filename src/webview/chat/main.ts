/**
 * The chat view: a message list, a composer with attachment chips (code, and images pasted or dropped), Stop, Regenerate and Edit.
 * Finished messages are rendered once; only the streaming answer re-renders its open tail, at most once a frame.
 * They are cached in the webview state, so a re-shown view asks the host only for what it lacks.
 */
import "../shared/l10n"; // first: the page's l10n bundle, configured before any module below builds its text
import { formatUsd } from "../../shared/format";
import type { AttachmentView, ChatMessageView, ChatStateView, HostToChat } from "../../protocol/chat";
import type { FailureView } from "../../protocol/run";
import { iconButton, loadState, onHostMessage, post, routeLinks, saveState } from "../shared/host";
import { renderEmpty } from "./emptyState";
import { warmUpWhenIdle } from "../shared/warmUp";
import { decorateAnswer, renderError, showRepeating, renderStatus, renderUsage } from "./message";
import { CHAT_LAYOUT } from "./layout";
import { acceptImages } from "./imagePaste";
import { attachmentChip, endAnnouncement } from "./parts";
import { BottomFollower } from "./follow";
import { MessageList } from "./messageList";
import * as l10n from "@vscode/l10n";

type Cached = { conversationId?: string; messages: ChatMessageView[]; draft?: string };

const app = document.querySelector("#app") as HTMLElement;
app.innerHTML = CHAT_LAYOUT;

const $ = <T extends HTMLElement>(sel: string) => app.querySelector(sel) as T;
const list = $("#messages");
const input = $<HTMLTextAreaElement>("#input");
const sendBtn = iconButton("send", l10n.t("Send (Enter)"));
sendBtn.id = "send";
sendBtn.classList.add("primary");
const stopBtn = iconButton("debug-stop", l10n.t("Stop (Esc)"), l10n.t("Stop"));
stopBtn.id = "stop";
stopBtn.hidden = true;
$(".composer-bar").append(stopBtn, sendBtn);
routeLinks(list);
acceptImages($(".composer"), (note) => ($("#announce").textContent = note));

let state: ChatStateView = { title: l10n.t("New chat"), totalCost: 0, model: "", hasKey: true, busy: false };
let cache: Cached = loadState<Cached>() ?? { messages: [] };
const follow = new BottomFollower(list);
const messages = new MessageList(list, follow.afterRender);

input.value = cache.draft ?? "";

/** Text kept in the webview's state at most (a 1,000-turn conversation is ~2.7 million characters). */
const CACHE_CHARS = 2_000_000;

/** True once the host's first `chat/replay` arrived: before that the list is only the cache. */
let synced = false;

function persist(): void {
  // Never persist a state that has not been resynced: the conversation id is not known yet, and
  // saving it as undefined would make the next replay truncate the list to nothing.
  if (!synced) {
    cache = { ...cache, draft: input.value };
    saveState(cache);
    return;
  }
  let finished = messages.finished();
  let chars = 0;
  for (const v of finished) chars += v.text.length + (v.reasoning?.length ?? 0);
  // A long conversation is not cached: VS Code copies the state on every save, and the host
  // replays the conversation as fast (`known` 0 asks for all of it).
  if (chars > CACHE_CHARS) finished = [];
  cache = { conversationId: state.conversationId, messages: finished, draft: input.value };
  saveState(cache);
}

function renderChips(attachments: AttachmentView[]): void {
  $("#chips").replaceChildren(...attachments.map((a) => attachmentChip(a, true)));
}

function renderState(): void {
  $("#title").textContent = state.title;
  $("#total").textContent = state.totalCost ? l10n.t("{0} billed", formatUsd(state.totalCost)) : "";
  $("#model").textContent = state.model;
  stopBtn.hidden = !state.busy;
  sendBtn.hidden = state.busy;
  $("#hint").textContent = state.busy ? l10n.t("Esc stops") : "";
  markLast();
  renderEmpty($("#empty"), messages.size === 0, state, input);
}

let lastQuestion: HTMLElement | undefined;
let lastAnswer: HTMLElement | undefined;

/** Regenerate and Edit only on the last answer and the last question, never while streaming; touches two articles at most. */
function markLast(): void {
  lastQuestion?.classList.remove("is-last-question");
  lastAnswer?.classList.remove("is-last-answer");
  lastQuestion = lastAnswer = undefined;
  if (state.busy) return;
  const { rendered } = messages;
  for (let i = rendered.length - 1; i >= 0 && !lastQuestion; i--) if (rendered[i].view.role === "user") lastQuestion = rendered[i].article;
  const last = rendered.at(-1);
  if (last?.view.role === "assistant") lastAnswer = last.article;
  lastQuestion?.classList.add("is-last-question");
  lastAnswer?.classList.add("is-last-answer");
}

/**
 * The user asked for the chat, and VS Code is moving focus to this view. Put the caret in the
 * input once this document has the focus (now, or within a moment). If it never gets it (the user
 * clicked elsewhere first), the request is stale and must not pull focus back.
 */
function focusWhenViewFocused(): void {
  if (document.hasFocus()) {
    input.focus();
    return;
  }
  const onFocus = () => {
    clearTimeout(expire);
    input.focus();
  };
  const expire = setTimeout(() => window.removeEventListener("focus", onFocus), 1500);
  window.addEventListener("focus", onFocus, { once: true });
}

function send(): void {
  const text = input.value;
  if (state.busy || (!text.trim() && $("#chips").childElementCount === 0)) return;
  post({ type: "chat/send", text });
  input.value = "";
  persist();
}

input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
input.addEventListener("input", () => {
  cache.draft = input.value;
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.busy) post({ type: "chat/stop" });
});
sendBtn.addEventListener("click", send);
stopBtn.addEventListener("click", () => post({ type: "chat/stop" }));
$("#model").addEventListener("click", () => post({ type: "chat/command", command: "pickModel" }));
window.addEventListener("blur", persist);

function onEnd(id: string, status: "done" | "failed" | "cancelled", error?: FailureView): void {
  const r = messages.find(id);
  if (!r) return;
  r.answer?.finish();
  r.reasoning?.finish();
  r.article.querySelector(".repeat-notice")?.remove();
  r.view = { ...r.view, text: r.answer?.value ?? r.view.text, reasoning: r.reasoning?.value || undefined, status, error: error?.message, requestId: error?.requestId ?? r.view.requestId };
  renderStatus(r);
  renderError(r, error?.message, error?.requestId);
  // In a task of its own: serialising a long answer should not lengthen the frame that ends it.
  setTimeout(persist, 0);
  // Screen readers hear one line when an answer ends, not every streamed token.
  $("#announce").textContent = endAnnouncement(status, r.view.usage?.cost, error?.message);
}

onHostMessage<HostToChat>((m) => {
  switch (m.type) {
    case "chat/replay": {
      synced = true;
      const sameConversation = m.state.conversationId === cache.conversationId;
      messages.truncate(sameConversation ? m.from : 0);
      state = m.state;
      messages.appendAll(m.messages);
      renderChips(m.attachments);
      renderState();
      persist();
      follow.pin();
      return;
    }
    case "chat/state":
      state = m.state;
      renderState();
      persist();
      return;
    case "chat/append":
      messages.append(m.message);
      renderState();
      if (m.message.status !== "streaming") persist();
      follow.pin();
      return;
    case "chat/truncate":
      messages.truncate(m.count);
      renderState();
      persist();
      return;
    case "chat/attachments":
      renderChips(m.attachments);
      return;
    case "chat/focus":
      focusWhenViewFocused();
      return;
    case "chat/compose":
      input.value = m.text;
      input.focus();
      input.setSelectionRange(m.text.length, m.text.length);
      return;
    case "output/delta":
      // Nothing to lay out until the answer renders (follow.afterRender).
      messages.find(m.runId)?.answer?.append(m.text);
      return;
    case "reasoning/delta": {
      const r = messages.find(m.runId);
      if (!r?.reasoning) return;
      (r.article.querySelector(".reasoning") as HTMLElement).hidden = false;
      r.reasoning.append(m.text);
      return;
    }
    case "text/reset": {
      const r = messages.find(m.runId);
      r?.answer?.reset(m.output);
      r?.reasoning?.reset(m.reasoning);
      return;
    }
    case "usage/update": {
      const r = messages.find(m.runId);
      if (!r) return;
      r.view = { ...r.view, usage: m.usage };
      renderUsage(r);
      return;
    }
    case "run/status": {
      const r = messages.find(m.runId);
      if (r && (m.status === "queued" || m.status === "retrying")) (r.article.querySelector(".msg-status") as HTMLElement).textContent = m.detail ?? (m.queuePosition !== undefined ? `Queued (position ${m.queuePosition})` : "Queued");
      else if (r) renderStatus(r);
      return;
    }
    case "run/repeating": {
      const r = messages.find(m.runId);
      if (r) showRepeating(r);
      follow.keep();
      return;
    }
    case "run/end":
      onEnd(m.runId, m.status, m.error);
      return;
    default:
      return; // not a chat frame
  }
});

// Render what the cache has right away, then ask the host for the rest.
messages.appendAll(cache.messages);
renderState();
// No focus() here: the view loads after reloads and when first shown, and taking focus then would
// steal keys the user is typing elsewhere (the command palette). The host sends `chat/focus` when
// the user asked for the chat (Focus Chat, Add Selection, New Chat, History).
post({ type: "chat/ready", conversationId: cache.conversationId, known: cache.messages.length, lastId: cache.messages.at(-1)?.id });
warmUpWhenIdle(decorateAnswer);
