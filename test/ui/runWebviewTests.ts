/** Runs the webview tests (mocha) in real Chromium against the built bundle in dist/. */
import Mocha from "mocha";
import { join } from "node:path";

const mocha = new Mocha({ timeout: 60_000, reporter: "spec" });
mocha.addFile(join(__dirname, "webview.test.js"));
mocha.run((failures) => process.exit(failures ? 1 : 0));
