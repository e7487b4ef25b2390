import * as vscode from "vscode";
import { ORIGINAL_SCHEME, PROPOSAL_SCHEME } from "./viewIds";

/**
 * Closes rewrite diffs left open by an earlier window: their proposals lived in memory and are
 * gone, so VS Code could only show an error in them. Runs after activation, off its path.
 */
export function closeStaleProposals(): void {
  const ours = (uri: vscode.Uri) => uri.scheme === PROPOSAL_SCHEME || uri.scheme === ORIGINAL_SCHEME;
  const stale = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => (t.input instanceof vscode.TabInputTextDiff && ours(t.input.modified)) || (t.input instanceof vscode.TabInputText && ours(t.input.uri)));
  if (stale.length) void vscode.window.tabGroups.close(stale, true);
}
