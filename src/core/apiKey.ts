/** The shape of a fal key, and keeping it out of anything printed. */

/** fal keys look like `<key-id>:<key-secret>`. */
const KEY_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_-]{3,}:[A-Za-z0-9_-]{8,}$/;

/** Returns an error message for input that is not shaped like a key, or undefined when it is. */
export function validateKeyShape(input: string): string | undefined {
  const key = input.trim();
  if (key === "") return "Paste your fal key (it looks like key-id:key-secret).";
  if (/\s/.test(key)) return "A fal key has no spaces.";
  if (!key.includes(":")) return "A fal key has two parts separated by a colon: key-id:key-secret.";
  if (!KEY_SHAPE.test(key)) return "That does not look like a fal key (key-id:key-secret, letters, digits, - and _).";
  return undefined;
}

/** Replaces every occurrence of the key, and of its secret half, with a marker. */
export function redact(text: string, key: string | undefined): string {
  if (!key) return text;
  let out = text.split(key).join("[key redacted]");
  const secret = key.slice(key.indexOf(":") + 1);
  if (secret.length >= 8) out = out.split(secret).join("[key redacted]");
  return out;
}
