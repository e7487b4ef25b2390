import * as assert from "node:assert/strict";
import { Comparison, type ComparisonObserver } from "../../src/core/engine/comparison";
import type { EngineRequest } from "../../src/core/engine/pipeline";
import type { RouterEvent } from "../../src/core/types";
import { HELLO, scriptedEngine } from "../support/scriptedEngine";

const CODE = { file: "src/a.ts", languageId: "typescript", code: "const x = 1;", startLine: 3, endLine: 3 };
const request = (): EngineRequest => ({ target: "explain", keyPurpose: "continue", spec: { kind: "action", action: "explain", code: CODE } });
const UNKNOWN: RouterEvent[] = [
  { type: "started", requestId: "req-b" },
  { type: "output", delta: "Part", text: "Part" },
  { type: "error", error: { kind: "validation", message: "Unknown model acme/b", status: 422, fields: ["model: unknown"] } },
];

/** Records what each column was told, as "index:what". */
function watcher() {
  const seen: string[] = [];
  const ended: number[] = [];
  let onEnd: ((i: number) => void) | undefined;
  const observer: ComparisonObserver = {
    started: (i, run) => seen.push(`${i}:start:${run.model}`),
    event: (i, run, e) => {
      if (e.type === "output") seen.push(`${i}:${run.output}`);
    },
    ended: (i, run) => {
      seen.push(`${i}:end:${run.phase}`);
      ended.push(i);
      onEnd?.(i);
    },
  };
  return { seen, ended, observer, whenEnded: (n: number) => new Promise<void>((r) => (onEnd = () => ended.length >= n && r())) };
}

