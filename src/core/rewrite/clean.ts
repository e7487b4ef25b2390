/**
 * The code a rewrite proposes, cleaned out of the model's markdown answer: the right fenced block
 * (tokenised by markdown-it, as the webviews render it), re-indented to where the selection sits,
 * in the editor's indentation style, and with the selection's own line ending and final newline.
 */
import type MarkdownIt from "markdown-it";

/** Where the code goes and how that editor indents. */
export interface CleanContext {
  /** The VS Code language id of the document. */
  readonly languageId: string;
  /** The selected text, as sent (line endings as in the document). */
  readonly original: string;
  /** The whitespace that starts the selection's first line in the document. */
  readonly lineIndent: string;
  /** The column the selection starts at, in characters. */
  readonly startColumn: number;
  readonly insertSpaces: boolean;
  readonly tabSize: number;
  /** The document's line ending. */
  readonly eol: "\n" | "\r\n";
}

/** Fence names models use, for each VS Code language id they may mean. */
const ALIASES: Record<string, readonly string[]> = {
  typescript: ["ts", "typescript"],
  typescriptreact: ["tsx", "typescriptreact", "typescript", "ts"],
  javascript: ["js", "javascript", "mjs", "cjs"],
  javascriptreact: ["jsx", "javascriptreact", "javascript", "js"],
  python: ["py", "python", "python3"],
  shellscript: ["sh", "bash", "shell", "zsh", "shellscript"],
  rust: ["rs", "rust"],
  csharp: ["cs", "csharp", "c#"],
  cpp: ["cpp", "c++", "cc", "cxx"],
  go: ["go", "golang"],
  ruby: ["rb", "ruby"],
  yaml: ["yml", "yaml"],
  markdown: ["md", "markdown"],
};

let parser: InstanceType<typeof MarkdownIt> | undefined;

/**
 * The fenced blocks of an answer; an unclosed last fence (still streaming) runs to the end.
 * markdown-it is required on the first rewrite (dist/markdown-it.js, a file of its own: esbuild.mjs).
 */
export function fencedBlocks(answer: string): { lang: string; code: string }[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  parser ??= new (require("markdown-it") as typeof MarkdownIt)("commonmark");
  return parser
    .parse(answer, {})
    .filter((t) => t.type === "fence")
    .map((t) => ({ lang: t.info.trim().split(/\s+/)[0].toLowerCase(), code: t.content.replace(/\n$/, "") }));
}

/**
 * The block a rewrite means: the longest block in the document's language when there is one,
 * else the longest block; the whole answer when it has no fence (undefined while it streams, when
 * prose may still lead to a fence). A block in another language (a shell command to run the
 * tests, say) does not win over the code.
 */
export function pickCode(answer: string, languageId: string, streaming = false): string | undefined {
  const blocks = fencedBlocks(answer);
  if (blocks.length === 0) return streaming ? undefined : answer.trim();
  const names = ALIASES[languageId] ?? [languageId.toLowerCase()];
  const same = blocks.filter((b) => names.includes(b.lang));
  const pool = same.length ? same : blocks;
  return pool.reduce((best, b) => (b.code.length > best.code.length ? b : best)).code;
}

const leading = (line: string): string => /^[ \t]*/.exec(line)![0];

function width(ws: string, tabSize: number): number {
  let w = 0;
  for (const ch of ws) w = ch === "\t" ? w + tabSize - (w % tabSize) : w + 1;
  return w;
}

function indentOf(w: number, ctx: CleanContext): string {
  return ctx.insertSpaces ? " ".repeat(w) : "\t".repeat(Math.floor(w / ctx.tabSize)) + " ".repeat(w % ctx.tabSize);
}

/**
 * Re-indents `code` for the selection: the block's own common indentation is removed, each line
 * is re-emitted in the editor's style (tabs or spaces), and the selection's indentation is put
 * back in front, except on a first line that starts after the indentation already in the document.
 * Line endings become the document's, and the code ends with a newline exactly when the
 * selection did.
 */
export function fitToSelection(code: string, ctx: CleanContext): string {
  const lines = code.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 1 && lines[lines.length - 1].trim() === "") lines.pop();
  while (lines.length > 1 && lines[0].trim() === "") lines.shift();
  const widths = lines.filter((l) => l.trim() !== "").map((l) => width(leading(l), ctx.tabSize));
  const common = widths.length ? Math.min(...widths) : 0;
  const firstPrefix = ctx.lineIndent.slice(Math.min(ctx.startColumn, ctx.lineIndent.length));
  const out = lines.map((line, i) => {
    if (line.trim() === "") return "";
    const own = width(leading(line), ctx.tabSize) - common;
    return (i === 0 ? firstPrefix : ctx.lineIndent) + indentOf(own, ctx) + line.slice(leading(line).length);
  });
  const endsWithNewline = /\r?\n$/.test(ctx.original);
  return out.join(ctx.eol) + (endsWithNewline ? ctx.eol : "");
}

/** The proposed replacement for the selection, or undefined when the answer has none (yet). */
export function proposedCode(answer: string, ctx: CleanContext, streaming = false): string | undefined {
  const code = pickCode(answer, ctx.languageId, streaming);
  if (code === undefined) return undefined;
  if (code.trim() === "") return streaming ? undefined : "";
  return fitToSelection(code, ctx);
}
