/**
 * The chat view: a message list, a composer with attachment chips, Stop, Regenerate and Edit.
 * Finished messages are rendered once; only the streaming answer re-renders its open tail, at most
 * once a frame. The finished messages are cached in the webview state, so a hidden and re-shown
 * view asks the host only for what it does not have.
 */
import { formatTokens, formatUsd } from "../../shared/format";
import type { AttachmentView, ChatMessageView, ChatStateView, HostToChat } from "../../protocol/chat";
import type { FailureView } from "../../protocol/run";
import { codeActions, iconButton, loadState, onHostMessage, post, routeLinks, saveState } from "../shared/host";
import { StreamingMarkdown } from "../shared/streamingMarkdown";
import { el } from "../shared/dom";
import { attachmentChip, statusText } from "./parts";

interface Cached {
  conversationId?: string;
  messages: ChatMessageView[];
  draft?: string;
}

interface Rendered {
  view: ChatMessageView;
  article: HTMLElement;
  answer?: StreamingMarkdown;
  reasoning?: StreamingMarkdown;
}

const EXAMPLES = [
  "Explain the difference between `interface` and `type` in TypeScript.",
  "Write a function that debounces another function, with tests.",
  "Review the attached code for bugs and edge cases.",
];

const decorate = codeActions("insert", "apply", "newFile");
const app = document.querySelector("#app") as HTMLElement;
app.innerHTML = `
  <header class="chat-header">
    <span id="title" class="title"></span>
    <span id="total" class="total" title="Billed cost of this conversation (usage.cost)"></span>
  </header>
  <section id="empty" class="chat-empty" hidden></section>
  <main id="messages" class="messages" role="log" aria-live="off" aria-label="Conversation"></main>
  <div id="announce" class="sr-only" role="status" aria-live="polite"></div>
  <footer class="composer">
    <div id="chips" class="chips" aria-label="Attached code"></div>
    <textarea id="input" rows="2" placeholder="Ask anything. Enter sends, Shift+Enter adds a line." aria-label="Message"></textarea>
    <div class="composer-bar">
      <button type="button" id="model" class="link-button" title="Choose the chat model"></button>
      <span class="spacer"></span>
      <span id="hint" class="hint"></span>
    </div>
  </footer>`;

const $ = <T extends HTMLElement>(sel: string) => app.querySelector(sel) as T;
const list = $("#messages");
const input = $<HTMLTextAreaElement>("#input");
const sendBtn = iconButton("send", "Send (Enter)");
sendBtn.id = "send";
sendBtn.classList.add("primary");
const stopBtn = iconButton("debug-stop", "Stop (Esc)", "Stop");
stopBtn.id = "stop";
stopBtn.hidden = true;
$(".composer-bar").append(stopBtn, sendBtn);
routeLinks(list);

let state: ChatStateView = { title: "New chat", totalCost: 0, model: "", hasKey: true, busy: false };
const rendered: Rendered[] = [];
let cache: Cached = loadState<Cached>() ?? { messages: [] };
let pinned = true;
let scrollFrame = 0;

input.value = cache.draft ?? "";
list.addEventListener("scroll", () => {
  pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
});

/** Keeps the newest text in view while the user has not scrolled up; once a frame at most. */
function keepPinned(): void {
  if (!pinned || scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    list.scrollTop = list.scrollHeight;
  });
}

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
  const finished: ChatMessageView[] = [];
  for (const r of rendered) {
    if (r.view.status === "streaming") break;
    finished.push(r.view);
  }
  cache = { conversationId: state.conversationId, messages: finished, draft: input.value };
  saveState(cache);
}

function renderUsage(r: Rendered): void {
  const footer = r.article.querySelector(".msg-usage") as HTMLElement;
  const u = r.view.usage;
  const parts: string[] = [];
  if (u?.totalTokens !== undefined) parts.push(`${formatTokens(u.totalTokens)} tokens`);
  if (u?.cost !== undefined) parts.push(`${formatUsd(u.cost)} billed`);
  footer.textContent = parts.join(" · ");
  footer.hidden = parts.length === 0;
}

