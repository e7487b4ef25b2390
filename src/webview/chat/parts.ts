/** Small DOM pieces of the chat view. */
import type { AttachmentView, ChatMessageStatus } from "../../protocol/chat";
import { iconButton, post } from "../shared/host";
import { el } from "../shared/dom";
import * as l10n from "@vscode/l10n";
import { formatUsd } from "../../shared/format";

const STATUS: Record<ChatMessageStatus, { icon: string; text: string } | undefined> = {
  streaming: { icon: "loading codicon-modifier-spin", text: l10n.t("Streaming…") },
  done: undefined,
  failed: { icon: "error", text: l10n.t("Failed") },
  cancelled: { icon: "circle-slash", text: l10n.t("Stopped") },
  interrupted: { icon: "debug-disconnect", text: l10n.t("Interrupted") },
};

export function statusText(status: ChatMessageStatus | undefined): { icon: string; text: string } | undefined {
  return status ? STATUS[status] : undefined;
}

/** Only the host's data URIs of the image types it accepts are shown (never a URL from elsewhere). */
const THUMBNAIL = /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$/;

/** An image chip's thumbnail, or its codicon when the session no longer has the bytes. */
function imageIcon(a: AttachmentView): HTMLElement {
  const src = a.image?.thumbnail ? `data:${a.image.mimeType};base64,${a.image.thumbnail}` : undefined;
  if (!src || !THUMBNAIL.test(src)) return el("span", "codicon codicon-file-media");
  const img = el("img", "chip-thumb");
  img.src = src;
  img.alt = "";
  return img;
}

/** A chip for attached code (click opens the lines) or an image (a thumbnail); pending chips can be removed. */
export function attachmentChip(a: AttachmentView, removable: boolean): HTMLElement {
  const chip = el("span", a.image ? "chip chip-image" : "chip");
  chip.dataset.id = a.id;
  const open = el("button", "chip-label");
  open.type = "button";
  open.title = a.image ? l10n.t("Image {0} ({1} KB)", a.label, Math.ceil(a.image.bytes / 1024)) : a.lines === 1 ? l10n.t("Open {0} (1 line)", a.label) : l10n.t("Open {0} ({1} lines)", a.label, a.lines);
  const icon = a.image ? imageIcon(a) : el("span", "codicon codicon-file-code");
  icon.setAttribute("aria-hidden", "true");
  open.append(icon, el("span", undefined, a.label));
  open.addEventListener("click", () => post({ type: "attachment/open", id: a.id }));
  chip.append(open);
  if (removable) {
    const remove = iconButton("close", l10n.t("Remove {0}", a.label));
    remove.classList.add("chip-remove");
    remove.addEventListener("click", () => post({ type: "attachment/remove", id: a.id }));
    chip.append(remove);
  }
  return chip;
}

/** The one line a screen reader hears when an answer ends. */
export function endAnnouncement(status: ChatMessageStatus, cost: number | undefined, error: string | undefined): string {
  if (status === "done") return cost !== undefined ? l10n.t("Answer finished, {0} billed.", formatUsd(cost)) : l10n.t("Answer finished.");
  return status === "failed" ? l10n.t("Answer failed: {0}", error ?? "") : l10n.t("Answer stopped.");
}
