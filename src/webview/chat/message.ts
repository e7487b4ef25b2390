/** One message of the chat as an article: a question with its chips, or an answer with reasoning, status, error and usage. */
import type { ChatMessageView } from "../../protocol/chat";
import { formatTokens, formatUsd } from "../../shared/format";
import { el } from "../shared/dom";
import { codeActions, iconButton, post } from "../shared/host";
import { repeatNotice } from "../shared/repeatNotice";
import { StreamingMarkdown } from "../shared/streamingMarkdown";
import { attachmentChip, statusText } from "./parts";
import * as l10n from "@vscode/l10n";

export interface Rendered {
  view: ChatMessageView;
  article: HTMLElement;
  answer?: StreamingMarkdown;
  reasoning?: StreamingMarkdown;
  /** Set while a finished answer is shown as plain text: renders its markdown (once). */
  hydrate?: () => void;
}

/** Code actions on each finished code block of an answer. */
export const decorateAnswer = codeActions("insert", "apply", "newFile");

export function renderUsage(r: Rendered): void {
  const footer = r.article.querySelector(".msg-usage") as HTMLElement;
  const u = r.view.usage;
  const parts: string[] = [];
  if (u?.totalTokens !== undefined) parts.push(l10n.t("{0} tokens", formatTokens(u.totalTokens)));
  if (u?.cost !== undefined) parts.push(l10n.t("{0} billed", formatUsd(u.cost)));
  footer.textContent = parts.join(" · ");
  footer.hidden = parts.length === 0;
}

export function renderStatus(r: Rendered): void {
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

export function renderError(r: Rendered, error: string | undefined, requestId?: string): void {
  const box = r.article.querySelector(".error") as HTMLElement;
  box.hidden = !error;
  box.replaceChildren();
  if (!error) return;
  box.append(el("div", "error-title", error));
  if (requestId) box.append(el("div", "request-id", l10n.t("Request id: {0}", requestId)));
  if (r.view.text) box.append(el("div", "kept", l10n.t("The partial answer above is kept.")));
}

/**
 * `onRender`: called after each streamed render of the answer or reasoning, in its frame.
 * `deferred`: a finished answer is shown as its plain text (searchable, read by screen readers) and
 * its markdown is rendered when `hydrate` is called, as it comes near the view (a long replay).
 */
export function messageArticle(view: ChatMessageView, onRender: () => void = () => {}, deferred = false): Rendered {
  const article = el("article", `msg ${view.role}`);
  article.dataset.id = view.id;
  const head = el("div", "msg-head");
  const who = el("span", "msg-who", view.role === "user" ? l10n.t("You") : view.model ?? l10n.t("Assistant"));
  if (view.role !== "user" && view.model) who.title = view.model;
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
    const edit = iconButton("edit", l10n.t("Edit and resend this question"));
    edit.classList.add("edit-last");
    edit.addEventListener("click", () => post({ type: "chat/editLast" }));
    actions.append(edit);
  } else {
    if (view.contextNote) article.append(el("div", "context-note", view.contextNote));
    const details = el("details", "reasoning");
    details.hidden = !view.reasoning;
    const summary = el("summary");
    summary.append(Object.assign(el("span", "codicon codicon-lightbulb"), { ariaHidden: "true" }), el("span", undefined, ` ${l10n.t("Reasoning")}`));
    const reasoningBody = el("div", "markdown");
    details.append(summary, reasoningBody);
    const answerBody = el("div", "markdown answer");
    article.append(details, answerBody, el("div", "error"), el("div", "msg-usage"));
    r.reasoning = new StreamingMarkdown(reasoningBody, undefined, onRender);
    r.answer = new StreamingMarkdown(answerBody, decorateAnswer, onRender);
    const regen = iconButton("refresh", l10n.t("Regenerate this answer"));
    regen.classList.add("regenerate");
    regen.addEventListener("click", () => post({ type: "chat/regenerate" }));
    const copy = iconButton("copy", l10n.t("Copy answer"));
    copy.addEventListener("click", () => post({ type: "code/copy", code: r.view.text }));
    actions.append(copy, regen);
    const render = () => {
      if (view.text) r.answer?.reset(view.text);
      if (view.reasoning) r.reasoning?.reset(view.reasoning);
      if (view.status !== "streaming") {
        r.answer?.finish();
        r.reasoning?.finish();
      }
    };
    if (deferred && view.status !== "streaming") {
      const plain = [placeholder(answerBody, view.text), placeholder(reasoningBody, view.reasoning)];
      r.hydrate = () => {
        r.hydrate = undefined;
        for (const p of plain) p?.remove();
        render();
      };
    } else render();
    renderStatus(r);
    renderUsage(r);
    renderError(r, view.error, view.requestId);
  }
  return r;
}

function placeholder(body: HTMLElement, text: string | undefined): HTMLElement | undefined {
  if (!text) return undefined;
  const plain = el("div", "md-deferred", text);
  body.prepend(plain);
  return plain;
}

/** Offers Stop below a streaming answer that repeats itself (once; removed when the answer ends). */
export function showRepeating(r: Rendered): void {
  if (r.article.querySelector(".repeat-notice")) return;
  const notice = repeatNotice(() => post({ type: "chat/stop" }));
  notice.hidden = false;
  r.article.querySelector(".answer")?.after(notice);
}