function renderStatus(r: Rendered): void {
  const badge = r.article.querySelector(".msg-status") as HTMLElement;
  const s = r.view.status;
  badge.dataset.status = s ?? "";
  badge.replaceChildren();
  const text = statusText(s);
  if (text) {
    const icon = el("span", `codicon codicon-${text.icon}`);
    icon.setAttribute("aria-hidden", "true");
    badge.append(icon, el("span", undefined, text.text));
  }
}

function renderError(r: Rendered, error: string | undefined, requestId?: string): void {
  const box = r.article.querySelector(".error") as HTMLElement;
  box.hidden = !error;
  box.replaceChildren();
  if (!error) return;
  box.append(el("div", "error-title", error));
  if (requestId) box.append(el("div", "request-id", `Request id: ${requestId}`));
  if (r.view.text) box.append(el("div", "kept", "The partial answer above is kept."));
}

function messageArticle(view: ChatMessageView): Rendered {
  const article = el("article", `msg ${view.role}`);
  article.dataset.id = view.id;
  const head = el("div", "msg-head");
  const who = el("span", "msg-who", view.role === "user" ? "You" : view.model ?? "Assistant");
  const actions = el("span", "msg-actions");
  head.append(who, el("span", "msg-status"), actions);
  article.append(head);
  const r: Rendered = { view, article };
  if (view.role === "user") {
    article.append(el("div", "user-text", view.text));
    if (view.attachments?.length) {
      const chips = el("div", "chips");
      for (const a of view.attachments) chips.append(attachmentChip(a, false));
      article.append(chips);
    }
    const edit = iconButton("edit", "Edit and resend this question");
    edit.classList.add("edit-last");
    edit.addEventListener("click", () => post({ type: "chat/editLast" }));
    actions.append(edit);
  } else {
    if (view.contextNote) article.append(el("div", "context-note", view.contextNote));
    const details = el("details", "reasoning");
    details.hidden = !view.reasoning;
    const summary = el("summary");
    summary.append(Object.assign(el("span", "codicon codicon-lightbulb"), { ariaHidden: "true" }), el("span", undefined, " Reasoning"));
    const reasoningBody = el("div", "markdown");
    details.append(summary, reasoningBody);
    const answerBody = el("div", "markdown answer");
    article.append(details, answerBody, el("div", "error"), el("div", "msg-usage"));
    r.reasoning = new StreamingMarkdown(reasoningBody);
    r.answer = new StreamingMarkdown(answerBody, decorate);
    routeLinks(reasoningBody);
    const regen = iconButton("refresh", "Regenerate this answer");
    regen.classList.add("regenerate");
    regen.addEventListener("click", () => post({ type: "chat/regenerate" }));
    const copy = iconButton("copy", "Copy answer");
    copy.addEventListener("click", () => post({ type: "code/copy", code: r.view.text }));
    actions.append(copy, regen);
    if (view.text) r.answer.reset(view.text);
    if (view.reasoning) r.reasoning.reset(view.reasoning);
    if (view.status !== "streaming") {
      r.answer.finish();
      r.reasoning.finish();
    }
    renderStatus(r);
    renderUsage(r);
    renderError(r, view.error, view.requestId);
  }
  return r;
}

function append(view: ChatMessageView): Rendered {
  const r = messageArticle(view);
  rendered.push(r);
  list.append(r.article);
  return r;
}

function truncate(count: number): void {
  for (const r of rendered.splice(count)) r.article.remove();
}

function find(id: string): Rendered | undefined {
  for (let i = rendered.length - 1; i >= 0; i--) if (rendered[i].view.id === id) return rendered[i];
  return undefined;
}

function renderChips(attachments: AttachmentView[]): void {
  $("#chips").replaceChildren(...attachments.map((a) => attachmentChip(a, true)));
}

function renderEmpty(): void {
  const empty = $("#empty");
  empty.hidden = rendered.length > 0;
  if (empty.hidden) return;
  empty.replaceChildren(el("h2", undefined, "Chat with any model through fal"));
  if (!state.hasKey) {
    const key = iconButton("key", "Set your fal API key", "Set API Key");
    key.id = "set-key";
    key.classList.add("primary");
    key.addEventListener("click", () => post({ type: "chat/command", command: "setKey" }));
    empty.append(el("p", undefined, "First, set your fal API key. It is kept in VS Code's secret storage."), key);
  }
  const model = iconButton("sparkle", "Pick the chat model", `Model: ${state.model}`);
  model.id = "empty-model";
  model.addEventListener("click", () => post({ type: "chat/command", command: "pickModel" }));
  empty.append(el("p", undefined, "Answers are billed by fal at the model's price; each answer shows what it cost."), model);
  empty.append(el("p", "examples-title", "Try an example:"));
  for (const text of EXAMPLES) {
    const b = el("button", "example", text);
    b.type = "button";
    b.addEventListener("click", () => {
      input.value = text;
      input.focus();
    });
    empty.append(b);
  }
  empty.append(el("p", "hint", "Select code in the editor and run “Add Selection to Chat” to ask about it."));
}

