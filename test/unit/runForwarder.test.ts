import * as assert from "node:assert/strict";
import { RunState } from "../../src/core/engine/runState";
import { RunForwarder } from "../../src/host/runForwarder";
import type { StreamFrame } from "../../src/protocol/run";

const output = (text: string) => ({ type: "output" as const, delta: "", text });

describe("RunForwarder (run events → frames for a webview)", () => {
  it("posts only what the webview lacks: deltas in order, a reset whole, nothing twice after a replay", () => {
    const frames: StreamFrame[] = [];
    const f = new RunForwarder("r1", (m) => frames.push(m));
    f.event(output("Hel"));
    f.event(output("Hello"));
    f.flush();
    f.event(output("Hello, wor"));
    f.event({ type: "reset", output: "Hello, world", reasoning: "" });
    f.event(output("Hello, world!"));
    f.flush();
    f.event(output("Hello, world! Bye"));
    f.discardPending(); // the webview is replayed from the run state, which has all of it
    f.event(output("Hello, world! Bye."));
    const run = new RunState("r1", "m");
    run.finish({ outcome: "done", output: "Hello, world! Bye.", reasoning: "", totalMs: 9 });
    f.end(run);
    assert.deepEqual(
      frames.map((m) => (m.type === "output/delta" ? `+${m.text}` : m.type === "text/reset" ? `=${m.output}` : m.type)),
      ["+Hello", "=Hello, world", "+!", "+.", "run/end"],
    );
  });

  it("posts the repeating notice after the text that showed the loop", () => {
    const frames: StreamFrame[] = [];
    const f = new RunForwarder("r1", (m) => frames.push(m));
    f.event(output("ha ha ha"));
    f.event({ type: "repeating" });
    assert.deepEqual(frames, [
      { type: "output/delta", runId: "r1", text: "ha ha ha" },
      { type: "run/repeating", runId: "r1" },
    ]);
  });
});
