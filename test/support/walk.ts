import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file below `dir` (recursively) smaller than `maxBytes`, for the runners' searches of what a host wrote. */
export function* filesUnder(dir: string, maxBytes = Infinity): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* filesUnder(p, maxBytes);
    else if (st.size < maxBytes) yield p;
  }
}
