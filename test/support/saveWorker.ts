/**
 * A window that saves one conversation file over and over, for `storageCrash.test.ts`: the test
 * kills it (SIGKILL) at random moments, as a crashed extension host, and checks the file. Each
 * version is ~2 MB, so most kills land in the middle of a write.
 */
import { writeFileAtomic } from "../../src/host/files";

async function main(): Promise<void> {
  const [path, who] = process.argv.slice(2);
  const filler = "x".repeat(2 * 1024 * 1024);
  // Ready once a first version is saved: a kill before any save would find no file at all, which
  // says nothing about a write being torn (on a loaded machine a first 2 MB write can outlast the
  // test's shortest wait).
  await writeFileAtomic(path, JSON.stringify({ who, version: 1, text: filler }));
  process.send?.("ready");
  for (let version = 2; ; version++) await writeFileAtomic(path, JSON.stringify({ who, version, text: filler }));
}

void main();