describe("model comparison (core, over the scripted engine)", () => {
  it("asks once for every column, sends each model its own request at once, and a failing column leaves the others to finish", async () => {
    const { engine, gateway, log, recorded, links, asked } = scriptedEngine({ eventsFor: (m) => (m === "acme/b" ? UNKNOWN : undefined) });
    const w = watcher();
    const cmp = new Comparison(engine, request(), ["acme/a", "acme/b", "acme/c"], "cmp-1", w.observer);
    const outcome = await cmp.start();
    assert.equal(outcome.status, "ran");
    assert.deepEqual(asked, [["acme/a", "acme/b", "acme/c"]], "one budget and estimate question covers all three");
    assert.equal(log.filter((l) => l.startsWith("key:")).length, 1);
    assert.deepEqual(gateway.requests.map((r) => r.model), ["acme/a", "acme/b", "acme/c"]);
    assert.equal(new Set(gateway.requests.map((r) => r.prompt)).size, 1, "the same prompt to each");
    // All three started before any answered: they run at once, not one after another.
    const sends = log.flatMap((l, i) => (l.startsWith("gateway:") ? [i] : []));
    assert.equal(sends.length, 3);
    assert.ok(sends.every((i) => i < log.indexOf("usage")), `every request was sent before the first ended: ${log.join(", ")}`);
    assert.deepEqual(cmp.columns.map((c) => [c.run?.phase, c.run?.output]), [["done", "Hello"], ["failed", "Part"], ["done", "Hello"]]);
    assert.equal(cmp.columns[1].run?.error?.status, 422);
    assert.deepEqual(recorded.map((r) => r[1]).sort(), ["acme/a", "acme/b", "acme/c"]);
    assert.deepEqual(links, ["cmp-1", "cmp-1", "cmp-1"], "the three records are linked by the comparison's id");
    assert.ok(w.seen.includes("1:Part") && w.seen.includes("0:Hello") && w.seen.includes("2:Hello"), "each column's text reaches its own index");
    assert.ok(!w.seen.some((s) => s.startsWith("1:Hel")), "no other column's text reaches the failed one");
  });

  it("stops one column, keeping its partial answer, while the others finish", async () => {
    const { engine, recorded } = scriptedEngine({ hangAfter: { "acme/b": 2 } });
    const w = watcher();
    const cmp = new Comparison(engine, request(), ["acme/a", "acme/b"], "cmp-2", w.observer);
    const running = cmp.start();
    await w.whenEnded(1);
    assert.deepEqual(w.ended, [0]);
    assert.equal(cmp.running, true);
    cmp.stop(1);
    const outcome = await running;
    assert.ok(outcome.status === "ran");
    assert.deepEqual(outcome.results.map((r) => r.outcome), ["done", "cancelled"]);
    assert.deepEqual(cmp.columns.map((c) => c.run?.output), ["Hello", "Hel"], "the stopped column keeps what it had");
    assert.deepEqual(recorded.map((r) => r[2]), ["done", "cancelled"]);
    assert.equal(cmp.running, false);
  });

  it("stops every column at once", async () => {
    const { engine } = scriptedEngine({ hangAfter: { "acme/a": 1, "acme/b": 1 } });
    const w = watcher();
    const cmp = new Comparison(engine, request(), ["acme/a", "acme/b"], "cmp-3", w.observer);
    const running = cmp.start();
    while (cmp.columns.some((c) => !c.run)) await new Promise((r) => setImmediate(r));
    cmp.stopAll();
    const outcome = await running;
    assert.ok(outcome.status === "ran");
    assert.deepEqual(outcome.results.map((r) => r.outcome), ["cancelled", "cancelled"]);
  });

  it("retries one column as a new request of its own, asked for and linked like the rest, replacing only that column", async () => {
    let failB = true;
    const { engine, gateway, asked, links } = scriptedEngine({ eventsFor: (m) => (m === "acme/b" && failB ? UNKNOWN : undefined) });
    const w = watcher();
    const cmp = new Comparison(engine, request(), ["acme/a", "acme/b"], "cmp-4", w.observer);
    await cmp.start();
    const firstA = cmp.columns[0].run;
    const firstB = cmp.columns[1].run!;
    failB = false;
    const again = await cmp.retry(1);
    assert.ok(again.status === "ran");
    assert.equal(again.results[0].outcome, "done");
    assert.deepEqual(asked, [["acme/a", "acme/b"], ["acme/b"]]);
    assert.deepEqual(gateway.requests.map((r) => r.model), ["acme/a", "acme/b", "acme/b"]);
    assert.equal(cmp.columns[0].run, firstA, "the other column is untouched");
    assert.notEqual(cmp.columns[1].run!.runId, firstB.runId);
    assert.equal(cmp.indexOf(cmp.columns[1].run!.runId), 1);
    assert.equal(cmp.indexOf(firstB.runId), -1, "frames of the replaced run no longer find a column");
    assert.deepEqual(links, ["cmp-4", "cmp-4", "cmp-4"]);
  });

  it("sends nothing when the user declines or has no key", async () => {
    for (const script of [{ confirm: false }, { key: undefined }]) {
      const { engine, gateway } = scriptedEngine(script);
      const cmp = new Comparison(engine, request(), ["acme/a", "acme/b"], "cmp-5", watcher().observer);
      const outcome = await cmp.start();
      assert.equal(outcome.status, "key" in script ? "noKey" : "declined");
      assert.equal(gateway.requests.length, 0);
      assert.equal((await cmp.retry(0)).status, "declined", "nothing to retry before it ran");
    }
  });

  it("takes 2 to 4 different models", () => {
    const { engine } = scriptedEngine({ events: HELLO });
    const make = (models: string[]) => new Comparison(engine, request(), models, "x", watcher().observer);
    assert.throws(() => make(["acme/a"]), RangeError);
    assert.throws(() => make(["acme/a", "acme/a"]), RangeError, "one model twice is not a comparison");
    assert.throws(() => make(["a/1", "a/2", "a/3", "a/4", "a/5"]), RangeError);
    assert.deepEqual(make(["a/1", "a/2", "a/1", "a/3"]).columns.map((c) => c.model), ["a/1", "a/2", "a/3"]);
  });
});
