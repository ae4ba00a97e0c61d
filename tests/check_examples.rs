//! Runs the `[[examples]]` of every check (`rules/checks/*.toml`) and of every
//! fact in `rules/facts/*.toml`: a firing example must raise its check, a
//! quiet one must not; a fact must hold exactly where its example says.

use avglint::assess::{assess, Overrides};
use avglint::document::markdown;
use avglint::rules::{schema::FactsFile, Registry, RULE_FILES};

#[test]
fn every_check_file_examples_pass() {
    let reg = Registry::builtin().expect("rules compile");
    let mut failures = Vec::new();
    for check in &reg.checks {
        if check.file.examples.is_empty() {
            failures.push(format!("check `{}` has no examples", check.file.id));
        }
        if let Err(e) = check.run_examples(reg) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fact_file_example_holds_as_stated() {
    let reg = Registry::builtin().expect("rules compile");
    let mut failures = Vec::new();
    for (path, contents) in RULE_FILES.iter().filter(|(p, _)| p.starts_with("facts/")) {
        let file: FactsFile = toml::from_str(contents).expect("fact file parses");
        for fact in &file.facts {
            let f = reg.fact_index(&fact.id).expect("fact registered");
            for ex in &fact.examples {
                let doc = markdown::parse(&ex.text);
                let a = assess(&doc, reg, Overrides::default());
                if a.facts[f].is_empty() == ex.holds {
                    failures.push(format!(
                        "{path}: fact `{}` should {}hold for {:?}",
                        fact.id,
                        if ex.holds { "" } else { "not " },
                        ex.text
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_contract_check_id_has_a_check_file() {
    let reg = Registry::builtin().expect("rules compile");
    for id in [
        "public_authority_legitimate_interest",
        "public_authority_missing_dpo",
        "consent_without_withdrawal",
        "legitimate_interest_unstated",
        "empty_list",
        "invalid_transfer_mechanism",
        "transfer_claims_conflict",
        "art14_missing_source",
        "controller_unnamed",
    ] {
        assert!(
            reg.checks.iter().any(|c| c.file.id == id),
            "no rules/checks/{id}.toml"
        );
    }
}
