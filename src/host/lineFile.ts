import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Appends one line to a log that other windows (other extension hosts) append to as well: one
 * `O_APPEND` write per line, so lines from two processes never interleave. If the file does not end
 * with a line break (a window was killed in the middle of a write), the line starts on a new one,
 * so the torn line is the only damaged one and this record is kept whole.
 */
export async function appendLine(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, "a+");
  try {
    const { size } = await file.stat();
    let torn = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      torn = last[0] !== 0x0a;
    }
    await file.write(`${torn ? "\n" : ""}${line}\n`);
  } finally {
    await file.close();
  }
}
