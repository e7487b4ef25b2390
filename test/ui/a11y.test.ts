/**
 * Accessibility, as a keyboard or screen-reader user meets the views: axe-core (Deque's audit
 * engine) run inside each real webview page, in its strict CSP, with content in it; and the chat
 * used with the keyboard alone.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { ChatMessageView, HostToChat } from "../../src/protocol/chat";
import type { HostToPanel } from "../../src/protocol/panel";
import type { HostToUsage } from "../../src/protocol/usage";
import type { ColumnView } from "../../src/protocol/compare";
import { openPanel, type Harness } from "./webviewHarness";

const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const MODEL = "anthropic/claude-sonnet-4.5";
const ANSWER = "`add` is now an **arrow function**.\n\n```ts\nexport const add = (a: number, b: number) => a + b;\n```\n\n| Before | After |\n|---|---|\n| function | arrow |\n";

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe in the page (evaluated through DevTools, so the page's CSP does not block it) and lists what it finds. */
async function audit(h: Harness<unknown>): Promise<string[]> {
  await h.page.evaluate(AXE);
  const violations = await h.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

describe("accessibility in real Chromium (axe-core, keyboard only)", function () {
  this.timeout(60_000);
  let h: Harness<unknown>;
  afterEach(async () => {
    await h.close();
  });

  it("the chat, with a conversation, a pending attachment and a failed answer, has no axe violations", async () => {
    h = await openPanel("chat", ["chat.css"]);
    const messages: ChatMessageView[] = [
      { id: "u0", role: "user", text: "What does this do?", attachments: [{ id: "a0", label: "src/math.ts:1-3", lines: 3, languageId: "typescript" }] },
      { id: "a0", role: "assistant", text: ANSWER, reasoning: "Looking at **add**.", model: MODEL, status: "done", usage: { totalTokens: 267, cost: 0.00058 } },
      { id: "u1", role: "user", text: "And now?" },
      { id: "a1", role: "assistant", text: "Partly", model: MODEL, status: "failed", error: "fal is rate limiting requests (429).", requestId: "req-1" },
    ];
    const replay: HostToChat = { type: "chat/replay", state: { conversationId: "c1", title: "What does this do?", totalCost: 0.00058, model: MODEL, hasKey: true, busy: false }, from: 0, messages, attachments: [{ id: "p0", label: "src/math.ts:5-9", lines: 5, languageId: "typescript" }] };
    await h.send(replay);
    assert.deepEqual(await audit(h), []);
  });

  it("the chat's empty state, with no key, has no axe violations", async () => {
    h = await openPanel("chat", ["chat.css"]);
    const replay: HostToChat = { type: "chat/replay", state: { title: "New chat", totalCost: 0, model: MODEL, hasKey: false, busy: false }, from: 0, messages: [], attachments: [] };
    await h.send(replay);
    assert.deepEqual(await audit(h), []);
  });

  it("the result panel, with an answer, reasoning, usage and a failure, has no axe violations", async () => {
    h = await openPanel("panel", ["panel.css"]);
    const messages: HostToPanel[] = [
      { type: "run/start", header: { runId: "r1", action: "Explain", model: MODEL, source: "src/math.ts:1-3", reasoning: true, canApply: false } },
      { type: "reasoning/delta", runId: "r1", text: "Thinking." },
      { type: "output/delta", runId: "r1", text: ANSWER },
      { type: "usage/update", runId: "r1", usage: { promptTokens: 40, completionTokens: 227, totalTokens: 267, cost: 0.0005795 } },
      { type: "run/end", runId: "r1", status: "failed", totalMs: 2100, error: { kind: "rateLimit", message: "fal is rate limiting requests (429).", requestId: "req-1" } },
    ];
    await h.send(...messages);
    assert.deepEqual(await audit(h), []);
  });

  it("the usage view has no axe violations", async () => {
    h = await openPanel("usage", ["usage.css"]);
    const totals = { cost: 0.0017, requests: 2, tokens: 801, unknownCost: 0 };
    const replay: HostToUsage = {
      type: "usage/replay",
      report: { today: "2026-11-24", total: totals, session: 0.0017, dailyBudgetUsd: 1, byDay: [{ day: "2026-11-24", ...totals }], byModel: [{ model: MODEL, ...totals }], recent: [{ time: "2026-11-24T08:44:27Z", action: "explain", model: MODEL, outcome: "done", totalTokens: 267, cost: 0.00058, requestId: "req-1" }], comparisons: [{ id: "cmp-1", time: "2026-11-24T08:44:27Z", action: "explain", models: [MODEL, "openai/gpt-5-mini"], cost: 0.0017, unknownCost: 0 }] },
    };
    await h.send(replay);
    assert.equal(await h.page.isVisible("#comparisons"), true, "the comparisons are listed");
    assert.deepEqual(await audit(h), []);
  });

  it("the comparison panel, with answers, a failure and a stopped column, has no axe violations", async () => {
    h = await openPanel("panel", ["compare.css"], "en", undefined, "compare");
    const columns: ColumnView[] = [MODEL, "openai/gpt-5-mini", "acme/unknown-model"].map((model, i) => ({ model, runId: `r${i}`, status: "done", output: `## Answer ${i}\n\nText with \`code\`.`, usage: { totalTokens: 10, cost: 0.001 }, totalMs: 100, firstTokenMs: 20 }));
    columns[1] = { ...columns[1], status: "cancelled" };
    columns[2] = { ...columns[2], status: "failed", output: "Part", error: { kind: "validation", message: "fal rejected the request (422).", status: 422, fields: ["model: unknown"] } };
    await h.send({ type: "compare/replay", comparison: { id: "cmp-1", title: "Rewrite", source: "src/a.ts:1-3", canUse: true, archived: false, columns } });
    assert.deepEqual(await audit(h), []);
  });

  it("the chat works from the keyboard alone: Tab reaches the input, Enter sends, Tab reaches the model picker", async () => {
    h = await openPanel("chat", ["chat.css"]);
    const replay: HostToChat = { type: "chat/replay", state: { conversationId: "c1", title: "Keys", totalCost: 0, model: MODEL, hasKey: true, busy: false }, from: 0, messages: [], attachments: [] };
    await h.send(replay);
    const order: string[] = [];
    for (let i = 0; i < 12 && !order.includes("input"); i++) {
      await h.page.keyboard.press("Tab");
      order.push(await h.page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ""));
    }
    assert.ok(order.includes("input"), `Tab reaches the input (${order.join(" → ")})`);
    await h.page.keyboard.type("Hello");
    await h.page.keyboard.press("Enter");
    await h.page.keyboard.press("Tab");
    assert.equal(await h.page.evaluate(() => document.activeElement?.id), "model", "after the input, Tab reaches the model picker");
    await h.page.keyboard.press("Enter");
    const posted = await h.posted();
    assert.ok(posted.some((m) => m.type === "chat/send" && (m as { text?: string }).text === "Hello"), "Enter sent the message");
    assert.ok(posted.some((m) => m.type === "chat/command" && (m as { command?: string }).command === "pickModel"), "Enter on the model opened the picker");
  });
});
