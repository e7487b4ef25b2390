/**
 * The YAML of a prompt file's front matter, read with the `yaml` package (maintained, no
 * dependencies). It is required on first use, so the host ships it as dist/yaml.js and loads it
 * only when prompt files are read.
 */
import type * as Yaml from "yaml";

export interface YamlEntry {
  readonly key: string;
  readonly value: unknown;
  /** 0-based, in the YAML text. */
  readonly line: number;
  readonly column: number;
}

export interface YamlMapResult {
  readonly errors: readonly { readonly message: string; readonly line: number; readonly column: number }[];
  /** Undefined when the text is YAML but not a mapping; empty for empty text. */
  readonly entries?: readonly YamlEntry[];
}

export interface YamlParser {
  parseMap(text: string): YamlMapResult;
}

let parser: YamlParser | undefined;

export function yamlParser(): YamlParser {
  if (parser) return parser;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require("yaml") as typeof Yaml;
  parser = {
    parseMap(text) {
      const lines = new yaml.LineCounter();
      const doc = yaml.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
      const where = (offset: number) => {
        const p = lines.linePos(offset);
        return { line: p.line - 1, column: p.col - 1 };
      };
      if (doc.errors.length > 0) return { errors: doc.errors.map((e) => ({ message: e.message.split("\n")[0], ...where(e.pos[0]) })) };
      if (doc.contents === null) return { errors: [], entries: [] };
      if (!yaml.isMap(doc.contents)) return { errors: [] };
      const entries: YamlEntry[] = [];
      for (const pair of doc.contents.items) {
        const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const start = yaml.isNode(pair.key) && pair.key.range ? pair.key.range[0] : 0;
        const value: unknown = yaml.isNode(pair.value) ? pair.value.toJSON() : pair.value;
        entries.push({ key, value, ...where(start) });
      }
      return { errors: [], entries };
    },
  };
  return parser;
}
