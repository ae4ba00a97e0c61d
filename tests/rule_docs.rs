//! `docs/rules/` (the pages SARIF's `helpUri` points at) is generated from
//! the rule data by `avglint rules --markdown docs/rules`; this test fails
//! when a page is stale, missing or left over, and every SARIF rule of the
//! built-in catalogue has a `helpUri` naming its page.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

fn pages(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(&p).expect("page"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn rule_pages_are_current() {
    let fresh = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("avglint")
        .unwrap()
        .env_remove("AVGLINT_RULES_DIR")
        .args(["rules", "--no-config", "--markdown"])
        .arg(fresh.path())
        .assert()
        .success();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let (want, have) = (pages(fresh.path()), pages(&root));
    let mut problems = Vec::new();
    for (name, text) in &want {
        match have.get(name) {
            None => problems.push(format!("docs/rules/{name} is missing")),
            Some(t) if t != text => problems.push(format!("docs/rules/{name} is stale")),
            _ => {}
        }
    }
    for name in have.keys().filter(|n| !want.contains_key(*n)) {
        problems.push(format!("docs/rules/{name} names no rule"));
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: cargo run -- rules --no-config --markdown docs/rules",
        problems.join("\n")
    );
}

#[test]
fn sarif_rules_point_at_their_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("n.md"), "# Privacy\n\nWe keep your data.\n").unwrap();
    let out = Command::cargo_bin("avglint")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("AVGLINT_RULES_DIR")
        .args(["check", "--no-config", "--format", "sarif", "n.md"])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(!rules.is_empty());
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    for r in rules {
        let id = r["id"].as_str().unwrap();
        let uri = r["helpUri"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: no helpUri"));
        assert!(uri.ends_with(&format!("/docs/rules/{id}.md")), "{uri}");
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(docs.join(format!("{id}.md")).is_file(), "{id}: no page");
    }
}
