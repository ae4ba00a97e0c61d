//! The gate's own findings about a file as a whole, so that nothing passes
//! unseen: a file avglint cannot judge is an `unreadable` error, and a text
//! judged no notice is a `not-a-notice` error where the config or the
//! command line requires notices. Their wording lives in `rules/gate.toml`.

use crate::assessment::Grounds;
use crate::finding::Finding;
use crate::lang::Language;
use crate::report::{ErrorClass, FileKind, FileReport};
use crate::rules::schema::{Localized, OwnRule};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Rule id of a file that cannot be judged.
pub const UNREADABLE: &str = "unreadable";
/// Rule id of a text that is no notice where only notices belong.
pub const NOT_A_NOTICE: &str = "not-a-notice";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GateFile {
    rules: Vec<OwnRule>,
    reasons: BTreeMap<String, Localized>,
}

fn file() -> &'static GateFile {
    static FILE: OnceLock<GateFile> = OnceLock::new();
    FILE.get_or_init(|| {
        toml::from_str(include_str!("../rules/gate.toml")).expect("rules/gate.toml parses")
    })
}

/// The gate's rules, for the catalogue.
pub fn rules() -> &'static [OwnRule] {
    &file().rules
}

fn rule(id: &str) -> &'static OwnRule {
    rules()
        .iter()
        .find(|r| r.id == id)
        .expect("rules/gate.toml has the rule")
}

/// Why a text was judged (not) to be a notice, in words.
pub fn reason(grounds: Grounds, lang: Language) -> &'static str {
    let key = serde_json::to_value(grounds)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    file().reasons.get(&key).map_or("", |r| r.get(lang))
}

/// Why a report's text is no notice, in words (`None` for a notice or an error).
pub fn not_a_notice_reason(report: &FileReport, lang: Language) -> Option<&'static str> {
    (report.kind == FileKind::NotANotice)
        .then(|| report.kind_grounds.map(|g| reason(g, lang)))
        .flatten()
}

fn finding(id: &str, lang: Language, detail: &str) -> Finding {
    let r = rule(id);
    Finding {
        rule: r.id.clone(),
        element: None,
        check: None,
        severity: r.severity,
        article: String::new(),
        message: format!("{}: {detail}", r.message.get(lang)),
        help: r.help.get(lang).to_owned(),
        span: 0..0,
        related: Vec::new(),
        also: Vec::new(),
        focus: None,
    }
}

/// Adds the gate's finding to a report: `unreadable` for a file that could
/// be read but not judged, `not-a-notice` for a text that is no notice when
/// `require_notice` holds. Filtering by `select`/`ignore` comes after.
pub fn apply(report: &mut FileReport, require_notice: bool) {
    let lang = report.language.unwrap_or(Language::En);
    match (report.kind, report.error_class) {
        (FileKind::Error, Some(ErrorClass::Unjudgeable)) => {
            let detail = report.error.clone().unwrap_or_default();
            report.findings.push(finding(UNREADABLE, lang, &detail));
        }
        (FileKind::NotANotice, _) if require_notice => {
            let detail = not_a_notice_reason(report, lang).unwrap_or_default();
            report.findings.push(finding(NOT_A_NOTICE, lang, detail));
        }
        _ => {}
    }
}
