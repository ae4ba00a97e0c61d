//! Every check id of the report contract has its rule file. (The examples in
//! `rules/checks/*.toml` run per file in `tests/rule_examples.rs`.)

use avglint::rules::Registry;

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
