import * as assert from "node:assert/strict";
import type { EngineRequest } from "../../src/core/engine/pipeline";
import { RunState } from "../../src/core/engine/runState";
import { scriptedEngine as setup } from "../support/scriptedEngine";

const CODE = { file: "src/a.ts", languageId: "typescript", code: "const x = 1;", startLine: 3, endLine: 3 };
const request = (): EngineRequest => ({ target: "explain", keyPurpose: "continue", spec: { kind: "action", action: "explain", code: CODE } });

describe("request engine (core pipeline with a scripted gateway)", () => {
  it("runs settings → prompt → key → preflight → gateway → usage, once each, in that order", async () => {
    const { engine, log, recorded, gateway, reads } = setup({ settings: { maxSelectionChars: 1000 } });
    const seen: string[] = [];
    const outcome = await engine.run({ ...request(), spec: { kind: "action", action: "explain", code: { ...CODE, code: "x".repeat(1001) } } }, {
      onStart: (run) => seen.push(`start:${run.runId}:${run.phase}`),
      onEvent: (run, e) => seen.push(`${e.type}:${run.output}`),
      onEnd: (run) => {
        seen.push(`end:${run.phase}`);
        log.push("end");
      },
    });
    assert.equal(outcome.status, "ran");
    assert.equal(reads(), 1, "settings are resolved once per request");
    assert.deepEqual(log, ["key:continue", "confirm:acme/first:1", "gatewayFor:id:secret", "gateway:acme/first", "end", "usage"], "the selection is over maxSelectionChars (1,000): one warning, asked with the budget");
    assert.deepEqual(seen, ["start:run-rs-1:starting", "started:", "output:Hel", "output:Hello", "usage:Hello", "done:Hello", "end:done"]);
    const sent = gateway.requests[0];
    assert.equal(sent.model, "acme/first");
    assert.equal(sent.prompt, `File: src/a.ts (lines 3-3, TypeScript)\n\n\`\`\`typescript\n${"x".repeat(1001)}\n\`\`\`\n\nExplain this code.`);
    assert.match(sent.systemPrompt ?? "", /TypeScript/, "the system prompt template is filled from the code's language");
    assert.deepEqual([sent.reasoning, sent.temperature, sent.maxTokens], [false, 1, undefined]);
    assert.deepEqual(recorded, [["explain", "acme/first", "done"]]);
  });

  it("runs a prompt file: its body with the variables filled, its kind's system prompt, and its own model and tuning", async () => {
    const { engine, gateway, recorded } = setup();
    const prompt = { name: "docs", kind: "rewrite" as const, body: "Document ${selection} for ${input:who}. Keep \\${file}.", model: "acme/docs", temperature: 0.1, reasoning: true, maxTokens: 900 };
    const vars = { selection: CODE.code, file: "/w/src/a.ts", fileBasename: "a.ts", fileDirname: "/w/src", fileBasenameNoExtension: "a", workspaceFolder: "/w", workspaceFolderBasename: "w" };
    const outcome = await engine.run({ target: "custom", keyPurpose: "continue", model: prompt.model, tuning: prompt, spec: { kind: "promptFile", prompt, code: CODE, vars, inputs: { who: "new joiners" } } });
    assert.equal(outcome.status, "ran");
    const sent = gateway.requests[0];
    assert.equal(sent.prompt, "File: src/a.ts (lines 3-3, TypeScript)\n\nDocument const x = 1; for new joiners. Keep ${file}.");
    assert.match(sent.systemPrompt ?? "", /one fenced code block/, "a rewrite-kind prompt asks for the code back in one block");
    assert.deepEqual([sent.model, sent.reasoning, sent.temperature, sent.maxTokens], ["acme/docs", true, 0.1, 900]);
    assert.deepEqual(recorded, [["custom", "acme/docs", "done"]]);
    const plain = await engine.run({ target: "custom", keyPurpose: "continue", spec: { kind: "promptFile", prompt: { name: "bugs", kind: "explain", body: "Find the bugs." }, code: CODE, vars, inputs: {} } });
    assert.equal(plain.status, "ran");
    assert.equal(gateway.requests[1].prompt, "File: src/a.ts (lines 3-3, TypeScript)\n\n```typescript\nconst x = 1;\n```\n\nFind the bugs.", "without ${selection} the code follows the file line");
    assert.deepEqual([gateway.requests[1].model, gateway.requests[1].temperature], ["acme/second", 1], "without its own values, the settings' (this scripted setup reads acme/second the second time)");
  });

  it("keeps the latest snapshot as the run's text, not a string built from deltas", async () => {
    const snapshot = "The whole answer so far";
    const { engine } = setup({ events: [{ type: "output", delta: "The whole answer so far", text: snapshot }] });
    const outcome = await engine.run(request());
    assert.ok(outcome.status === "ran");
    assert.equal(outcome.run.output, snapshot);
    const run = new RunState("r", "m");
    const text = "abc".repeat(1000);
    run.apply({ type: "output", delta: text.slice(2000), text });
    assert.equal(run.output, text);
    run.apply({ type: "reset", output: "x", reasoning: "y" });
    assert.deepEqual([run.output, run.reasoning], ["x", "y"]);
  });

  it("sends nothing and records nothing when there is no key", async () => {
    const { engine, log, recorded } = setup({ key: undefined });
    const outcome = await engine.run(request());
    assert.deepEqual(outcome, { status: "noKey" });
    assert.deepEqual(log, ["key:continue"]);
    assert.deepEqual(recorded, []);
  });

  it("sends nothing, asks for no key and says which setting is wrong when a hand-edited value is invalid", async () => {
    const { engine, log, recorded } = setup({ settings: { temperature: 5, dailyBudgetUsd: -1 } });
    const outcome = await engine.run(request());
    assert.equal(outcome.status, "declined");
    assert.equal(outcome.status === "declined" && outcome.reason, "settings");
    const message = outcome.status === "declined" ? outcome.message ?? "" : "";
    assert.match(message, /^Nothing was sent, because a setting is not valid: falRouter\.temperature is 5, but it must be a number from 0 to 2\. falRouter\.dailyBudgetUsd is -1/);
    assert.deepEqual(log, [], "no key asked, no question, nothing sent");
    assert.deepEqual(recorded, []);
  });

  it("refuses a prompt over the hard cap (falRouter.maxPromptChars) before the key or any question, confirmed or not", async () => {
    const { engine, log, recorded } = setup({ settings: { maxPromptChars: 10_000 } });
    const outcome = await engine.run({ ...request(), spec: { kind: "action", action: "explain", code: { ...CODE, code: "x".repeat(20_000) } } });
    assert.equal(outcome.status === "declined" && outcome.reason, "settings");
    assert.match(outcome.status === "declined" ? outcome.message ?? "" : "", /^Nothing was sent: the prompt has 20,\d{3} characters, more than falRouter\.maxPromptChars \(10,000\)/);
    assert.deepEqual(log, []);
    assert.deepEqual(recorded, []);
  });

  it("sends nothing and records nothing when the budget or estimate question is declined", async () => {
    const { engine, log, recorded } = setup({ confirm: false });
    let started = false;
    const outcome = await engine.run(request(), { onStart: () => (started = true) });
    assert.deepEqual(outcome, { status: "declined" });
    assert.equal(started, false);
    assert.ok(!log.some((l) => l.startsWith("gateway")));
    assert.deepEqual(recorded, []);
  });

  it("cancels through the signal: the run ends cancelled with its partial text, and is still recorded", async () => {
    const { engine, recorded, gateway } = setup({ pauseAfter: 2 });
    const controller = new AbortController();
    const running = engine.run(request(), { signal: controller.signal });
    while (!gateway.resume) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    gateway.resume();
    const outcome = await running;
    assert.ok(outcome.status === "ran");
    assert.equal(outcome.run.phase, "cancelled");
    assert.equal(outcome.run.output, "Hel");
    assert.deepEqual(recorded, [["explain", "acme/first", "cancelled"]]);
  });

  it("reports queue retries in the run state, and clears them once the answer starts", async () => {
    const { engine } = setup({
      events: [
        { type: "retrying", attempt: 1, maxRetries: 3, delayMs: 2000, status: 429 },
        { type: "queued", position: 2 },
        { type: "started" },
        { type: "output", delta: "ok", text: "ok" },
      ],
    });
    const phases: string[] = [];
    await engine.run(request(), { onEvent: (run) => phases.push(`${run.phase}${run.statusDetail ? `:${run.statusDetail}` : ""}`) });
    assert.deepEqual(phases, ["retrying:Rate limited (429): retrying (1 of 3) in 2 s…", "queued", "streaming", "streaming"]);
  });
});
