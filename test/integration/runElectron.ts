/**
 * The same integration suite through @vscode/test-electron, for machines where a desktop VS Code
 * can be downloaded or is given by path (VSCODE_EXECUTABLE). The offline runner is
 * runServerHost.ts; both load out/test/integration/suite/index.js.
 */
import { runTests } from "@vscode/test-electron";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ENV_KEY } from "./suite/keys";

async function main(): Promise<void> {
  const root = resolve(__dirname, "../../..");
  const workspace = mkdtempSync(join(tmpdir(), "falr-electron-"));
  cpSync(join(root, "test/fixtures/workspace"), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, "out/test/integration/suite/index.js"),
      extensionTestsEnv: { FAL_KEY: ENV_KEY },
      launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust", "--skip-welcome"],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
