import * as assert from "node:assert/strict";
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseUsageLog } from "../../src/core/usageLog";

function worker(path: string, who: string, count: number, tearAfter?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [path, who, String(count), ...(tearAfter === undefined ? [] : [String(tearAfter)])];
    const child = fork(join(__dirname, "..", "support", "appendWorker.js"), args, { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${who} exited with ${code}`))));
  });
}

describe("the usage log, written by two windows at once (two processes)", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "falr-usage-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every record of both whole, with no line of one inside a line of the other", async () => {
    const path = join(dir, "usage.jsonl");
    await Promise.all([worker(path, "a", 600), worker(path, "b", 600)]);
    const { records, damaged } = parseUsageLog(readFileSync(path, "utf8"));
    assert.equal(damaged, 0);
    assert.equal(records.length, 1200);
    for (const who of ["a", "b"]) {
      const mine = records.filter((r) => r.action.startsWith(`${who}-`)).map((r) => Number(r.action.slice(2)));
      assert.deepEqual(mine, Array.from({ length: 600 }, (_, i) => i), `${who}'s records are all there, in its order`);
    }
  });

  it("a window killed mid-write damages only its torn line: the next record, from either window, starts a new line", async () => {
    const path = join(dir, "usage.jsonl");
    await Promise.all([worker(path, "a", 300, 100), worker(path, "b", 300)]);
    const { records, damaged } = parseUsageLog(readFileSync(path, "utf8"));
    assert.equal(damaged, 1, "the torn half-record is the one damaged line");
    assert.equal(records.length, 600, "no whole record was lost to it");
    assert.ok(!records.some((r) => r.action.endsWith("-torn")));
  });
});
