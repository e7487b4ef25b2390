/** Runs the webview tests (mocha) in real Chromium against the built bundles in dist/, then the workbench test. */
import Mocha from "mocha";
import { join } from "node:path";

const mocha = new Mocha({ timeout: 60_000, reporter: "spec", grep: process.env.FALR_TEST_GREP || undefined });
mocha.addFile(join(__dirname, "webview.test.js"));
mocha.addFile(join(__dirname, "chat.test.js"));
mocha.addFile(join(__dirname, "chatImages.test.js"));
mocha.addFile(join(__dirname, "compare.test.js"));
mocha.addFile(join(__dirname, "degenerate.test.js"));
mocha.addFile(join(__dirname, "hostile.test.js"));
mocha.addFile(join(__dirname, "narrow.test.js"));
mocha.addFile(join(__dirname, "a11y.test.js"));
// The workbench test needs the VS Code server (scripts/setup-host.sh); FALR_UI_WORKBENCH=0 leaves it out.
if (process.env.FALR_UI_WORKBENCH !== "0") {
  mocha.addFile(join(__dirname, "workbench.test.js"));
  mocha.addFile(join(__dirname, "firstRun.test.js"));
  mocha.addFile(join(__dirname, "themes.test.js"));
  mocha.addFile(join(__dirname, "locale.test.js"));
}
mocha.run((failures) => process.exit(failures ? 1 : 0));
