import * as assert from "node:assert/strict";
import { binaryProblem, linesLabel, selectedLines } from "../../src/core/lines";

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

describe("binary selections", () => {
  it("refuses a selection with a NUL, or with more than one character in ten that is a control character or undecodable", () => {
    assert.match(binaryProblem("PK\u0003\u0004\0\0\0\bmimetype")!, /binary data \(it contains NUL characters\).*Nothing was sent/);
    const png = "\uFFFDPNG\r\n\u001A\n" + "\uFFFD\u0001\u0002IHDR\uFFFD\uFFFD\u0007".repeat(20);
    assert.match(binaryProblem(png)!, /binary data \(\d+% of it is control characters or bytes that did not decode\)/);
  });

  it("accepts text: code with tabs, CRLF, form feeds, ANSI colours from a log, a few odd characters in a long file, and non-Latin text", () => {
    assert.equal(binaryProblem("\tif (a) {\r\n\t\treturn b;\r\n\t}\f\n"), undefined);
    assert.equal(binaryProblem("\u001b[31merror\u001b[0m: build failed\n".repeat(50)), undefined);
    assert.equal(binaryProblem("const x = 1; // caf\uFFFD\n".repeat(200)), undefined, "one bad byte a line is a mis-decoded file, still text");
    assert.equal(binaryProblem("函数 добавить(α, β) { return α + β; }"), undefined);
  });
});
