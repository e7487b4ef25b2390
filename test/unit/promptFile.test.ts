import * as assert from "node:assert/strict";
import { collectPrompts, slashCommand, type PromptSourceFile } from "../../src/core/promptFiles/collection";
import { mentionsSelection, parsePromptFile, promptInputs, promptNameOf, renderPrompt, type PromptVariables } from "../../src/core/promptFiles/promptFile";

const vars: PromptVariables = {
  selection: "const a = 1;",
  file: "/ws/src/a.ts",
  fileBasename: "a.ts",
  fileDirname: "/ws/src",
  fileBasenameNoExtension: "a",
  workspaceFolder: "/ws",
  workspaceFolderBasename: "ws",
};

describe("prompt files", () => {
  it("reads every front-matter key we use, and takes the name from the file when it has none", () => {
    const text = [
      "---",
      "name: add-types",
      "description: Add type annotations",
      "kind: rewrite",
      "model: anthropic/claude-sonnet-4.5",
      "temperature: 0.2",
      "reasoning: true",
      "max_tokens: 2048",
      "---",
      "",
      "Add types to ${selection}.",
      "",
    ].join("\n");
    const { prompt, problems } = parsePromptFile(text, "/ws/.github/prompts/types.prompt.md");
    assert.deepEqual(problems, []);
    assert.deepEqual(prompt, { name: "add-types", description: "Add type annotations", kind: "rewrite", model: "anthropic/claude-sonnet-4.5", temperature: 0.2, reasoning: true, maxTokens: 2048, body: "Add types to ${selection}." });
    assert.equal(parsePromptFile("Explain it.", "c:\\x\\why-so.prompt.md").prompt?.name, "why-so");
    assert.equal(promptNameOf("/a/b/Review.PROMPT.md"), "Review");
  });

  it("defaults to the panel, and treats VS Code's `mode: edit` as a rewrite through the diff", () => {
    assert.equal(parsePromptFile("Explain.", "a.prompt.md").prompt?.kind, "explain");
    const edit = parsePromptFile("---\nmode: edit\ntools: ['codebase']\n---\nFix it.", "a.prompt.md");
    assert.equal(edit.prompt?.kind, "rewrite");
    assert.deepEqual(edit.problems, [], "VS Code's own keys are not warned about");
  });

  it("warns about unknown keys and bad values at their line, and still loads the prompt", () => {
    const text = "---\ndescription: ok\ncolour: blue\ntemperature: 7\nkind: poem\nmodel: not a model\nmax_tokens: 1.5\nreasoning: maybe\nname: two words\n---\nDo it.";
    const { prompt, problems } = parsePromptFile(text, "x.prompt.md");
    assert.deepEqual(prompt, { name: "x", description: "ok", kind: "explain", body: "Do it." });
    assert.deepEqual(
      problems.map((p) => [p.severity, p.line, p.message.split(" ").slice(0, 2).join(" ")]),
      [
        ["warning", 2, "Unknown key"],
        ["warning", 3, "`temperature` must"],
        ["warning", 4, "`kind` must"],
        ["warning", 5, "`model` must"],
        ["warning", 6, "`max_tokens` must"],
        ["warning", 7, "`reasoning` must"],
        ["warning", 8, "`name` must"],
      ],
    );
  });

  it("rejects bad YAML with an error at the line it is on", () => {
    const { prompt, problems } = parsePromptFile("---\ndescription: fine\nmodel: [unclosed\n---\nBody", "bad.prompt.md");
    assert.equal(prompt, undefined);
    assert.equal(problems.length >= 1, true);
    assert.equal(problems[0].severity, "error");
    assert.match(problems[0].message, /not valid YAML/);
    assert.ok(problems[0].line >= 2 && problems[0].line <= 4, `line ${problems[0].line}`);
    const dup = parsePromptFile("---\nname: a\nname: b\n---\nBody", "dup.prompt.md");
    assert.equal(dup.prompt, undefined);
    assert.equal(dup.problems[0].line, 2);
  });

  it("rejects a front matter that is not a mapping, or never closed, and a missing body", () => {
    assert.match(parsePromptFile("---\n- a\n- b\n---\nBody", "l.prompt.md").problems[0].message, /key: value/);
    assert.match(parsePromptFile("---\nname: a\nBody", "u.prompt.md").problems[0].message, /no closing ---/);
    const empty = parsePromptFile("---\nname: a\n---\n\n  \n", "e.prompt.md");
    assert.equal(empty.prompt, undefined);
    assert.match(empty.problems[0].message, /no text/);
    assert.equal(parsePromptFile("", "e.prompt.md").prompt, undefined);
  });

  it("does not expand YAML aliases: a billion-laughs front matter stays small, and an alias is no value for a key", () => {
    const names = "abcdefghi";
    const lines = ["---", `a: &a [${Array(9).fill('"lol"').join(",")}]`];
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(",")}]`);
    lines.push("temperature: *a", "---", "Explain ${selection}.");
    const { prompt, problems } = parsePromptFile(lines.join("\n"), "/ws/.github/prompts/laughs.prompt.md");
    // Expanded, `i` alone would hold 9^9 (387 million) strings.
    assert.ok(JSON.stringify({ prompt, problems }).length < 20_000);
    assert.equal(prompt?.body, "Explain ${selection}.");
    assert.equal(prompt?.temperature, undefined, "the aliased temperature is not taken");
    assert.ok(problems.some((p) => /temperature/.test(p.message)), "and it is said why");
  });

  it("reads a 10 MB body as it is, in one pass (the estimate before sending is the engine's)", () => {
    const body = "Explain ${selection} carefully.\n".repeat(330_000);
    assert.ok(body.length > 10_000_000);
    const { prompt, problems } = parsePromptFile(`---\nname: huge\n---\n${body}`, "/ws/.github/prompts/huge.prompt.md");
    assert.deepEqual(problems, []);
    assert.equal(prompt?.body.length, body.trimEnd().length);
  });

  it("reads CRLF files and a byte-order mark", () => {
    const { prompt, problems } = parsePromptFile("\uFEFF---\r\ndescription: crlf\r\n---\r\nLine one\r\nLine two\r\n", "c.prompt.md");
    assert.deepEqual(problems, []);
    assert.equal(prompt?.description, "crlf");
    assert.equal(prompt?.body, "Line one\nLine two");
  });

  it("fills the variables, asks each input once in order, and keeps escaped and unknown ${…} as text", () => {
    const body = "In ${fileBasename} (${fileBasenameNoExtension}, ${fileDirname}, ${workspaceFolderBasename} at ${workspaceFolder}, ${file}):\n${selectedText}\nAs ${input:style:e.g. terse}; for ${input:audience}; again ${input:style}.\nKeep `\\${selection}` and `${notAVariable}` and ${ input }.";
    assert.deepEqual(promptInputs(body), [{ name: "style", placeholder: "e.g. terse" }, { name: "audience", placeholder: undefined }]);
    assert.equal(mentionsSelection(body), true);
    assert.equal(mentionsSelection("Use \\${selection} literally"), false);
    assert.equal(
      renderPrompt(body, vars, { style: "terse", audience: "juniors" }),
      "In a.ts (a, /ws/src, ws at /ws, /ws/src/a.ts):\nconst a = 1;\nAs terse; for juniors; again terse.\nKeep `${selection}` and `${notAVariable}` and ${ input }.",
    );
    assert.equal(renderPrompt("${input:missing}", vars, {}), "${input:missing}", "an unanswered input stays as written");
  });
});

describe("prompt files from every place", () => {
  const file = (id: string, origin: PromptSourceFile["origin"], text: string): PromptSourceFile => ({ id, origin, text });

  it("uses a name once: workspace over the settings' folders over the user's over built-in; a duplicate in one place is warned", () => {
    const { prompts, problems } = collectPrompts([
      file("b/review.prompt.md", "builtin", "Built-in review."),
      file("b/find-bugs.prompt.md", "builtin", "Built-in bugs."),
      file("u/review.prompt.md", "user", "My review."),
      file("w/x.prompt.md", "workspace", "---\nname: Review\n---\nTeam review."),
      file("w/y.prompt.md", "workspace", "---\nname: review\n---\nSecond team review."),
      file("f/broken.prompt.md", "folder", "---\nname: [x\n---\nBody"),
    ]);
    assert.deepEqual(prompts.map((p) => [p.origin, p.prompt.name, p.prompt.body]), [["workspace", "Review", "Team review."], ["builtin", "find-bugs", "Built-in bugs."]]);
    assert.match(problems.get("w/y.prompt.md")![0].message, /already called “review” \(w\/x\.prompt\.md\)/);
    assert.deepEqual(problems.get("u/review.prompt.md"), [], "a file that is replaced by one from a nearer place is not a problem");
    assert.equal(problems.get("f/broken.prompt.md")![0].severity, "error");
  });

  it("reads /name and what follows in the chat, and nothing else as a command", () => {
    assert.deepEqual(slashCommand("/explain-for  new joiners\nand more"), { name: "explain-for", rest: "new joiners\nand more" });
    assert.deepEqual(slashCommand("  /review "), { name: "review", rest: "" });
    assert.equal(slashCommand("/etc/hosts is odd"), undefined);
    assert.equal(slashCommand("see /review"), undefined);
    assert.equal(slashCommand("/"), undefined);
  });
});
