/**
 * Runs inside a real VS Code extension host (as the integration suite does): activates an empty
 * extension to warm the host's activation path, then the empty reference extension, then fal Router, and prints how long each `activate()` took (loading the
 * bundle, running `activate`, and its promise), for bench/activation.ts to read.
 */
import * as vscode from "vscode";

async function timeActivation(id: string): Promise<number> {
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`${id} is not installed`);
  if (ext.isActive) throw new Error(`${id} was already active: the measurement would be empty`);
  const t0 = performance.now();
  await ext.activate();
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  // Let the host finish starting, and warm its activation path with a first empty extension;
  // then the reference (a second empty one) and fal Router are measured in the same conditions.
  await new Promise((r) => setTimeout(r, 3000));
  await timeActivation("fal-router-bench.warmup");
  const empty = await timeActivation("fal-router-bench.empty");
  const ours = await timeActivation("fal-router-dev.fal-router");
  console.log(`::activation ${JSON.stringify({ empty, ours })}`);
}
