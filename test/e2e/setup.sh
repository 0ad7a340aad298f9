#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end scenarios, from the npm registry only:
# code-server (VS Code served to a browser; it asks for Node 24) and Node 24 itself from the
# `node` npm package. Debian's chromium drives it. Idempotent; tools go to test/e2e/.tools.
set -euo pipefail
cd "$(dirname "$0")"
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS"
if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # libkrb5-dev: code-server's bundled VS Code builds the kerberos addon.
  apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
cd "$TOOLS"
[ -f package.json ] || npm init -y >/dev/null
[ -x node_modules/node/bin/node ] || npm install --no-audit --no-fund node@24
export PATH="$TOOLS/node_modules/node/bin:$PATH"
if [ ! -x node_modules/.bin/code-server ]; then
  # Some addons run cross-env in their install scripts before npm links it: have it on PATH.
  npm install -g --no-audit --no-fund cross-env node-gyp-build >/dev/null
  npm install --no-audit --no-fund code-server@4.139.1
fi
echo "code-server $(node_modules/.bin/code-server --version | head -1) with node $(node --version)"
