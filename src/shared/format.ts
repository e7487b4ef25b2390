/**
 * How money, token counts and times read, in the user's locale, for the host and the webviews
 * alike (core may use it too). Pure: no vscode, no DOM, imports nothing. The host sets the locale
 * from `vscode.env.language`; a webview from its document's `lang`, which the host writes.
 */

let locale = "en";
/** The tag given to setFormatLocale, checked when a format is first needed (ICU's first use costs ~17 ms: not at activation). */
let requested: string | undefined;
const cache = new Map<string, Intl.NumberFormat>();

/** `tag` if it is a plain language tag this runtime supports, else "en" (also what a page's `lang` gets). */
export function localeTag(tag: string | undefined): string {
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag) && Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : "en";
}

/** Sets the locale for every format below; an unknown or malformed tag leaves English. */
export function setFormatLocale(tag: string | undefined): void {
  requested = tag ?? "en";
}

function currentLocale(): string {
  if (requested !== undefined) {
    const next = localeTag(requested);
    requested = undefined;
    if (next !== locale) {
      cache.clear();
      dateTimes.clear();
    }
    locale = next;
  }
  return locale;
}

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const tag = currentLocale();
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(tag, options)));
  return f;
}

const usd = (digits: Intl.NumberFormatOptions) => ({ style: "currency", currency: "USD", currencyDisplay: "narrowSymbol", ...digits }) as const;

/** USD with enough precision for sub-cent LLM calls: $0.00058, $0.0123, $1.25. */
export function formatUsd(cost: number | undefined): string {
  if (cost === undefined) return "—";
  if (cost === 0) return numberFormat("usd0", usd({ minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(0);
  if (cost < 0.01) return numberFormat("usd-tiny", usd({ maximumSignificantDigits: 2 })).format(cost);
  if (cost < 1) return numberFormat("usd-small", usd({ minimumFractionDigits: 2, maximumFractionDigits: 4 })).format(cost);
  return numberFormat("usd", usd({ minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(cost);
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "—";
  if (ms < 1000) return `${numberFormat("int", { maximumFractionDigits: 0 }).format(ms)} ms`;
  return `${numberFormat("s", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** A count (tokens, characters) with the locale's grouping. */
export function formatCount(n: number | undefined): string {
  return n === undefined ? "—" : numberFormat("int", { maximumFractionDigits: 0 }).format(n);
}

export const formatTokens = formatCount;

const dateTimes = new Map<string, Intl.DateTimeFormat>();

/** A moment (ISO string or epoch ms) as the locale writes a date with a time, e.g. "Nov 25, 2026, 12:30 PM". */
export function formatDateTime(when: string | number): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return "—";
  const tag = currentLocale();
  let f = dateTimes.get(tag);
  if (!f) dateTimes.set(tag, (f = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" })));
  return f.format(d);
}
