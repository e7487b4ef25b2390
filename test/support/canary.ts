/**
 * Searching text for a key, in every form it could leak in: the whole key, its secret half, each
 * URL-encoded, and base64 (standard and URL-safe) at each of the three byte alignments a key can
 * take inside a longer encoded string. No Node-only or DOM-only API beyond Buffer, so both the
 * runner and the in-host suite use it.
 */

function base64Windows(value: string): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(value, "utf8")]).toString("base64");
    // Characters that mix the prefix's bits (at the start) or the padding (at the end) are dropped.
    const start = [0, 2, 3][offset];
    const window = encoded.slice(start, encoded.length - 4);
    out.push(window, window.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return out;
}

/** Every form of `key` (`id:secret`) that counts as a leak. */
export function keyForms(key: string): { form: string; text: string }[] {
  const secret = key.slice(key.indexOf(":") + 1);
  const forms = [
    { form: "plain", text: key },
    { form: "secret", text: secret },
    { form: "url-encoded", text: encodeURIComponent(key) },
    ...base64Windows(key).map((text) => ({ form: "base64", text })),
    ...base64Windows(secret).map((text) => ({ form: "base64 of the secret", text })),
  ];
  return forms.filter((f, i) => f.text.length >= 12 && forms.findIndex((g) => g.text === f.text) === i);
}

/** The first form of any of `keys` found in `text`, described, or undefined. */
export function findKey(text: string, keys: readonly string[]): string | undefined {
  for (const key of keys) for (const f of keyForms(key)) if (text.includes(f.text)) return `${f.form} of ${key.slice(0, key.indexOf(":"))}`;
  return undefined;
}
