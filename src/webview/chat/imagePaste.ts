/**
 * Images pasted or dropped into the chat's composer: each image file goes to the host as bytes
 * (`image/add`), which checks it as it checks a chosen file and shows it as a chip. Text pastes
 * and drops are left to the text box; anything that is not an image is refused with a note.
 */
import { post } from "../shared/host";
import * as l10n from "@vscode/l10n";

const TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);
const MAX_BYTES = 20 * 1024 * 1024;

async function send(file: File, index: number, say: (text: string) => void): Promise<void> {
  if (!TYPES.has(file.type)) return say(l10n.t("{0} is not an image the models take (PNG, JPEG, WebP or GIF).", file.name || file.type));
  if (file.size > MAX_BYTES) return say(l10n.t("{0} is larger than 20 MB.", file.name));
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const ext = file.type.slice("image/".length).replace("jpeg", "jpg");
  post({ type: "image/add", name: file.name && file.name !== "image.png" ? file.name : l10n.t("Pasted image {0}.{1}", index, ext), mimeType: file.type, data: btoa(binary) });
}

let pasted = 0;
/** Wires paste and drop on `area` (the composer); `say` shows a short note to the user. */
export function acceptImages(area: HTMLElement, say: (text: string) => void): void {
  const take = (files: FileList | null | undefined): boolean => {
    const list = [...(files ?? [])];
    if (!list.length) return false;
    for (const f of list) void send(f, ++pasted, say);
    return true;
  };
  area.addEventListener("paste", (e) => {
    const files = e.clipboardData?.files;
    if (files?.length && take(files)) e.preventDefault();
  });
  area.addEventListener("dragover", (e) => {
    if (e.dataTransfer?.types.includes("Files")) {
      e.preventDefault();
      area.classList.add("dropping");
    }
  });
  area.addEventListener("dragleave", () => area.classList.remove("dropping"));
  area.addEventListener("drop", (e) => {
    area.classList.remove("dropping");
    if (take(e.dataTransfer?.files)) e.preventDefault();
  });
}
