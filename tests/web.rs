//! The notice checker page (`web/`): the WASM report equals the command
//! line's for every fixture, and the browser test (headless Chromium,
//! `tests/web/browser.js`). Both need the WASM package
//! (`scripts/build-wasm.sh`), Node.js and playwright-core
//! (`scripts/install-web-test-deps.sh`), so they run only with `CI=true` (then
//! a missing piece is a failure) or `AVGLINT_WEB_TEST=1`; elsewhere they pass
//! with a note. `scripts/test-web.sh` builds everything and runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether to run, and when running, that every piece is there.
fn wanted() -> bool {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    let asked = std::env::var("AVGLINT_WEB_TEST").as_deref() == Ok("1");
    if !ci && !asked {
        eprintln!("note: the notice checker page's tests run with CI=true or AVGLINT_WEB_TEST=1 (scripts/test-web.sh)");
        return false;
    }
    let r = root();
    for (piece, how) in [
        ("web/pkg/avglint_wasm_bg.wasm", "scripts/build-wasm.sh"),
        ("web/pkg/avglint_wasm_bg.wasm.js", "scripts/build-wasm.sh"),
        (
            "tests/web/node_modules/playwright-core/package.json",
            "scripts/install-web-test-deps.sh",
        ),
    ] {
        assert!(r.join(piece).exists(), "{piece} is missing: run {how}");
    }
    true
}

fn node(script: &str, args: &[&Path]) {
    let status = Command::new("node")
        .arg(root().join("tests/web").join(script))
        .args(args)
        .env("AVGLINT_BIN", env!("CARGO_BIN_EXE_avglint"))
        .current_dir(root())
        .status()
        .expect("node runs (scripts/install-web-test-deps.sh installs it)");
    assert!(status.success(), "tests/web/{script} failed");
}

#[test]
fn the_wasm_report_equals_the_command_lines_for_every_fixture() {
    if wanted() {
        node("same-report.js", &[]);
    }
}

#[test]
fn the_page_checks_pasted_and_dropped_notices_offline() {
    if wanted() {
        node("browser.js", &[&root().join("target/web-test")]);
    }
}
