#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, build, lint, typecheck, unit tests,
# webview tests in real Chromium, and the integration suite inside a real VS Code host.
# Set FALR_SKIP_HOST_SETUP=1 only if scripts/setup-host.sh already ran on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund
[ "${FALR_SKIP_HOST_SETUP:-0}" = 1 ] || bash scripts/setup-host.sh
rm -rf out
npx tsc -p .
node esbuild.mjs
npx eslint src test bench
npx mocha --config .mocharc.json
node out/test/ui/runWebviewTests.js
if [ -n "${VSCODE_EXECUTABLE:-}" ]; then
  node out/test/integration/runElectron.js
fi
node out/test/integration/runServerHost.js
