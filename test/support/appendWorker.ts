/**
 * A second process for `usageLogProcesses.test.ts`: appends `count` usage records to `path` with the
 * extension's own `appendLine`, as another window's extension host does. Argument 4, when given,
 * is the index after which it writes half a record with no line break, as a window killed mid-write.
 */
import { appendFile } from "node:fs/promises";
import { appendLine } from "../../src/host/files";
import { serializeRecord, type UsageRecord } from "../../src/core/usageLog";

async function main(): Promise<void> {
  const [path, who, countArg, tearAfter] = process.argv.slice(2);
  const count = Number(countArg);
  for (let i = 0; i < count; i++) {
    // Sizes from ~150 bytes to ~2 KB, so some writes are larger than a small pipe buffer.
    const r: UsageRecord = { time: new Date(1_700_000_000_000 + i).toISOString(), action: `${who}-${i}`, model: `vendor/${"m".repeat(i % 180)}`, outcome: "done", totalTokens: i, cost: i / 1e6, requestId: "r".repeat(i % 200) };
    await appendLine(path, serializeRecord(r));
    if (tearAfter !== undefined && i === Number(tearAfter)) {
      // What appendLine writes (the break, then the record), cut in the middle.
      const next = `\n${serializeRecord({ ...r, action: `${who}-torn` })}`;
      await appendFile(path, next.slice(0, Math.floor(next.length / 2)));
    }
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(String(e));
    process.exit(1);
  },
);
