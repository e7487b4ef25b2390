import * as l10n from "@vscode/l10n";
import * as vscode from "vscode";

/**
 * Gives core (in this bundle) the extension's l10n bundle for VS Code's display language, so its
 * `l10n.t` from @vscode/l10n translates as `vscode.l10n.t` does. Each host bundle calls it once.
 */
export function configureCoreL10n(): void {
  const contents = extensionBundle();
  if (contents) l10n.config({ contents });
}

/** The extension's l10n bundle for the display language (none in English), for core and for the webviews' pages. */
export function extensionBundle(): Record<string, string> | undefined {
  return vscode.l10n.bundle as Record<string, string> | undefined;
}
