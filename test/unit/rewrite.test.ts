import * as assert from "node:assert/strict";
import { fitToSelection, pickCode, proposedCode, type CleanContext } from "../../src/core/rewrite/clean";
import { minimalChange, RewriteProposal, splitLines, toTextEdit } from "../../src/core/rewrite/proposal";

const ctx = (over: Partial<CleanContext> = {}): CleanContext => ({ languageId: "typescript", original: "a();", lineIndent: "", startColumn: 0, insertSpaces: true, tabSize: 4, eol: "\n", ...over });

/** Applies a text edit to a string the way an editor would. */
function applyEdit(text: string, e: ReturnType<typeof toTextEdit>): string {
  const lines = splitLines(text);
  const at = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, at(e.start)) + e.text + text.slice(at(e.end));
}

describe("rewrite output cleaning", () => {
  it("takes the block in the document's language, the longest of several, not the first", () => {
    const answer = "Try:\n```ts\nshort();\n```\nor better:\n\n```typescript\nconst longer = compute();\nreturn longer;\n```\nThen run:\n```bash\nnpm test -- --grep everything-and-more-than-the-code\n```\n";
    assert.equal(pickCode(answer, "typescript"), "const longer = compute();\nreturn longer;");
  });

  it("takes the longest block when none is in the document's language, and ignores the prose around it", () => {
    assert.equal(pickCode("Sure! Here:\n\n```\nx = 1\n```\n\n```\nx = 1\ny = 2\n```\nHope it helps.", "python"), "x = 1\ny = 2");
    assert.equal(pickCode("~~~py\nprint(1)\n~~~", "python"), "print(1)");
  });

  it("uses the whole answer when it has no fence, and nothing while such an answer still streams", () => {
    assert.equal(pickCode("  return a + b;  \n", "typescript"), "return a + b;");
    assert.equal(pickCode("Here is the", "typescript", true), undefined);
    assert.equal(pickCode("Here:\n```ts\nconst a", "typescript", true), "const a", "an unclosed fence while streaming is the code so far");
  });

  it("gives an empty proposal for an empty answer, and none for an empty block while streaming", () => {
    assert.equal(proposedCode("", ctx()), "");
    assert.equal(proposedCode("```ts\n", ctx(), true), undefined);
  });

  it("puts the selection's indentation back and keeps the code's relative indentation", () => {
    const code = "function f() {\n  if (x) {\n    return 1;\n  }\n}";
    const out = fitToSelection(code, ctx({ lineIndent: "    ", insertSpaces: true, tabSize: 2, original: "    function f() {}\n" }));
    assert.equal(out, "    function f() {\n      if (x) {\n        return 1;\n      }\n    }\n");
  });

  it("does not indent a first line that starts after the indentation already in the document", () => {
    const out = fitToSelection("foo(\n  a,\n)", ctx({ lineIndent: "  ", startColumn: 8 }));
    assert.equal(out, "foo(\n    a,\n  )");
  });

  it("converts the model's spaces to the document's tabs, and its tabs to spaces", () => {
    const tabs = fitToSelection("if (a) {\n    b();\n}", ctx({ lineIndent: "\t", insertSpaces: false, tabSize: 4 }));
    assert.equal(tabs, "\tif (a) {\n\t\tb();\n\t}");
    const spaces = fitToSelection("if (a) {\n\tb();\n}", ctx({ insertSpaces: true, tabSize: 2 }));
    assert.equal(spaces, "if (a) {\n  b();\n}");
  });

  it("keeps CRLF line endings and ends with a newline exactly when the selection did", () => {
    assert.equal(proposedCode("```ts\nconst a = 1;\nconst b = 2;\n```", ctx({ eol: "\r\n", original: "let a = 1;\r\nlet b = 2;\r\n" })), "const a = 1;\r\nconst b = 2;\r\n");
    assert.equal(proposedCode("```ts\nconst a = 1;\n\n```", ctx({ eol: "\r\n", original: "let a = 1;" })), "const a = 1;");
  });
});

