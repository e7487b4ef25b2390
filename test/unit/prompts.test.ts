import * as assert from "node:assert/strict";
import { buildUserPrompt, fenceFor, fillTemplate } from "../../src/core/prompts";

describe("prompts", () => {
  const ctx = { file: "src/a.ts", languageId: "typescript", code: "const a = 1;", startLine: 3, endLine: 3 };
  it("fills {language} and {file}", () => {
    assert.equal(fillTemplate("A {language} file {file} {other}", ctx), "A TypeScript file src/a.ts {other}");
  });
  it("fences code so backticks inside cannot close the fence", () => {
    assert.equal(fenceFor("no ticks"), "```");
    assert.equal(fenceFor("a ```` b"), "`````");
    const p = buildUserPrompt("custom", { ...ctx, code: "x = ```" }, "why?");
    assert.match(p, /^File: src\/a\.ts \(lines 3-3, TypeScript\)\n\n````typescript\nx = ```\n````\n\nwhy\?$/);
  });
});
