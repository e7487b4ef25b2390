/**
 * Markdown for untrusted model output: markdown-it with raw HTML disabled, highlight.js for
 * code, and DOMPurify over the result. Images are never loaded (they become links), and only
 * http(s) links survive (a `mailto:` or bare address stays text: the host opens http(s) only);
 * clicks on them are sent to the host, which checks them again.
 */
import DOMPurify, { type Config } from "dompurify";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import MarkdownIt from "markdown-it";
import * as l10n from "@vscode/l10n";
import { escapeHtml } from "./dom";

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);
hljs.registerAliases(["ts", "tsx", "typescriptreact"], { languageName: "typescript" });
hljs.registerAliases(["js", "jsx", "javascriptreact"], { languageName: "javascript" });
hljs.registerAliases(["sh", "shell", "shellscript", "zsh"], { languageName: "bash" });
hljs.registerAliases(["py"], { languageName: "python" });
hljs.registerAliases(["rs"], { languageName: "rust" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });
hljs.registerAliases(["cs"], { languageName: "csharp" });

/** Code blocks longer than this are shown unhighlighted: highlighting is the costliest part of a render. */
export const HIGHLIGHT_MAX_CHARS = 32_768;

function highlight(code: string, lang: string): string {
  const name = lang.trim().split(/\s+/)[0]?.toLowerCase();
  if (name && code.length <= HIGHLIGHT_MAX_CHARS && hljs.getLanguage(name)) {
    try {
      return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
    } catch {
      /* fall through to plain */
    }
  }
  return escapeHtml(code);
}

function create(withHighlight: boolean) {
  // maxNesting bounds markdown-it's own recursion (10,000 nested lists or quotes stop at this depth).
  const md = new MarkdownIt({ html: false, linkify: true, breaks: false, maxNesting: 20, highlight: withHighlight ? highlight : () => "" });
  md.validateLink = (url) => /^(https?:|#)/i.test(url.trim());
  // Never load an image: show it as a link the user can open through the host.
  md.renderer.rules.image = (tokens, idx) => {
    const token = tokens[idx];
    const src = String(token.attrGet("src") ?? "");
    const alt = String(token.content || "image");
    return `<a href="${escapeHtml(src)}" class="image-link" title="${escapeHtml(l10n.t("Image not loaded: {0}", src))}">🖼 ${escapeHtml(alt)}</a>`;
  };
  return md;
}

const highlighted = create(true);
/** For the still-growing tail: re-highlighting an unfinished block every frame costs O(n²). */
const plain = create(false);

const PURIFY: Config = {
  ALLOWED_URI_REGEXP: /^(?:https?:|#)/i,
  FORBID_TAGS: ["img", "style", "form", "input", "button", "iframe", "object", "embed", "svg", "math", "video", "audio", "source"],
  FORBID_ATTR: ["style", "srcset"],
  // DOMPurify hands back the nodes it sanitised: no serialising and parsing the HTML again.
  RETURN_DOM_FRAGMENT: true,
};

/**
 * The page's sanitiser, configured once: a config passed to each `sanitize` call is parsed again
 * each time, which cost 0.6 ms of the 0.9 ms a small block takes, or about 600 ms over the 1,000
 * blocks of a 140 KB answer streamed block by block (BENCHMARKS.md, render rows).
 */
let purifier: ReturnType<typeof DOMPurify> | undefined;
function purify(html: string): DocumentFragment {
  if (!purifier) {
    purifier = DOMPurify(window);
    purifier.setConfig(PURIFY);
  }
  // With RETURN_DOM_FRAGMENT set by setConfig, sanitize returns a fragment (its typings assume a string).
  return purifier.sanitize(html) as unknown as DocumentFragment;
}

/**
 * Bounds on what the sanitiser and the layout ever get in one go (issue 16): markdown-it turns
 * some degenerate inputs (`'*'.repeat(60000)`, `'*a '` repeated) into tens of thousands of nested
 * `<em>`/`<strong>`, which DOMPurify then needs seconds to re-parse. Past these bounds a block is
 * shown as plain text instead; the text itself is never dropped.
 */
export const RENDER_LIMITS = { sourceChars: 32_768, elements: 4_000, depth: 40 };

/** Elements and nesting depth of an HTML string that markdown-it produced, counted in one pass. */
export function htmlShape(html: string): { elements: number; depth: number } {
  let elements = 0;
  let depth = 0;
  let maxDepth = 0;
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(\/?)>/g;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (m[1]) {
      depth--;
    } else {
      elements++;
      if (!m[3] && !VOID.has(m[2].toLowerCase())) maxDepth = Math.max(maxDepth, ++depth);
    }
  }
  return { elements, depth: maxDepth };
}
const VOID = new Set(["br", "hr", "img", "input", "wbr", "col", "area", "base", "meta", "link", "source"]);

/** Sanitised DOM for markdown-it's HTML, or `undefined` past the render limits. */
function sanitise(html: string): DocumentFragment | undefined {
  const shape = htmlShape(html);
  if (shape.elements > RENDER_LIMITS.elements || shape.depth > RENDER_LIMITS.depth) return undefined;
  return purify(html);
}

/** Link reference definitions (`[label]: url`) by normalised label, as markdown-it keeps them. */
export type References = NonNullable<NonNullable<Parameters<typeof plain.parse>[1]>["references"]>;

/**
 * The sanitised DOM of a markdown source, or `undefined` when the block is past the render limits.
 * `references`: definitions made elsewhere in the answer (a block rendered alone would not see them).
 */
export function renderMarkdown(src: string, opts: { final: boolean; references?: References }): DocumentFragment | undefined {
  if (src.length > RENDER_LIMITS.sourceChars) return undefined;
  return sanitise((opts.final ? highlighted : plain).render(src, { references: { ...opts.references } }));
}

/** Block rules only (reference definitions are block-level): linear, no inline parsing. */
const blocksOnly = new MarkdownIt({ html: false });
blocksOnly.core.ruler.disable(["inline", "linkify", "replacements", "smartquotes", "text_join"]);

/** The link reference definitions of a whole text, or `undefined` when it defines none. */
export function referencesOf(src: string): References | undefined {
  if (!/^ {0,3}\[[^\]\n]+\]:/m.test(src)) return undefined;
  const env: { references?: References } = {};
  blocksOnly.parse(src, env);
  return env.references && Object.keys(env.references).length ? env.references : undefined;
}