describe("rewrite proposal", () => {
  const doc = ["// header", "function add(a, b) {", "  return a + b;", "}", "", "function sub(a, b) {", "  return a - b;", "}", ""].join("\n");
  /** Lines 2–8 (1-based) selected whole, as a triple-click leaves them. */
  const proposal = () => new RewriteProposal(doc, { line: 1, character: 0 }, { line: 8, character: 0 });
  const code = ["function add(a: number, b: number) {", "  return a + b;", "}", "", "function sub(a: number, b: number) {", "  return a - b;", "}", ""].join("\n");

  it("finds one hunk per changed place, with both sides' lines", () => {
    const p = proposal();
    assert.equal(p.setCode(code), true);
    const hunks = p.hunks();
    assert.deepEqual(
      hunks.map((h) => [h.baseStart, h.baseCount, h.propStart, h.propCount]),
      [
        [1, 1, 1, 1],
        [5, 1, 5, 1],
      ],
    );
    assert.deepEqual(hunks[1].added, ["function sub(a: number, b: number) {"]);
    assert.deepEqual(p.hunkAt(5), hunks[1]);
    assert.equal(p.hunkAt(3), undefined);
  });

  it("accepts one hunk of two as an edit of those lines only; the other stays proposed", () => {
    const p = proposal();
    p.setCode(code);
    const plan = p.planAccept(splitLines(doc), [p.hunks()[1]]);
    assert.ok(plan.ok);
    assert.deepEqual(plan.edit, { startLine: 5, removeCount: 1, lines: ["function sub(a: number, b: number) {"] });
    const after = applyEdit(doc, toTextEdit(plan.edit, splitLines(doc), "\n"));
    p.accepted(plan);
    assert.equal(p.base, after);
    assert.equal(p.hunks().length, 1);
    assert.equal(p.hunks()[0].baseStart, 1);
  });

  it("anchors the edit where the original now is after lines were added above it", () => {
    const p = proposal();
    p.setCode(code);
    const now = "// a\n// b\n// c\n" + doc;
    const plan = p.planAccept(splitLines(now));
    assert.ok(plan.ok);
    assert.equal(plan.edit.startLine, 4);
    assert.equal(applyEdit(now, toTextEdit(plan.edit, splitLines(now), "\n")), "// a\n// b\n// c\n// header\n" + code);
  });

  it("refuses when the selected text itself changed, and keeps the proposal", () => {
    const p = proposal();
    p.setCode(code);
    const plan = p.planAccept(splitLines(doc.replace("a - b", "b - a")));
    assert.deepEqual(plan, { ok: false, reason: "changed" });
    assert.equal(p.proposed, "// header\n" + code);
  });

  it("tells repeated copies apart by the lines around them, and refuses when it cannot", () => {
    const twice = "x\nfoo();\ny\nfoo();\nz";
    const p = new RewriteProposal(twice, { line: 3, character: 0 }, { line: 3, character: 6 });
    p.setCode("bar();");
    const moved = "new\n" + twice;
    const plan = p.planAccept(splitLines(moved));
    assert.ok(plan.ok);
    assert.equal(plan.edit.startLine, 4, "the copy after y, not the one after x");
    const p2 = new RewriteProposal("a\nfoo();\nb", { line: 1, character: 0 }, { line: 1, character: 6 });
    p2.setCode("bar();");
    assert.deepEqual(p2.planAccept(splitLines("x\na\nfoo();\nb\na\nfoo();\nb")), { ok: false, reason: "ambiguous" }, "two copies with the same surroundings");
  });

  it("rejecting a hunk restores its original lines on the proposed side", () => {
    const p = proposal();
    p.setCode(code);
    p.reject(p.hunks()[0]);
    assert.equal(p.hunks().length, 1);
    assert.match(p.proposed, /function add\(a, b\)/);
    assert.equal(p.setCode("ignored"), false, "the stream no longer rewrites a proposal the user has acted on");
  });

  it("follows the user's edits of the proposal", () => {
    const p = proposal();
    p.setCode(code);
    p.edited(p.proposed.replace("a: number, b: number) {\n  return a + b", "a: bigint, b: bigint) {\n  return a + b"));
    assert.equal(p.touched, true);
    assert.deepEqual(p.hunks()[0].added, ["function add(a: bigint, b: bigint) {"]);
  });

  it("keeps a selection that starts and ends inside lines", () => {
    const p = new RewriteProposal("const x = foo(1) + 2;\n", { line: 0, character: 10 }, { line: 0, character: 16 });
    p.setCode("bar(1, 2)");
    assert.equal(p.proposed, "const x = bar(1, 2) + 2;\n");
  });

  it("edits that reach the end of a document without a final newline move the ending", () => {
    const current = ["a", "b"];
    assert.equal(applyEdit("a\nb", toTextEdit({ startLine: 1, removeCount: 1, lines: ["B", "C"] }, current, "\r\n")), "a\nB\r\nC");
    assert.equal(applyEdit("a\nb", toTextEdit({ startLine: 1, removeCount: 1, lines: [] }, current, "\n")), "a");
    assert.equal(applyEdit("a\nb", toTextEdit({ startLine: 2, removeCount: 0, lines: ["c"] }, current, "\n")), "a\nb\nc");
    assert.equal(applyEdit("a\nb", toTextEdit({ startLine: 0, removeCount: 1, lines: ["A"] }, current, "\r\n")), "A\r\nb");
  });

  it("refreshes the proposed side by replacing only what differs", () => {
    assert.deepEqual(minimalChange("a\nb\nc", "a\nB\nc"), { start: 2, end: 3, text: "B" });
    assert.deepEqual(minimalChange("abc", "abc"), { start: 3, end: 3, text: "" });
    assert.deepEqual(minimalChange("aaa", "aaaa"), { start: 3, end: 3, text: "a" });
    assert.deepEqual(minimalChange("abcd", "ad"), { start: 1, end: 3, text: "" });
  });
});
