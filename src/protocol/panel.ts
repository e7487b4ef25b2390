/** The result panel's messages: the run frames, the replay of the whole run, and its buttons. No vscode, no DOM. */
import type { RunFrame, RunSnapshot } from "./run";
import { bare, codeCopy, forRun, linkOpen, parserFor, type CodeCopyMessage, type LinkMessage } from "./validate";

export type HostToPanel =
  | RunFrame
  /** The whole run, on every `webview/ready` (the panel's document may have been recreated). */
  | { type: "state/replay"; run?: RunSnapshot }
  | { type: "apply/result"; runId: string; ok: boolean; message: string };

export type PanelToHost =
  | { type: "webview/ready" }
  | { type: "run/stop"; runId: string }
  | { type: "output/copy"; runId: string }
  | { type: "rewrite/apply"; runId: string }
  | { type: "rewrite/diff"; runId: string }
  /** Reject All: drop what the diff still proposes. */
  | { type: "rewrite/reject"; runId: string }
  /** "Compare with…": the same request to other models, side by side. */
  | { type: "run/compare"; runId: string }
  | LinkMessage
  | CodeCopyMessage;

export const parsePanelMessage = parserFor<PanelToHost>({
  "webview/ready": bare("webview/ready"),
  "run/stop": forRun("run/stop"),
  "output/copy": forRun("output/copy"),
  "rewrite/apply": forRun("rewrite/apply"),
  "rewrite/diff": forRun("rewrite/diff"),
  "rewrite/reject": forRun("rewrite/reject"),
  "run/compare": forRun("run/compare"),
  "link/open": linkOpen,
  "code/copy": codeCopy,
});
