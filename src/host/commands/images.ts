import * as vscode from "vscode";
import { chooseImage } from "../imageFiles";
import type { CommandModule } from "./context";

/** `fal Router: Explain Image` — an error screenshot or a UI mock, explained in the result panel (explorer menu or a file picker). */
export const explainImage: CommandModule = ({ runner }) =>
  vscode.commands.registerCommand("falRouter.explainImage", async (uri?: unknown, question?: unknown) => {
    const image = await chooseImage(uri, vscode.l10n.t("fal Router: Explain Image"));
    return image ? runner.explainImage(image, typeof question === "string" ? question : undefined) : undefined;
  });

/** `fal Router: Add Image to Chat` — a thumbnail chip; the question then goes to the vision endpoint. */
export const addImageToChat: CommandModule = ({ chat, chatView }) =>
  vscode.commands.registerCommand("falRouter.addImageToChat", async (uri?: unknown) => {
    const image = await chooseImage(uri, vscode.l10n.t("fal Router: Add Image to Chat"));
    if (!image) return undefined;
    const added = chat.addImage(image);
    await chatView.reveal();
    return added.id;
  });
