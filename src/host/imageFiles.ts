/**
 * Reading an image the user chose (from the explorer, the open dialog or the chat's paste and
 * drop), with the type and size limits of core/images.ts. Nothing else is ever read for a request.
 */
import * as vscode from "vscode";
import { IMAGE_TYPES, imageProblem, imageTypeOf, MAX_IMAGE_BYTES } from "../core/images";

export interface ImageFile {
  /** Workspace-relative path, or the file's name. */
  readonly name: string;
  readonly mimeType: string;
  readonly data: Uint8Array;
  readonly uri?: vscode.Uri;
}

/** Reads `uri` as an image; throws an Error whose message is for the user. */
export async function readImageFile(uri: vscode.Uri): Promise<ImageFile> {
  const name = vscode.workspace.asRelativePath(uri, false);
  const mimeType = imageTypeOf(uri.path);
  const stat = await vscode.workspace.fs.stat(uri);
  const problem = imageProblem(name, mimeType, stat.size);
  if (problem) throw new Error(problem);
  const data = await vscode.workspace.fs.readFile(uri);
  if (data.byteLength > MAX_IMAGE_BYTES) throw new Error(imageProblem(name, mimeType, data.byteLength));
  return { name, mimeType: mimeType!, data, uri };
}

/** The image named by a command's argument (the explorer's), or one the user picks. */
export async function chooseImage(arg: unknown, title: string): Promise<ImageFile | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: vscode.l10n.t("Choose Image"), filters: { [vscode.l10n.t("Images")]: Object.keys(IMAGE_TYPES) } });
    uri = picked?.[0];
  }
  if (!uri) return undefined;
  try {
    return await readImageFile(uri);
  } catch (e) {
    void vscode.window.showWarningMessage(vscode.l10n.t("fal Router: {0}", (e as Error).message));
    return undefined;
  }
}
