//! Each notice in `fixtures/checks/` raises exactly the checks listed for it
//! in `fixtures/checks/expected.toml`; the complete notices raise none.

use avglint::rules::Registry;
use avglint::{check_path, Options};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Expected {
    checks: Vec<String>,
    rules: Vec<String>,
}

#[test]
fn check_fixtures_raise_exactly_their_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/checks");
    let text = std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml");
    let expected: BTreeMap<String, Expected> = toml::from_str(&text).expect("expected.toml parses");
    let reg = Registry::builtin().expect("rules compile");
    let mut failures = Vec::new();
    for (rel, want) in &expected {
        let report = check_path(&dir.join(rel), rel, &Options::default(), reg);
        let mut checks: Vec<&str> = report
            .findings
            .iter()
            .filter_map(|f| f.check.as_deref())
            .collect();
        checks.sort();
        let extra_rules: Vec<&str> = ["bsn-without-legal-basis", "incomplete-rights"]
            .into_iter()
            .filter(|r| report.findings.iter().any(|f| f.rule == *r))
            .collect();
        if checks != want.checks || extra_rules != want.rules {
            failures.push(format!(
                "{rel}: checks {checks:?} (want {:?}), rules {extra_rules:?} (want {:?})",
                want.checks, want.rules
            ));
        }
        for f in report.findings.iter().filter(|f| f.check.is_some()) {
            if f.span.end <= f.span.start {
                failures.push(format!("{rel}: {} has an empty span", f.rule));
            }
            // A contradiction shows both sides.
            if f.check.as_deref() == Some("transfer_claims_conflict") && f.related.is_empty() {
                failures.push(format!("{rel}: {} has no related span", f.rule));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