type Token = ReturnType<typeof plain.parse>[number];

/** A source parsed once: where its top-level blocks start, and a way to render from one of them. */
export interface ParsedBlocks {
  /** Char offsets where top-level blocks start. */
  readonly starts: number[];
  /** The unhighlighted render of the blocks from `starts[i]` on, from the same parse. */
  renderFrom(i: number): DocumentFragment | undefined;
}

/** Where the top-level blocks of `tokens` start in `src`, and their first tokens. */
function startsOf(tokens: Token[], src: string): { starts: number[]; firstToken: number[] } {
  const lines: number[] = [];
  const firstToken: number[] = [];
  tokens.forEach((t: Token, i: number) => {
    if (t.level === 0 && t.nesting !== -1 && t.map && t.block && t.map[0] !== lines.at(-1)) {
      lines.push(t.map[0]);
      firstToken.push(i);
    }
  });
  const starts: number[] = [];
  let line = 0;
  let pos = 0;
  for (const target of lines) {
    while (line < target) {
      const nl = src.indexOf("\n", pos);
      if (nl < 0) break;
      pos = nl + 1;
      line++;
    }
    starts.push(pos);
  }
  return { starts, firstToken };
}

/** Parses `src` once (block and inline rules): where its blocks start, and renders from one of them. */
export function parseBlocks(src: string): ParsedBlocks {
  const env = {};
  const tokens = plain.parse(src, env);
  const { starts, firstToken } = startsOf(tokens, src);
  return {
    starts,
    renderFrom: (i) => (src.length > RENDER_LIMITS.sourceChars ? undefined : sanitise(plain.renderer.render(tokens.slice(firstToken[i] ?? 0), plain.options, env))),
  };
}

/**
 * Char offsets where top-level blocks start, by markdown-it's block rules only: linear whatever the
 * text (the inline rules are what pathological emphasis makes slow).
 */
export function blockStarts(src: string): number[] {
  return startsOf(blocksOnly.parse(src, {}), src).starts;
}