function renderState(): void {
  $("#title").textContent = state.title;
  $("#total").textContent = state.totalCost ? `${formatUsd(state.totalCost)} billed` : "";
  $("#model").textContent = state.model;
  stopBtn.hidden = !state.busy;
  sendBtn.hidden = state.busy;
  $("#hint").textContent = state.busy ? "Esc stops" : "";
  markLast();
  renderEmpty();
}

let lastQuestion: HTMLElement | undefined;
let lastAnswer: HTMLElement | undefined;

/** Regenerate and Edit only on the last answer and the last question, never while streaming; touches two articles at most. */
function markLast(): void {
  lastQuestion?.classList.remove("is-last-question");
  lastAnswer?.classList.remove("is-last-answer");
  lastQuestion = lastAnswer = undefined;
  if (state.busy) return;
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
  const r = find(id);
  if (!r) return;
  r.answer?.finish();
  r.reasoning?.finish();
  r.view = { ...r.view, text: r.answer?.value ?? r.view.text, reasoning: r.reasoning?.value || undefined, status, error: error?.message, requestId: error?.requestId ?? r.view.requestId };
  renderStatus(r);
  renderError(r, error?.message, error?.requestId);
  persist();
  // Screen readers hear one line when an answer ends, not every streamed token.
  const cost = r.view.usage?.cost;
  $("#announce").textContent = status === "done" ? `Answer finished${cost !== undefined ? `, ${formatUsd(cost)} billed` : ""}.` : status === "failed" ? `Answer failed: ${error?.message ?? ""}` : "Answer stopped.";
}

onHostMessage<HostToChat>((m) => {
  switch (m.type) {
    case "chat/replay": {
      synced = true;
      const sameConversation = m.state.conversationId === cache.conversationId;
      truncate(sameConversation ? m.from : 0);
      state = m.state;
      for (const v of m.messages) append(v);
      renderChips(m.attachments);
      renderState();
      persist();
      pinned = true;
      keepPinned();
      return;
    }
    case "chat/state":
      state = m.state;
      renderState();
      persist();
      return;
    case "chat/append":
      append(m.message);
      renderState();
      if (m.message.status !== "streaming") persist();
      pinned = true;
      keepPinned();
      return;
    case "chat/truncate":
      truncate(m.count);
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
      find(m.runId)?.answer?.append(m.text);
      keepPinned();
      return;
    case "reasoning/delta": {
      const r = find(m.runId);
      if (!r?.reasoning) return;
      (r.article.querySelector(".reasoning") as HTMLElement).hidden = false;
      r.reasoning.append(m.text);
      keepPinned();
      return;
    }
    case "text/reset": {
      const r = find(m.runId);
      r?.answer?.reset(m.output);
      r?.reasoning?.reset(m.reasoning);
      return;
    }
    case "usage/update": {
      const r = find(m.runId);
      if (!r) return;
      r.view = { ...r.view, usage: m.usage };
      renderUsage(r);
      return;
    }
    case "run/status": {
      const r = find(m.runId);
      if (r && (m.status === "queued" || m.status === "retrying")) (r.article.querySelector(".msg-status") as HTMLElement).textContent = m.detail ?? (m.queuePosition !== undefined ? `Queued (position ${m.queuePosition})` : "Queued");
      else if (r) renderStatus(r);
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
for (const v of cache.messages) append(v);
renderState();
// No focus() here: the view loads after reloads and when first shown, and taking focus then would
// steal keys the user is typing elsewhere (the command palette). The host sends `chat/focus` when
// the user asked for the chat (Focus Chat, Add Selection, New Chat, History).
post({ type: "chat/ready", conversationId: cache.conversationId, known: cache.messages.length, lastId: cache.messages.at(-1)?.id });
