#!/usr/bin/env bash
# The notice checker page's tests, outside CI: builds the WASM package,
# installs what the tests need, then runs tests/web.rs (the WASM-equals-CLI
# test and the browser test; screenshots and downloads in target/web-test/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
scripts/install-web-test-deps.sh
AVGLINT_WEB_TEST=1 cargo test --locked --test web -- --nocapture
