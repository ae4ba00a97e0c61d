#!/usr/bin/env bash
# Headless Chromium for the browser tests (the audit page, the notice checker page).
# Debian's package, installed only when absent; prints the binary's path.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
command -v chromium
