import type * as vscode from "vscode";
import { redact } from "../core/apiKey";
import type { Logger } from "../core/types";

/**
 * The one LogOutputChannel, wrapped as core's Logger with a component tag. Every line goes
 * through `redact` with every key value the session has seen, so the key never reaches a log.
 */
export class ChannelLogger {
  private readonly secrets = new Set<string>();

  constructor(readonly channel: vscode.LogOutputChannel) {}

  /** Remember a key value so any line that contains it is redacted. */
  addSecret(value: string | undefined): void {
    if (value) this.secrets.add(value);
  }

  private clean(message: string): string {
    let out = message;
    for (const s of this.secrets) out = redact(out, s);
    return out;
  }

  for(component: string): Logger {
    const tag = (m: string) => this.clean(`[${component}] ${m}`);
    return {
      trace: (m) => this.channel.trace(tag(m)),
      debug: (m) => this.channel.debug(tag(m)),
      info: (m) => this.channel.info(tag(m)),
      warn: (m) => this.channel.warn(tag(m)),
      error: (m) => this.channel.error(tag(m)),
    };
  }
}
