/**
 * Runs in an extension host that the runner kills with SIGKILL while it writes (issue 15: "a crash
 * test that really kills the extension host process while it writes"). First it reports what the
 * stores loaded (what the previous round left), then it saves a large conversation and appends
 * usage records without pause, through the extension's own stores, and after each completed write
 * says so in `progress.json` (replaced atomically with the extension's own writeFileAtomic, so the
 * runner never reads half of it).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { ChatMessage } from "../../../src/core/conversations";
import { writeFileAtomic } from "../../../src/host/files";
import { api } from "../suite/helpers";
import { CRASH_TITLE, type CrashProgress, type CrashStart } from "./plan";

/** ~1 KB messages: a 12,000-message conversation is a ~12 MB file, so most of the writer's time is spent writing it. */
function message(i: number): ChatMessage {
  return { id: `m${i}`, role: i % 2 ? "assistant" : "user", text: `Message ${i}: ${"the quick brown fox jumps over the lazy dog ".repeat(22)}`, time: new Date().toISOString(), ...(i % 2 ? { model: "google/gemini-2.5-flash", status: "done" as const } : {}) };
}

export async function run(): Promise<void> {
  const shared = process.env.FALR_STORAGE_DIR;
  if (!shared) throw new Error("not a storage run");
  const ext = await api();
  await ext.chatStore.ready();
  await ext.usage.load();
  const found = ext.chatStore.list().find((c) => c.title === CRASH_TITLE);
  const conv = found ? ext.chatStore.get(found.id)! : Object.assign(ext.chatStore.create(), { title: CRASH_TITLE, titleFixed: true });
  const start: CrashStart = { loaded: found ? conv.messages.length : 0, damaged: ext.chatStore.damaged, records: ext.usage.records.length };
  const round = readdirSync(shared).filter((f) => f.startsWith("start-")).length;
  await writeFileAtomic(join(shared, `start-${round}.json`), JSON.stringify(start));

  let appended = 0;
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const n = conv.messages.length;
    for (let i = 0; i < (n === 0 ? 12_000 : 10); i++) conv.messages.push(message(n + i));
    const saving = conv.messages.length;
    await ext.chatStore.save(conv);
    await ext.usage.record("explain", "google/gemini-2.5-flash", { outcome: "done", output: "", reasoning: "", totalMs: 1, usage: { totalTokens: 10, cost: 0.0001 } });
    appended++;
    const progress: CrashProgress = { pid: process.pid, saved: saving, appended: start.records + appended };
    await writeFileAtomic(join(shared, "progress.json"), JSON.stringify(progress));
  }
  void vscode.window.showInformationMessage("the crash writer was not killed");
}
