//! Every rule id that output can contain is in the catalogue: judged on every
//! fixture (and on a notice with suppression comments), each finding's rule
//! is listed by `avglint rules` with the same severity, element and check,
//! explained by `avglint explain`, accepted by `--ignore` and `--select`, and
//! described in SARIF `tool.driver.rules`.

use assert_cmd::Command;
use avglint::catalog::Catalog;
use avglint::document::Format;
use avglint::render::{renderer, OutputFormat};
use avglint::report::FileReport;
use avglint::rules::Registry;
use avglint::walk::{collect, WalkOptions};
use avglint::Options;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn registry() -> &'static Registry {
    Registry::builtin().expect("built-in rules compile")
}

/// A fixture notice with one reasonless and one unused suppression.
fn suppressed() -> String {
    format!(
        "<!-- avglint-disable-file dpo_contact -->\n\
         <!-- avglint-disable-file no-such-rule: kept for the test -->\n{}",
        include_str!("../fixtures/en/startup-gaps.md")
    )
}

/// Every fixture (and the suppression notice), judged as `check` judges it.
fn reports(cat: &Catalog) -> Vec<FileReport> {
    let reg = registry();
    let opts = Options::default();
    let targets =
        collect(&[PathBuf::from("fixtures")], &WalkOptions::default()).expect("walk fixtures");
    let mut out: Vec<FileReport> = targets
        .iter()
        .map(|t| avglint::check_target(t, &opts, reg))
        .collect();
    out.push(avglint::check_bytes(
        "suppressed.md",
        suppressed().into_bytes(),
        Format::Markdown,
        &opts,
        reg,
    ));
    for r in &mut out {
        avglint::suppress::apply(r, cat);
    }
    out
}

#[test]
fn every_reported_rule_is_in_the_catalogue_and_sarif() {
    let cat = Catalog::new(registry());
    let reports = reports(&cat);
    let mut seen = BTreeSet::new();
    for r in &reports {
        for f in &r.findings {
            let info = cat
                .rule(&f.rule)
                .unwrap_or_else(|| panic!("{}: rule `{}` is not in the catalogue", r.path, f.rule));
            assert_eq!(info.severity, f.severity, "{}: severity", f.rule);
            assert_eq!(info.element, f.element, "{}: element", f.rule);
            assert_eq!(info.check, f.check, "{}: check", f.rule);
            for id in [Some(&f.rule), f.element.as_ref(), f.check.as_ref()]
                .into_iter()
                .flatten()
            {
                assert!(cat.knows(id), "`{id}` is not accepted by --ignore");
                assert!(
                    avglint::explain::explain(&cat, id).is_some(),
                    "`{id}` cannot be explained"
                );
            }
            seen.insert(f.rule.clone());
        }
    }
    for id in [
        "tilt-schema-deviation",
        "storage-without-period",
        "unused-suppression",
        "suppression-without-reason",
        "empty-list",
        "missing-retention",
    ] {
        assert!(seen.contains(id), "the fixtures no longer raise `{id}`");
    }

    // SARIF: every result points at its rule in tool.driver.rules.
    let mut render = renderer(OutputFormat::Sarif, false, &cat);
    let mut buf = Vec::new();
    for r in &reports {
        render.file(&mut buf, r).expect("render");
    }
    render.end(&mut buf).expect("render");
    let log: serde_json::Value = serde_json::from_slice(&buf).expect("SARIF is JSON");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), cat.rules.len());
    for result in run["results"].as_array().expect("results") {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"]
            .as_u64()
            .unwrap_or_else(|| panic!("`{id}` has no ruleIndex"));
        assert_eq!(rules[index as usize]["id"], id);
    }
}

#[test]
fn ignore_and_select_accept_every_reported_id() {
    let cat = Catalog::new(registry());
    let ids: BTreeSet<String> = reports(&cat)
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.rule.clone()))
        .collect();
    let list = ids.into_iter().collect::<Vec<_>>().join(",");
    for flag in ["--ignore", "--select"] {
        let out = Command::cargo_bin("avglint")
            .expect("binary builds")
            .env_remove("AVGLINT_RULES_DIR")
            .args(["check", "--no-config", "--format", "json", flag, &list])
            .arg("fixtures/tilt")
            .output()
            .expect("runs");
        assert_ne!(
            out.status.code(),
            Some(2),
            "{flag} rejected an id: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Dutch that a privacy officer would sign (issue 14, item 4): avglint's
/// messages and instructions speak to the organisation and call the data
/// subject "de betrokkene", never "u"; a help whose example sentence speaks
/// to the data subject with "u"/"uw" has a "je" version (`help.nl_je`) for
/// notices written with "je", which is the same text in that form.
#[test]
fn dutch_address_form_is_consistent() {
    let cat = Catalog::new(registry());
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    // The text outside quotation marks (the instruction), and inside (the example).
    let split = |s: &str| -> (String, String) {
        let (mut outside, mut inside) = (String::new(), String::new());
        for (i, part) in s.split('"').enumerate() {
            if i % 2 == 0 {
                &mut outside
            } else {
                &mut inside
            }
            .push_str(&format!(" {part}"));
        }
        (outside, inside)
    };
    let mut problems = Vec::new();
    for r in &cat.rules {
        let (instruction, example) = split(&r.help.nl);
        let message = words(&r.message.nl);
        for (what, text) in [("message", message), ("help", words(&instruction))] {
            if text.iter().any(|w| w == "u" || w == "uw") {
                problems.push(format!(
                    "{}: the {what} says \"u\" to the data subject",
                    r.id
                ));
            }
        }
        let formal = words(&example).iter().any(|w| w == "u" || w == "uw");
        match &r.help.nl_je {
            None if formal => problems.push(format!("{}: no help.nl_je", r.id)),
            Some(je) => {
                let (je_instruction, je_example) = split(je);
                let w = words(&je_example);
                if je_instruction != instruction
                    || w.iter().any(|w| w == "u" || w == "uw")
                    || !w.iter().any(|w| w == "je" || w == "jij" || w == "jou")
                {
                    problems.push(format!(
                        "{}: help.nl_je is not help.nl in the je form",
                        r.id
                    ));
                }
            }
            None => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
