import { readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import * as vscode from "vscode";
import { ConversationSerializer } from "../core/conversationJson";
import { CONVERSATION_ID, conversationCost, parseConversation, type Conversation } from "../core/conversations";
import type { Logger } from "../core/types";
import { Disposable } from "./disposable";
import { removeStale, writeFileAtomic } from "./files";

export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: string;
  readonly messages: number;
  readonly cost: number;
}

/** How long a streaming answer may go unsaved: a crash loses at most this much of it. */
const SAVE_DELAY_MS = 750;

/**
 * Conversations on disk: one validated JSON file per conversation in `chats/` under the
 * extension's global storage (never settings). Writes are atomic (temp file, then rename), so a
 * crash mid-write leaves the previous version. A file that does not validate is renamed aside
 * (`*.damaged-<time>`), reported once, and the other conversations load normally.
 */
export class ChatStore extends Disposable {
  private readonly byId = new Map<string, Conversation>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private writes: Promise<void> = Promise.resolve();
  private readonly json = new ConversationSerializer();
  private loaded?: Promise<void>;
  /** Files set aside by the last load. */
  damaged: string[] = [];

  constructor(
    private readonly storage: vscode.Uri,
    private readonly log: Logger,
  ) {
    super();
  }

  get dir(): string {
    return join(this.storage.fsPath, "chats");
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Loads every conversation once. */
  ready(): Promise<void> {
    return (this.loaded ??= this.load());
  }

  private async load(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    await removeStale(this.dir, names.filter((n) => n.endsWith(".tmp")));
    names = names.filter((n) => n.endsWith(".json"));
    this.damaged = [];
    for (const name of names) {
      try {
        const conv = parseConversation(JSON.parse(await readFile(join(this.dir, name), "utf8")));
        if (`${conv.id}.json` !== name) throw new Error("the id does not match the file name");
        this.byId.set(conv.id, conv);
      } catch (e) {
        const aside = `${name}.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        await rename(join(this.dir, name), join(this.dir, aside)).catch(() => undefined);
        this.damaged.push(aside);
        this.log.warn(`conversation file ${name} is damaged (${(e as Error).message}); set aside as ${aside}`);
      }
    }
    if (this.damaged.length) {
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t("fal Router: {0} saved conversation(s) could not be read and were set aside; the others are fine.", this.damaged.length),
          "Show Folder",
        )
        .then((pick) => pick && vscode.commands.executeCommand("revealFileInOS", vscode.Uri.file(join(this.dir, this.damaged[0]))));
    }
  }

  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...this.byId.values()]
      .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messages: c.messages.length, cost: conversationCost(c) }))
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  }

  create(): Conversation {
    const now = new Date().toISOString();
    const id = `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const conv: Conversation = { version: 1, id, title: vscode.l10n.t("New chat"), createdAt: now, updatedAt: now, messages: [] };
    this.byId.set(id, conv);
    return conv;
  }

  /** Saves shortly, once for a burst of calls; `beforeSave` brings a streaming message up to date first. */
  saveSoon(conv: Conversation, beforeSave?: () => void): void {
    if (this.timers.has(conv.id)) return;
    this.timers.set(
      conv.id,
      setTimeout(() => {
        beforeSave?.();
        void this.save(conv);
      }, SAVE_DELAY_MS),
    );
  }

  save(conv: Conversation): Promise<void> {
    const t = this.timers.get(conv.id);
    if (t) clearTimeout(t);
    this.timers.delete(conv.id);
    if (!CONVERSATION_ID.test(conv.id) || !this.byId.has(conv.id)) return this.writes;
    conv.updatedAt = new Date().toISOString();
    const json = this.json.serialize(conv);
    const target = this.file(conv.id);
    this.writes = this.writes
      .then(() => writeFileAtomic(target, json).then(() => undefined))
      .catch((e) => this.log.error(`could not save conversation ${conv.id}: ${(e as Error).message}`));
    return this.writes;
  }

  async delete(id: string): Promise<void> {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
    this.byId.delete(id);
    await this.writes;
    await rm(this.file(id), { force: true });
  }

  /** Writes whatever is pending now (deactivation, tests). */
  async flush(): Promise<void> {
    for (const id of [...this.timers.keys()]) {
      const conv = this.byId.get(id);
      if (conv) await this.save(conv);
    }
    await this.writes;
  }

  override dispose(): void {
    void this.flush();
    super.dispose();
  }
}
