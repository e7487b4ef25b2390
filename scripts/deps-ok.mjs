// Exits 0 when node_modules holds exactly the versions package-lock.json names (npm's own record
// of the last install, node_modules/.package-lock.json, is compared with the lockfile), else 1.
import { readFileSync } from "node:fs";
try {
  const want = JSON.parse(readFileSync("package-lock.json", "utf8")).packages;
  const have = JSON.parse(readFileSync("node_modules/.package-lock.json", "utf8")).packages;
  const missing = Object.entries(want).filter(([k, p]) => k && !p.optional && have[k]?.version !== p.version);
  if (missing.length) {
    console.log(`node_modules differs from package-lock.json (${missing.length}, e.g. ${missing[0][0]})`);
    process.exit(1);
  }
} catch {
  process.exit(1);
}
