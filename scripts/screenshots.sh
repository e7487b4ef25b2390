#!/usr/bin/env bash
# Regenerates the README's pictures (docs/*.png) from the screenshots the workbench tests take of
# the packaged extension, so the pictures never go stale. Runs the workbench and first-run tests
# (setting up the VS Code server as `npm test` does), then copies and compresses (pngquant) the
# chosen ones. `--from-last-run` skips the tests and uses test-results/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

# docs/<name>.png  <-  test-results/<screenshot>.png
PICTURES=(
  "result-panel:workbench-explain-done"
  "chat:workbench-chat-done"
  "chat-image:workbench-chat-image"
  "model-switcher:workbench-switcher"
  "usage:workbench-usage"
  "rewrite:workbench-rewrite-diff"
  "compare:workbench-compare"
  "walkthrough:first-run-walkthrough-done"
)

if [ "${1:-}" != "--from-last-run" ]; then
  bash scripts/setup-host.sh
  npx tsc -p . && npm run vsix --silent
  FALR_TEST_GREP="workbench|first run" node out/test/ui/runWebviewTests.js
fi
if ! command -v pngquant >/dev/null; then
  echo "[screenshots] installing pngquant" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y pngquant >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y pngquant >/dev/null; }
fi
for pair in "${PICTURES[@]}"; do
  name="${pair%%:*}"; shot="test-results/${pair#*:}.png"
  [ -f "$shot" ] || { echo "[screenshots] missing $shot: did its test run?" >&2; exit 1; }
  pngquant --quality=65-90 --speed 1 --strip --force --output "docs/$name.png" "$shot"
  echo "[screenshots] docs/$name.png ($(stat -c %s "docs/$name.png") bytes) from $shot"
done
