/** What an empty chat shows: the key to set (if none), the model and its billing, and examples to start from. */
import type { ChatStateView } from "../../protocol/chat";
import { el } from "../shared/dom";
import { iconButton, post } from "../shared/host";
import * as l10n from "@vscode/l10n";

const EXAMPLES = [
  l10n.t("Explain the difference between `interface` and `type` in TypeScript."),
  l10n.t("Write a function that debounces another function, with tests."),
  l10n.t("Review the attached code for bugs and edge cases."),
];

export function renderEmpty(empty: HTMLElement, show: boolean, state: ChatStateView, input: HTMLTextAreaElement): void {
  empty.hidden = !show;
  if (empty.hidden) return;
  empty.replaceChildren(el("h2", undefined, l10n.t("Chat with any model through fal")));
  if (!state.hasKey) {
    const key = iconButton("key", l10n.t("Set your fal API key"), l10n.t("Set API Key"));
    key.id = "set-key";
    key.classList.add("primary");
    key.addEventListener("click", () => post({ type: "chat/command", command: "setKey" }));
    empty.append(el("p", undefined, l10n.t("First, set your fal API key. It is kept in VS Code's secret storage.")), key);
  }
  const model = iconButton("sparkle", l10n.t("Pick the chat model"), l10n.t("Model: {0}", state.model));
  model.id = "empty-model";
  model.addEventListener("click", () => post({ type: "chat/command", command: "pickModel" }));
  empty.append(el("p", undefined, l10n.t("Answers are billed by fal at the model's price; each answer shows what it cost.")), model);
  empty.append(el("p", "examples-title", l10n.t("Try an example:")));
  for (const text of EXAMPLES) {
    const b = el("button", "example", text);
    b.type = "button";
    b.addEventListener("click", () => {
      input.value = text;
      input.focus();
    });
    empty.append(b);
  }
  empty.append(el("p", "hint", l10n.t("Select code in the editor and run “Add Selection to Chat” to ask about it.")));
}
