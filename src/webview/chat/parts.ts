/** Small DOM pieces of the chat view. */
import type { AttachmentView, ChatMessageStatus } from "../../protocol/chat";
import { iconButton, post } from "../shared/host";
import { el } from "../shared/dom";

const STATUS: Record<ChatMessageStatus, { icon: string; text: string } | undefined> = {
  streaming: { icon: "loading codicon-modifier-spin", text: "Streaming…" },
  done: undefined,
  failed: { icon: "error", text: "Failed" },
  cancelled: { icon: "circle-slash", text: "Stopped" },
  interrupted: { icon: "debug-disconnect", text: "Interrupted" },
};

export function statusText(status: ChatMessageStatus | undefined): { icon: string; text: string } | undefined {
  return status ? STATUS[status] : undefined;
}

/** A chip for attached code: click opens the lines; pending chips can be removed. */
export function attachmentChip(a: AttachmentView, removable: boolean): HTMLElement {
  const chip = el("span", "chip");
  chip.dataset.id = a.id;
  const open = el("button", "chip-label");
  open.type = "button";
  open.title = `Open ${a.label} (${a.lines} line${a.lines === 1 ? "" : "s"})`;
  const icon = el("span", "codicon codicon-file-code");
  icon.setAttribute("aria-hidden", "true");
  open.append(icon, el("span", undefined, a.label));
  open.addEventListener("click", () => post({ type: "attachment/open", id: a.id }));
  chip.append(open);
  if (removable) {
    const remove = iconButton("close", `Remove ${a.label}`);
    remove.classList.add("chip-remove");
    remove.addEventListener("click", () => post({ type: "attachment/remove", id: a.id }));
    chip.append(remove);
  }
  return chip;
}
