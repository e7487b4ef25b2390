import { el } from "./dom";
import { iconButton } from "./host";
import * as l10n from "@vscode/l10n";

/**
 * The notice shown once an answer repeats itself (the host's `run/repeating`): a model in a loop
 * runs until `max_tokens`, and every token is billed, so Stop is offered right where the user looks.
 */
export function repeatNotice(stop: () => void): HTMLElement {
  const box = el("div", "repeat-notice");
  box.setAttribute("role", "alert");
  box.hidden = true;
  const icon = el("span", "codicon codicon-warning");
  icon.setAttribute("aria-hidden", "true");
  const button = iconButton("debug-stop", l10n.t("Stop this answer"), l10n.t("Stop now"));
  button.classList.add("repeat-stop");
  button.addEventListener("click", stop);
  box.append(icon, el("span", undefined, l10n.t("The answer is repeating itself. It may go on until the token limit, and every token is billed.")), button);
  return box;
}
