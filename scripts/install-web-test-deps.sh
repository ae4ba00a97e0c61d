#!/usr/bin/env bash
# What the notice checker page's tests need besides the WASM package
# (scripts/build-wasm.sh): Node.js (Debian's, only when absent), Chromium
# (scripts/install-chromium.sh) and playwright-core, exactly as locked in
# tests/web/package-lock.json (npm ci; it drives Debian's Chromium and
# downloads no browser of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
scripts/install-chromium.sh >/dev/null
# Skipped when node_modules already holds the locked version.
want=$(node -p "require('./tests/web/package-lock.json').packages['node_modules/playwright-core'].version")
have=$(node -p "try { require('./tests/web/node_modules/playwright-core/package.json').version } catch (e) { '' }")
if [ "$want" != "$have" ]; then
    (cd tests/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
