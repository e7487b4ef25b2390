import * as vscode from "vscode";
import { checkLink } from "../core/links";
import type { Logger } from "../core/types";

/**
 * Opens a link from model output only if it is http(s), and only through VS Code, whose link
 * protection shows the full address of any domain the user has not trusted. A link whose text
 * names another address, whose host is a lookalike, or whose target hides invisible characters is
 * shown first with its real target (core/links.ts), whatever the trusted domains say.
 */
export async function openLink(href: string, text: string, log: Logger): Promise<boolean> {
  const verdict = checkLink(href, text);
  if (verdict.kind === "blocked") {
    log.warn(`blocked a link from model output: ${verdict.reason}`);
    void vscode.window.showWarningMessage(vscode.l10n.t("fal Router blocked a link that is not http(s): {0}", href.slice(0, 80)));
    return false;
  }
  if (verdict.kind === "confirm") {
    const why = {
      disguised: vscode.l10n.t("The link's text reads \"{0}\", but it opens another address.", verdict.shown),
      lookalike: vscode.l10n.t("The link's host is written with characters that look like others ({0}).", verdict.host),
      invisible: vscode.l10n.t("The link's address holds invisible characters."),
    }[verdict.why];
    const open = vscode.l10n.t("Open Link");
    const copy = vscode.l10n.t("Copy Link");
    log.info(`asked before opening a link from model output (${verdict.why}): host ${verdict.host}`);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t("Open {0}?", verdict.host),
      { modal: true, detail: `${why}\n\n${vscode.l10n.t("It really opens:")}\n${verdict.target}` },
      open,
      copy,
    );
    if (choice === copy) await vscode.env.clipboard.writeText(verdict.target);
    if (choice !== open) return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(verdict.target, true));
}
