#!/usr/bin/env bash
# The notice checker page's tests, outside cargo: builds the WASM package and
# the CLI, installs what the tests need, then runs the WASM-equals-CLI test
# and the browser test (screenshots and downloads in target/web-test/).
# `cargo test --test web` runs the same two tests (with CI=true or
# AVGLINT_WEB_TEST=1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
scripts/install-web-test-deps.sh
cargo build --locked --bin avglint
AVGLINT_BIN=target/debug/avglint node tests/web/same-report.js
node tests/web/browser.js target/web-test
