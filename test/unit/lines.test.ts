import * as assert from "node:assert/strict";
import { linesLabel, selectedLines } from "../../src/core/lines";

describe("selected lines", () => {
  it("does not count the line a selection ends at column 0 of", () => {
    // Lines 1–9 selected by triple-click or Shift+Down: the end is line 10 (0-based 9), column 0.
    assert.deepEqual(selectedLines({ line: 0, character: 0 }, { line: 9, character: 0 }), { startLine: 1, endLine: 9 });
    assert.equal(linesLabel("src/math.ts", 1, 9), "src/math.ts:1-9");
  });

  it("counts the last line when the selection ends inside it, and labels one line alone", () => {
    assert.deepEqual(selectedLines({ line: 0, character: 0 }, { line: 9, character: 3 }), { startLine: 1, endLine: 10 });
    assert.deepEqual(selectedLines({ line: 4, character: 2 }, { line: 4, character: 0 }), { startLine: 5, endLine: 5 });
    assert.deepEqual(selectedLines({ line: 4, character: 0 }, { line: 4, character: 0 }), { startLine: 5, endLine: 5 });
    assert.equal(linesLabel("a.py", 5, 5), "a.py:5");
  });
});
