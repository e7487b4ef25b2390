/** The suite entry both runners load (test-electron and the offline VS Code server). */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";
import { watchWebviewPosts } from "./sinks";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 30_000, grep: process.env.FALR_TEST_GREP || undefined, rootHooks: { beforeEach: watchWebviewPosts, afterEach: watchWebviewPosts } });
  for (const f of readdirSync(__dirname)) if (f.endsWith(".test.js")) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
