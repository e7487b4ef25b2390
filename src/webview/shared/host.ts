/** The webview's only channel to the host: typed messages from the one protocol module. */
import type { HostMessage, WebviewMessage } from "../../protocol/messages";

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as HostMessage | undefined;
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
    if (href && !href.startsWith("#")) post({ type: "link/open", href });
  });
}

/** Adds a Copy button to each code block of a finished markdown block. */
export function addCodeActions(block: HTMLElement): void {
  for (const pre of Array.from(block.querySelectorAll("pre"))) {
    const code = pre.querySelector("code");
    if (!code) continue;
    const bar = document.createElement("div");
    bar.className = "code-actions";
    const copy = iconButton("copy", "Copy code");
    copy.addEventListener("click", () => post({ type: "code/copy", code: code.textContent ?? "" }));
    bar.append(copy);
    pre.before(bar);
  }
}

export function iconButton(icon: string, label: string, text?: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.title = label;
  b.setAttribute("aria-label", label);
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
