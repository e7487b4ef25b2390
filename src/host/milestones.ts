/**
 * The walkthrough ("Get Started with fal Router") completes each step on a context key set here
 * when the step's work is really done (a key stored, a model picked, an answer finished), not when
 * its button is clicked: a dismissed input box or a failed request leaves the step open.
 */
import * as vscode from "vscode";
import { MILESTONES } from "./contextKeys";

/** The SecretStorage entry holding the fal key. */
export const SECRET_ID = "falRouter.apiKey";

export type Milestone = keyof typeof MILESTONES;

export function reached(m: Milestone, value = true): void {
  void vscode.commands.executeCommand("setContext", MILESTONES[m], value);
}

/** Keeps `falRouter.hasKey` current: a stored key or FAL_KEY. Reads the secret once now (in the background) and on each change. */
export function watchKey(secrets: vscode.SecretStorage, env: NodeJS.ProcessEnv = process.env): vscode.Disposable {
  const check = () => void Promise.resolve(secrets.get(SECRET_ID)).then((k) => reached("keySet", Boolean(k || env.FAL_KEY?.trim())), () => undefined);
  check();
  return secrets.onDidChange((e) => e.key === SECRET_ID && check());
}
