/** The result panel's toolbar: Stop, Copy and Compare with… for every run; Show Diff, Reject All and Accept All for a rewrite. */
import * as l10n from "@vscode/l10n";
import type { PanelToHost } from "../../protocol/panel";
import type { RunStatus } from "../../protocol/run";
import { iconButton, post } from "../shared/host";

export interface Toolbar {
  stop: HTMLButtonElement;
  copy: HTMLButtonElement;
  diff: HTMLButtonElement;
  reject: HTMLButtonElement;
  apply: HTMLButtonElement;
  compare: HTMLButtonElement;
}

type RunMessage = Extract<PanelToHost, { runId: string }>["type"];

/** Builds the buttons into `el`; each posts its message for the run `runId()` names at the time. */
export function buildToolbar(el: HTMLElement, runId: () => string): Toolbar {
  const button = (id: string, type: RunMessage, icon: string, label: string, text: string): HTMLButtonElement => {
    const b = iconButton(icon, label, text);
    b.id = id;
    b.addEventListener("click", () => post({ type, runId: runId() } as PanelToHost));
    return b;
  };
  const t: Toolbar = {
    stop: button("stop", "run/stop", "debug-stop", l10n.t("Stop (Esc)"), l10n.t("Stop")),
    copy: button("copy", "output/copy", "copy", l10n.t("Copy answer"), l10n.t("Copy")),
    diff: button("diff", "rewrite/diff", "diff", l10n.t("Show the proposal as a diff, where each change can be accepted or rejected"), l10n.t("Show Diff")),
    reject: button("reject", "rewrite/reject", "close-all", l10n.t("Drop every change the diff still proposes and close it; the file stays as it is"), l10n.t("Reject All")),
    apply: button("apply", "rewrite/apply", "check-all", l10n.t("Take every change the diff proposes (with your edits) into the file, as one undoable edit"), l10n.t("Accept All")),
    compare: button("compare", "run/compare", "split-horizontal", l10n.t("Ask the same of other models and see the answers side by side"), l10n.t("Compare with…")),
  };
  el.append(t.stop, t.copy, t.diff, t.reject, t.apply, t.compare);
  return t;
}

/** The rewrite buttons: shown for a rewrite, usable once it is done, until its proposal was settled. */
export function showRewriteButtons(t: Toolbar, rewrite: boolean, status: RunStatus, settled: boolean): void {
  t.diff.hidden = t.reject.hidden = t.apply.hidden = !rewrite;
  t.diff.disabled = status !== "done";
  t.reject.disabled = t.apply.disabled = status !== "done" || settled;
}
