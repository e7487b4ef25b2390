import * as vscode from "vscode";
import { validateKeyShape } from "../core/apiKey";
import type { KeySource as RequestKeys } from "../core/engine/ports";
import type { RouterSettings } from "../core/settings";
import { Disposable } from "./disposable";
import type { ChannelLogger } from "./logger";
import { SECRET_ID } from "./milestones";


export type KeySource = "secretStorage" | "environment";

/** The fal key: VS Code SecretStorage first, then the FAL_KEY environment variable. Never settings. */
export class ApiKeyStore extends Disposable implements RequestKeys {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly logs: ChannelLogger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this.register(
      secrets.onDidChange((e) => {
        if (e.key === SECRET_ID) this.changed.fire();
      }),
    );
  }

  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = await this.secrets.get(SECRET_ID);
    if (stored) {
      this.logs.addSecret(stored);
      return { key: stored, source: "secretStorage" };
    }
    const fromEnv = this.env.FAL_KEY?.trim();
    if (fromEnv) {
      this.logs.addSecret(fromEnv);
      return { key: fromEnv, source: "environment" };
    }
    return undefined;
  }

  async set(key: string): Promise<void> {
    const trimmed = key.trim();
    const problem = validateKeyShape(trimmed);
    if (problem) throw new Error(problem);
    this.logs.addSecret(trimmed);
    await this.secrets.store(SECRET_ID, trimmed);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
  }

  /** The engine's key source: `{ key }` to send with (absent behind a proxy), asking for one when there is none (unless `ask` is false); undefined when the user gave none. */
  async forRequest(settings: RouterSettings, why: string, ask = true): Promise<{ key?: string } | undefined> {
    const key = (await this.get())?.key;
    if (key || settings.proxyUrl) return { key };
    if (!ask) return undefined;
    // Whole sentences per purpose (the engine names it in English), so translations read naturally.
    const asked = await this.prompt(
      why === "send the message"
        ? vscode.l10n.t("No fal key is set. Paste your fal API key to send the message (it is kept in VS Code's secret storage).")
        : vscode.l10n.t("No fal key is set. Paste your fal API key to continue (it is kept in VS Code's secret storage)."),
    );
    return asked ? { key: asked } : undefined;
  }

  /** Masked input box with the shape checked; resolves undefined when dismissed. */
  async prompt(reason?: string): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t("fal Router: Set API Key"),
      prompt: reason ?? vscode.l10n.t("Paste your fal API key. It is kept in VS Code's secret storage, never in settings."),
      placeHolder: "key-id:key-secret",
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => validateKeyShape(v),
    });
    if (!value) return undefined;
    await this.set(value);
    return value.trim();
  }
}
