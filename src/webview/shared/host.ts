/** The webview's only channel to the host: typed messages from the protocol of its surface. */
import type { ChatToHost } from "../../protocol/chat";
import type { CompareToHost } from "../../protocol/compare";
import type { PanelToHost } from "../../protocol/panel";
import type { UsageToHost } from "../../protocol/usage";
import { setFormatLocale } from "../../shared/format";
import * as l10n from "@vscode/l10n";

/** What any of the webviews may post (each page posts only its own surface's messages). */
export type WebviewMessage = PanelToHost | ChatToHost | UsageToHost | CompareToHost;

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
// The host writes VS Code's display language into the page; numbers follow it.
setFormatLocale(document.documentElement.lang);

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/** The webview's own cache, kept by VS Code while the view is hidden or reloaded. */
export function loadState<T>(): T | undefined {
  return api.getState() as T | undefined;
}

export function saveState(state: unknown): void {
  api.setState(state);
}

/** Messages from the host, typed as the page's surface protocol (the host is the only sender). */
export function onHostMessage<M extends { type: string }>(handler: (message: M) => void): void {
  window.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as M | undefined;
    if (data && typeof data === "object" && typeof data.type === "string") handler(data);
  });
}

/** Links in model output open only through the host (which checks the scheme again). */
export function routeLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    const a = (event.target as HTMLElement | null)?.closest("a");
    if (!a) return;
    event.preventDefault();
    const href = a.getAttribute("href");
    if (href && !href.startsWith("#")) post({ type: "link/open", href, text: (a.textContent ?? "").slice(0, 500) });
  });
}

export type CodeAction = "insert" | "apply" | "newFile";

const CODE_ACTIONS: Record<CodeAction, { icon: string; label: string; message: (code: string, language: string) => WebviewMessage }> = {
  insert: { icon: "insert", label: l10n.t("Insert at Cursor"), message: (code) => ({ type: "code/insert", code }) },
  apply: { icon: "check", label: l10n.t("Apply to Selection"), message: (code) => ({ type: "code/apply", code }) },
  newFile: { icon: "new-file", label: l10n.t("Open in New File"), message: (code, language) => ({ type: "code/newFile", code, language }) },
};

/** The language of a rendered code block (markdown-it writes `language-xxx` on the code element). */
export function codeLanguage(code: HTMLElement): string {
  return /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1] ?? "plaintext";
}

/** A decorator giving each code block of a finished markdown block a Copy button, plus `actions`. */
export function codeActions(...actions: CodeAction[]): (block: HTMLElement) => void {
  return (block) => {
    for (const pre of Array.from(block.querySelectorAll("pre"))) {
      const code = pre.querySelector("code");
      if (!code) continue;
      const bar = document.createElement("div");
      bar.className = "code-actions";
      const text = () => code.textContent ?? "";
      const copy = iconButton("copy", l10n.t("Copy code"));
      copy.addEventListener("click", () => post({ type: "code/copy", code: text() }));
      bar.append(copy);
      for (const a of actions) {
        const spec = CODE_ACTIONS[a];
        const b = iconButton(spec.icon, spec.label);
        b.dataset.action = a;
        b.addEventListener("click", () => post(spec.message(text(), codeLanguage(code))));
        bar.append(b);
      }
      // A long line scrolls inside the block: focusable, so the keyboard scrolls it too.
      pre.tabIndex = 0;
      pre.before(bar);
    }
  };
}

/** The result panel's decorator: Copy only. */
export const addCodeActions = codeActions();

export function iconButton(icon: string, label: string, text?: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.title = label;
  // A button with visible text is named by it (the label is its tooltip and description); an icon-only one by its label.
  if (!text) b.setAttribute("aria-label", label);
  const i = document.createElement("span");
  i.className = `codicon codicon-${icon}`;
  i.setAttribute("aria-hidden", "true");
  b.append(i);
  if (text) {
    const t = document.createElement("span");
    t.textContent = text;
    b.append(t);
  }
  return b;
}
