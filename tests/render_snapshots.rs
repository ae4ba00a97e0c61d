//! One snapshot per output format, on a hand-made report: independent of rule
//! tuning, with the characters each format must escape.

use avglint::assess::Status;
use avglint::catalog::{Catalog, RuleExample, RuleInfo};
use avglint::finding::{Finding, Related, Severity};
use avglint::lang::Language;
use avglint::render::{renderer, OutputFormat};
use avglint::report::{ElementReport, FileKind, FileReport};
use avglint::rules::schema::Localized;
use avglint::source::SourceText;
use std::sync::Arc;

const TEXT: &str = "# Privacy: 100% <ours>\n\nWe keep your data, \"as long as necessary\".\n\nWe use consent, and nothing else.\n";

fn loc(s: &str) -> Localized {
    Localized {
        nl: format!("{s} (nl)"),
        en: s.to_owned(),
        nl_je: None,
    }
}

fn catalog() -> Catalog {
    let rule = |id: &str, element: Option<&str>, check: Option<&str>, severity| RuleInfo {
        id: id.into(),
        element: element.map(Into::into),
        check: check.map(Into::into),
        article: "13(2)(a)".into(),
        severity,
        name: loc("Retention period"),
        message: loc("The retention period is vague."),
        help: loc("Give a period."),
        languages: vec!["en".into(), "nl".into()],
        format: None,
        examples: vec![RuleExample {
            lang: "en".into(),
            text: "We keep it as long as necessary.".into(),
            expect: "vague".into(),
        }],
    };
    Catalog {
        rules: vec![
            rule(
                "missing-dpo-contact",
                Some("dpo_contact"),
                None,
                Severity::Error,
            ),
            rule(
                "vague-retention",
                Some("retention"),
                None,
                Severity::Warning,
            ),
            rule(
                "consent_without_withdrawal",
                None,
                Some("consent_without_withdrawal"),
                Severity::Info,
            ),
        ],
    }
}

fn reports() -> Vec<FileReport> {
    let src = Arc::new(SourceText::decode(TEXT.as_bytes().to_vec()).expect("decodes"));
    let span_of = |needle: &str| {
        let start = TEXT.find(needle).expect("needle in text");
        start..start + needle.len()
    };
    let finding =
        |rule: &str, element: Option<&str>, check: Option<&str>, severity, needle: &str| {
            let span = span_of(needle);
            Finding {
                rule: rule.into(),
                element: element.map(Into::into),
                check: check.map(Into::into),
                severity,
                article: "13(2)(a)".into(),
                message: "Vague: 50% \"of\" <it>,\nsecond line".into(),
                help: "Say: \"6 years\", & why.".into(),
                span,
                related: Vec::new(),
                also: Vec::new(),
                focus: None,
            }
        };
    let mut check = finding(
        "consent_without_withdrawal",
        None,
        Some("consent_without_withdrawal"),
        Severity::Info,
        "We use consent, and nothing else.",
    );
    check.related.push(Related {
        span: span_of("# Privacy: 100% <ours>"),
        message: "the title".into(),
    });
    let elements = vec![ElementReport {
        element: "dpo_contact".into(),
        status: Status::Absent,
        article: "13(1)(b)".into(),
        evidence: Vec::new(),
        weights: Vec::new(),
        score: Some(0.0),
    }];
    let notice = FileReport {
        path: "docs/a, b: notice.md".into(),
        format: Some("markdown"),
        encoding: Some("utf-8".into()),
        language: Some(Language::En),
        kind: FileKind::Notice,
        notice_kind: None,
        organisation: None,
        elements,
        findings: vec![
            finding(
                "missing-dpo-contact",
                Some("dpo_contact"),
                None,
                Severity::Error,
                "# Privacy: 100% <ours>",
            ),
            finding(
                "vague-retention",
                Some("retention"),
                None,
                Severity::Warning,
                "We keep your data, \"as long as necessary\".",
            ),
            check,
        ],
        error: None,
        warnings: Vec::new(),
        kind_grounds: None,
        controller: None,
        error_class: None,
        source: Some(src.clone()),
    };
    let broken = FileReport::error(
        "docs/broken.md".into(),
        avglint::report::ErrorClass::Io,
        "cannot read: permission denied".into(),
    );
    let mut clean = FileReport::error(
        "docs/clean.md".into(),
        avglint::report::ErrorClass::Io,
        String::new(),
    );
    clean.kind = FileKind::Notice;
    clean.error = None;
    clean.error_class = None;
    vec![broken, clean, notice]
}

fn render(format: OutputFormat) -> String {
    let mut r = renderer(format, false, &catalog());
    let mut out = Vec::new();
    r.begin(&mut out).expect("writes");
    for report in reports() {
        r.file(&mut out, &report).expect("writes");
    }
    r.end(&mut out).expect("writes");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn sarif_snapshot() {
    let text = render(OutputFormat::Sarif);
    assert_eq!(text, render(OutputFormat::Sarif), "deterministic");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).expect("schema");
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_snapshot!(text);
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(render(OutputFormat::Github));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(render(OutputFormat::Junit));
}

/// The related label of a finding sits under its own text, also when the
/// file starts with a byte order mark (the decoded text has none; file
/// offsets are three bytes further).
#[test]
fn human_labels_ignore_a_byte_order_mark() {
    let reg = avglint::rules::Registry::builtin().expect("rules");
    let text = include_str!("../fixtures/checks/en/council-monitoring.md");
    let human = |bytes: Vec<u8>| {
        let report = avglint::check_bytes(
            "notice.md",
            bytes,
            avglint::document::Format::Markdown,
            &avglint::Options::default(),
            reg,
        );
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == "transfer-claims-conflict" && !f.related.is_empty()),
            "the fixture raises transfer-claims-conflict with a related span"
        );
        let mut r = renderer(OutputFormat::Human, false, &catalog());
        let mut out = Vec::new();
        r.file(&mut out, &report).expect("writes");
        String::from_utf8(out).expect("utf-8")
    };
    let plain = human(text.as_bytes().to_vec());
    let with_bom = human([b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    assert_eq!(with_bom, plain);
}
