/**
 * Markdown for untrusted model output: markdown-it with raw HTML disabled, highlight.js for
 * code, and DOMPurify over the result. Images are never loaded (they become links), and only
 * http(s)/mailto links survive; clicks on them are sent to the host, which checks them again.
 */
import DOMPurify from "dompurify";
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

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);
hljs.registerAliases(["ts", "tsx", "typescriptreact"], { languageName: "typescript" });
hljs.registerAliases(["js", "jsx", "javascriptreact"], { languageName: "javascript" });
hljs.registerAliases(["sh", "shell", "shellscript", "zsh"], { languageName: "bash" });
hljs.registerAliases(["py"], { languageName: "python" });
hljs.registerAliases(["rs"], { languageName: "rust" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });
hljs.registerAliases(["cs"], { languageName: "csharp" });

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function highlight(code: string, lang: string): string {
  const name = lang.trim().split(/\s+/)[0]?.toLowerCase();
  if (name && hljs.getLanguage(name)) {
    try {
      return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
    } catch {
      /* fall through to plain */
    }
  }
  return escapeHtml(code);
}

function create(withHighlight: boolean) {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: false, highlight: withHighlight ? highlight : () => "" });
  md.validateLink = (url) => /^(https?:|mailto:|#)/i.test(url.trim());
  // Never load an image: show it as a link the user can open through the host.
  md.renderer.rules.image = (tokens, idx) => {
    const token = tokens[idx];
    const src = String(token.attrGet("src") ?? "");
    const alt = String(token.content || "image");
    return `<a href="${escapeHtml(src)}" class="image-link" title="Image not loaded: ${escapeHtml(src)}">🖼 ${escapeHtml(alt)}</a>`;
  };
  return md;
}

const highlighted = create(true);
/** For the still-growing tail: re-highlighting an unfinished block every frame costs O(n²). */
const plain = create(false);

const PURIFY = {
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  FORBID_TAGS: ["img", "style", "form", "input", "button", "iframe", "object", "embed", "svg", "math", "video", "audio", "source"],
  FORBID_ATTR: ["style", "srcset"],
};

export function renderMarkdown(src: string, opts: { final: boolean }): string {
  const html = (opts.final ? highlighted : plain).render(src);
  return DOMPurify.sanitize(html, PURIFY) as unknown as string;
}

/** Char offsets where top-level blocks start, by markdown-it's own block parser. */
export function blockStarts(src: string): number[] {
  const tokens = plain.parse(src, {});
  const lines: number[] = [];
  for (const t of tokens) {
    if (t.level === 0 && t.nesting !== -1 && t.map && t.block) lines.push(t.map[0]);
  }
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  const offsets: number[] = [];
  let line = 0;
  let pos = 0;
  for (const target of unique) {
    while (line < target) {
      const nl = src.indexOf("\n", pos);
      if (nl < 0) break;
      pos = nl + 1;
      line++;
    }
    offsets.push(pos);
  }
  return offsets;
}
