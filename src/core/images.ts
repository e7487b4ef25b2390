/**
 * Images for the router's vision endpoint (`openrouter/router/vision`, `image_urls`). The seed's
 * "Files" section gives three ways to hand fal a file, and all three are used:
 *
 * - a public `http(s)` URL is passed as it is;
 * - a small image (up to `falRouter.images.inlineMaxKB`, 256 KB by default) goes inline as a
 *   base64 data URI: no extra round trip;
 * - a larger one is uploaded to fal's storage with the client's `storage.upload`, and the returned
 *   URL is passed (a data URI of a large file slows the request down, the seed says).
 *
 * Only files the user chose reach here (an attachment, a picked file, a caller's image part). No
 * vscode, no DOM.
 */
import { formatCount } from "../shared/format";
import * as l10n from "@vscode/l10n";

export type ImageInput =
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "bytes"; readonly mimeType: string; readonly data: Uint8Array; readonly name?: string };

export type ImageTransport = "url" | "dataUri" | "upload";

/** What the vision models take (OpenRouter's common set). */
export const IMAGE_TYPES: Readonly<Record<string, string>> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", gif: "image/gif" };
const MIME_TYPES = new Set(Object.values(IMAGE_TYPES));
/** Larger images are refused: providers reject them, and they are slow to send. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** At most this many images in one request. */
export const MAX_IMAGES = 8;
export const DEFAULT_INLINE_MAX_KB = 256;

export function imageTypeOf(fileName: string): string | undefined {
  const ext = fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase();
  return IMAGE_TYPES[ext];
}

/** Why this image cannot be sent, or undefined when it can. */
export function imageProblem(name: string, mimeType: string | undefined, bytes: number): string | undefined {
  if (!mimeType || !MIME_TYPES.has(mimeType)) return l10n.t("{0} is not an image the models take (PNG, JPEG, WebP or GIF).", name);
  if (bytes === 0) return l10n.t("{0} is empty.", name);
  if (bytes > MAX_IMAGE_BYTES) return l10n.t("{0} is {1} KB; images up to {2} MB can be sent.", name, formatCount(Math.ceil(bytes / 1024)), MAX_IMAGE_BYTES / 1024 / 1024);
  return undefined;
}

/** How `image` reaches fal, by size: its own URL, inline, or uploaded. */
export function transportFor(image: ImageInput, inlineMaxBytes: number): ImageTransport {
  if (image.kind === "url") return "url";
  return image.data.byteLength <= inlineMaxBytes ? "dataUri" : "upload";
}

export function toDataUri(mimeType: string, data: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64")}`;
}

/** Only web addresses are passed as they are (no file:, no data: from outside). */
export function isPublicImageUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

/** Resolves every image to a URL for `image_urls`, in order, uploading with `upload` when it is large. */
export async function imageUrls(images: readonly ImageInput[], inlineMaxBytes: number, upload: (image: ImageInput & { kind: "bytes" }) => Promise<string>): Promise<string[]> {
  const out: string[] = [];
  for (const image of images) {
    const how = transportFor(image, inlineMaxBytes);
    if (image.kind === "url") out.push(image.url);
    else out.push(how === "dataUri" ? toDataUri(image.mimeType, image.data) : await upload(image));
  }
  return out;
}
