import * as assert from "node:assert/strict";
import type { EngineRequest } from "../../src/core/engine/pipeline";
import { MAX_ANSWER_CHARS, REPEAT_WINDOW, RepetitionWatch, repeatedUnit } from "../../src/core/repetition";
import type { RouterEvent } from "../../src/core/types";
import { scriptedEngine as setup } from "../support/scriptedEngine";

const CODE = { file: "src/a.ts", languageId: "typescript", code: "const x = 1;", startLine: 3, endLine: 3 };
const request = (): EngineRequest => ({ target: "explain", keyPurpose: "continue", spec: { kind: "action", action: "explain", code: CODE } });

/** A realistic answer: prose and code that never repeats one unit for long. */
function prose(chars: number): string {
  let out = "";
  for (let i = 0; out.length < chars; i++) out += `Step ${i}: the function \`part${i}\` reads ${i * 7} bytes and returns early.\n\n`;
  return out.slice(0, chars);
}

describe("runaway answers (core/repetition)", () => {
  it("finds the shortest unit repeated over the answer's end, for the loops models fall into", () => {
    assert.equal(repeatedUnit("intro " + "*".repeat(REPEAT_WINDOW)), "*");
    assert.equal(repeatedUnit(prose(500) + "*a ".repeat(1000)), "*a ");
    assert.equal(repeatedUnit("abc\u0000de\u0000".repeat(400)), "abc\u0000de\u0000");
    const line = "console.log('again and again');\n";
    assert.equal(repeatedUnit(prose(3000) + line.repeat(80)), line);
  });

  it("says nothing for ordinary prose and code, for short runs, or for units longer than it looks for", () => {
    assert.equal(repeatedUnit(prose(50_000)), undefined);
    assert.equal(repeatedUnit("=".repeat(REPEAT_WINDOW - 1)), undefined, "shorter than the window");
    assert.equal(repeatedUnit(prose(5000) + "-".repeat(1500)), undefined, "a long rule, but not the whole window");
    assert.equal(repeatedUnit(prose(400).repeat(10)), undefined, "a unit of 400 characters is longer than REPEAT_MAX_UNIT");
  });

  it("checks a growing answer at most once every 1,000 characters, and reports the loop once", () => {
    const watch = new RepetitionWatch();
    let text = prose(1500);
    assert.equal(watch.check(text), false);
    const seen: number[] = [];
    for (let i = 0; i < 40; i++) {
      text += "ha".repeat(100);
      if (watch.check(text)) seen.push(text.length);
    }
    assert.equal(seen.length, 1, "reported once");
    assert.ok(seen[0] >= 1500 + REPEAT_WINDOW && seen[0] <= 1500 + REPEAT_WINDOW + 1200, `reported at ${seen[0]}`);
  });

  it("the engine tells the views once when the answer loops, and keeps streaming", async () => {
    const events: RouterEvent[] = [{ type: "started" }];
    let text = "";
    for (let i = 0; i < 10; i++) {
      text += "no no ".repeat(100);
      events.push({ type: "output", delta: "no no ".repeat(100), text });
    }
    events.push({ type: "done" });
    const { engine } = setup({ events });
    const seen: string[] = [];
    const outcome = await engine.run(request(), { onEvent: (run, e) => e.type === "repeating" && seen.push(`${e.type}:${run.repeating}:${run.output.length}`) });
    assert.ok(outcome.status === "ran");
    assert.deepEqual(seen, ["repeating:true:2400"]);
    assert.equal(outcome.result.outcome, "done", "nothing is stopped for the user");
    assert.equal(outcome.run.output.length, 6000);
  });

  it("stops an answer past MAX_ANSWER_CHARS, keeps its text and says why", async () => {
    const piece = prose(100_000);
    const events: RouterEvent[] = [{ type: "started", requestId: "req-long" }];
    let text = "";
    for (let i = 0; i < 15; i++) {
      text += piece;
      events.push({ type: "output", delta: piece, text });
    }
    events.push({ type: "done" });
    const { engine, recorded } = setup({ events });
    const outcome = await engine.run(request());
    assert.ok(outcome.status === "ran");
    assert.equal(outcome.result.outcome, "error");
    assert.equal(outcome.result.error?.kind, "tooLong");
    assert.equal(outcome.result.error?.requestId, "req-long");
    assert.match(outcome.result.error?.message ?? "", /passed 1,000,000 characters and was stopped.*The text so far is kept/);
    assert.equal(outcome.run.output.length, 1_100_000, "the text up to the stop is kept");
    assert.ok(outcome.run.output.length <= MAX_ANSWER_CHARS + piece.length);
    assert.deepEqual(recorded, [["explain", "acme/first", "error"]], "the usage log records it as failed");
  });
});
