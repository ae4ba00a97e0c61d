//! Snapshots of every output format on small notices written for the tests
//! (`tests/data/`), so a change in rendering shows up as a reviewed diff.

use assert_cmd::Command;

fn run(format: &str, file: &str) -> String {
    let out = Command::cargo_bin("avglint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--color", "never", "--format", format, file])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn human_nl() {
    insta::assert_snapshot!(run("human", "tests/data/snapshot-nl.md"));
}

#[test]
fn human_en_text() {
    insta::assert_snapshot!(run("human", "tests/data/snapshot-en.txt"));
}

#[test]
fn json_nl() {
    insta::assert_snapshot!(run("json", "tests/data/snapshot-nl.md"));
}

#[test]
fn json_en_text() {
    insta::assert_snapshot!(run("json", "tests/data/snapshot-en.txt"));
}
