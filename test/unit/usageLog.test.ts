import * as assert from "node:assert/strict";
import { comparisonsOf, dayOf, parseUsageLog, serializeRecord, spentOn, summarize, toCsv, type UsageRecord } from "../../src/core/usageLog";

const rec = (over: Partial<UsageRecord>): UsageRecord => ({
  time: "2026-11-20T10:00:00.000Z",
  action: "explain",
  model: "google/gemini-2.5-flash",
  outcome: "done",
  promptTokens: 100,
  completionTokens: 50,
  totalTokens: 150,
  cost: 0.001,
  requestId: "req-1",
  ...over,
});

describe("usage log", () => {
  it("round-trips records and keeps good lines around damaged ones", () => {
    const a = rec({});
    const b = rec({ outcome: "error", error: "auth", cost: undefined, totalTokens: undefined, promptTokens: undefined, completionTokens: undefined, requestId: "req-2" });
    const text = [serializeRecord(a), "{not json", serializeRecord(b), JSON.stringify({ time: "yesterday", action: "x", model: "m", outcome: "done" }), "", JSON.stringify({ ...a, outcome: "exploded" }), "\u0000\u0000"].join("\n");
    const { records, damaged } = parseUsageLog(text);
    assert.equal(damaged, 4);
    assert.equal(records.length, 2);
    assert.deepEqual(JSON.parse(JSON.stringify(records[0])), JSON.parse(serializeRecord(a)));
    assert.equal(records[1].outcome, "error");
    assert.equal(records[1].cost, undefined);
    assert.equal(records[1].error, "auth");
  });

  it("keeps the comparison id that links a comparison's records, and nothing that is not one", () => {
    const { records } = parseUsageLog([serializeRecord(rec({ comparison: "cmp-1" })), JSON.stringify({ ...rec({}), comparison: 42 })].join("\n"));
    assert.deepEqual(records.map((r) => r.comparison), ["cmp-1", undefined]);
    assert.ok(toCsv(records).split("\r\n")[1].endsWith(",cmp-1"));
  });

  it("groups a comparison's linked records: its models, its billed cost, newest comparison first", () => {
    const records = [
      rec({ comparison: "c1", model: "a/1", cost: 0.001, time: "2026-11-20T10:00:01.000Z" }),
      rec({ model: "a/9", cost: 5 }),
      rec({ comparison: "c2", model: "a/1", cost: 0.01, time: "2026-11-21T10:00:00.000Z" }),
      rec({ comparison: "c1", model: "a/2", cost: undefined, outcome: "error", time: "2026-11-20T10:00:03.000Z" }),
      rec({ comparison: "c1", model: "a/3", cost: 0.002, time: "2026-11-20T10:00:02.000Z" }),
    ];
    const [c2, c1] = comparisonsOf(records);
    assert.equal(c2.id, "c2");
    assert.deepEqual([c1.id, c1.models, c1.unknownCost, c1.time], ["c1", ["a/1", "a/2", "a/3"], 1, "2026-11-20T10:00:03.000Z"]);
    assert.ok(Math.abs(c1.cost - 0.003) < 1e-12, "a record outside any comparison is not counted");
    assert.equal(comparisonsOf(records, 1).length, 1);
  });

  it("drops negative or non-numeric usage numbers instead of trusting them", () => {
    const { records } = parseUsageLog(JSON.stringify({ ...rec({}), cost: -5, totalTokens: "9" }));
    assert.equal(records[0].cost, undefined);
    assert.equal(records[0].totalTokens, undefined);
  });

  it("sums billed cost per day and per model, counting requests without a reported cost", () => {
    const day1 = "2026-11-20T12:00:00";
    const day2 = "2026-11-21T12:00:00";
    const records = [
      rec({ time: new Date(day1).toISOString(), cost: 0.002 }),
      rec({ time: new Date(day1).toISOString(), model: "openai/gpt-5", cost: 0.01, totalTokens: 1000 }),
      rec({ time: new Date(day2).toISOString(), cost: 0.003 }),
      rec({ time: new Date(day2).toISOString(), outcome: "cancelled", cost: undefined, totalTokens: undefined, promptTokens: 10, completionTokens: 5 }),
    ];
    const s = summarize(records);
    assert.equal(s.total.requests, 4);
    assert.equal(s.total.unknownCost, 1);
    assert.ok(Math.abs(s.total.cost - 0.015) < 1e-12);
    assert.equal(s.total.tokens, 150 + 1000 + 150 + 15);
    assert.deepEqual(s.byDay.map((d) => [d.day, d.requests]), [["2026-11-21", 2], ["2026-11-20", 2]]);
    assert.deepEqual(s.byModel.map((m) => [m.model, m.requests]), [["openai/gpt-5", 1], ["google/gemini-2.5-flash", 3]]);
    assert.ok(Math.abs(spentOn(records, "2026-11-20") - 0.012) < 1e-12);
    assert.equal(spentOn(records, "2026-11-22"), 0);
    assert.equal(dayOf(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
  });

  it("exports CSV with a header, quoting, empty cells for unknowns, and defused formulas", () => {
    const csv = toCsv([rec({ model: 'vendor/a,"b"' }), rec({ action: "=HYPERLINK(1)", cost: undefined, requestId: undefined })]);
    const lines = csv.trimEnd().split("\r\n");
    assert.equal(lines[0], "time,action,model,outcome,prompt_tokens,completion_tokens,total_tokens,cost_usd,request_id,error,comparison");
    assert.equal(lines[1], '2026-11-20T10:00:00.000Z,explain,"vendor/a,""b""",done,100,50,150,0.001,req-1,,');
    assert.equal(lines[2], "2026-11-20T10:00:00.000Z,'=HYPERLINK(1),google/gemini-2.5-flash,done,100,50,150,,,,");
    assert.equal(toCsv([]), "time,action,model,outcome,prompt_tokens,completion_tokens,total_tokens,cost_usd,request_id,error,comparison\r\n");
  });
});
