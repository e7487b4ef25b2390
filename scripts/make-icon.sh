#!/usr/bin/env bash
# Renders the Marketplace icon (media/icon.png, 128×128 PNG: the Marketplace refuses SVG) from
# scripts/icon/icon.html with headless Chromium. Run it after changing the drawing; the PNG is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
"${CHROMIUM_PATH:-chromium}" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$PWD/media/icon.png" "file://$PWD/scripts/icon/icon.html" 2>/dev/null
file media/icon.png
