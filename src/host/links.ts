import * as vscode from "vscode";
import type { Logger } from "../core/types";
import { isOpenableLink } from "../protocol/validate";

/** Opens a link from model output only if it is http(s), and only through VS Code (which asks about untrusted domains). */
export async function openLink(href: string, log: Logger): Promise<boolean> {
  if (!isOpenableLink(href)) {
    log.warn(`blocked a link with a disallowed scheme`);
    void vscode.window.showWarningMessage(vscode.l10n.t("fal Router blocked a link that is not http(s): {0}", href.slice(0, 80)));
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(href, true));
}
