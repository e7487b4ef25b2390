#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, build, lint, typecheck, unit tests,
# webview tests in real Chromium, and the workbench and integration suites inside a real VS Code
# running the packaged .vsix (installed with --install-extension), as a user gets it.
#
# Environment: FALR_CACHE (where the host is cached), FALR_SKIP_HOST_SETUP=1 (setup-host.sh
# already ran), FALR_UI_WORKBENCH=0 (leave out the workbench test), FALR_TEST_GREP (run only
# matching tests), VSCODE_EXECUTABLE (also run the suite through @vscode/test-electron).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { echo; echo "== $* ($((SECONDS - start)) s)"; }

step "npm packages"
# Reinstall unless node_modules holds what the lockfile names (an interrupted install does not).
node scripts/deps-ok.mjs || npm ci --no-audit --no-fund
[ "${FALR_SKIP_HOST_SETUP:-0}" = 1 ] || { step "host (Chromium, Node 24, VS Code server)"; bash scripts/setup-host.sh; }

step "typecheck and lint"
rm -rf out
npx tsc -p .
npx eslint src test bench

step "package: production bundles and fal-router.vsix"
npm run vsix --silent >/dev/null
ls -l fal-router.vsix

step "unit tests"
npx mocha --config .mocharc.json

step "webview tests in Chromium, then the workbench"
node out/test/ui/runWebviewTests.js

if [ -n "${VSCODE_EXECUTABLE:-}" ]; then
  step "integration suite through @vscode/test-electron"
  node out/test/integration/runElectron.js
fi
step "integration suite in the real extension host"
node out/test/integration/runServerHost.js
step "the stores against real extension hosts: two at once, and killed while writing"
node out/test/integration/runStorageHosts.js
step "all passed"
