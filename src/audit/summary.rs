//! One row per file, and the counts an audit summary is made of.

use crate::report::{ErrorClass, FileKind, FileReport};
use crate::rules::ELEMENTS;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Element statuses in the order summaries show them.
pub const STATUSES: [&str; 5] = ["present", "vague", "absent", "not_applicable", "unclear"];

/// What an audit keeps of one file report: small, no text.
#[derive(Debug, Clone)]
pub struct Row {
    pub path: String,
    /// `notice`, `not_a_notice` or `error`.
    pub kind: &'static str,
    pub format: &'static str,
    pub language: &'static str,
    pub organisation: String,
    pub notice_kind: String,
    /// Per element in [`ELEMENTS`] order: an index into [`STATUSES`]; `None`
    /// for files that are no notice.
    pub statuses: [Option<usize>; ELEMENTS.len()],
    /// Findings per severity: info, warning, error.
    pub findings: [usize; 3],
    pub error: Option<String>,
    /// Why a file is no notice (its grounds) or unreadable (its error class).
    pub reason: String,
}

impl Row {
    pub fn from_report(r: &FileReport) -> Row {
        let mut statuses = [None; ELEMENTS.len()];
        for (slot, id) in statuses.iter_mut().zip(ELEMENTS) {
            *slot = r
                .element(id)
                .and_then(|e| STATUSES.iter().position(|x| *x == e.status.as_str()));
        }
        let mut findings = [0; 3];
        for f in &r.findings {
            findings[f.severity as usize] += 1;
        }
        Row {
            path: r.path.clone(),
            kind: match r.kind {
                FileKind::Notice => "notice",
                FileKind::NotANotice => "not_a_notice",
                FileKind::Error => "error",
            },
            format: r.format.unwrap_or(""),
            language: r.language.map_or("", |l| l.code()),
            organisation: r.organisation.map_or("", |o| o.as_str()).to_owned(),
            notice_kind: r.notice_kind.map_or("", |k| k.as_str()).to_owned(),
            statuses,
            findings,
            error: r.error.clone(),
            reason: match r.kind {
                FileKind::Notice => String::new(),
                FileKind::NotANotice => r.kind_grounds.map(code).unwrap_or_default(),
                FileKind::Error => match r.error_class {
                    Some(ErrorClass::Io) => "io",
                    Some(ErrorClass::Unjudgeable) => "unjudgeable",
                    Some(ErrorClass::Internal) => "internal",
                    None => "",
                }
                .to_string(),
            },
        }
    }

    /// The row with its path relative to the audited folder.
    pub fn relative_to(mut self, rel: &super::meta::Relativiser) -> Row {
        self.path = rel.relative(&self.path);
        self
    }

    /// Share of applicable elements that are present, for a notice.
    pub fn coverage(&self) -> Option<(usize, usize)> {
        (self.kind == "notice").then(|| coverage_of(&self.statuses))
    }
}

/// A unit enum's serialised name (`few_processing_statements`).
fn code(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// (present, applicable) over element statuses.
fn coverage_of(statuses: &[Option<usize>]) -> (usize, usize) {
    let present = statuses.iter().filter(|s| **s == Some(0)).count();
    let applicable = statuses
        .iter()
        .filter(|s| s.is_some_and(|i| STATUSES[i] != "not_applicable"))
        .count();
    (present, applicable)
}

/// Counts for one group of files (a language, an organisation type).
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub files: usize,
    pub notices: usize,
    pub present: usize,
    pub applicable: usize,
}

impl Group {
    /// Present elements as a share of applicable ones, over the group's notices.
    pub fn coverage(&self) -> Option<f64> {
        (self.applicable > 0).then(|| self.present as f64 / self.applicable as f64)
    }
}

/// Everything an audit summary shows.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub notices: usize,
    pub not_notices: usize,
    pub errors: usize,
    /// Per element, per status: how many notices.
    pub elements: [[usize; STATUSES.len()]; ELEMENTS.len()],
    /// Findings per severity: info, warning, error.
    pub findings: [usize; 3],
    pub by_language: BTreeMap<String, Group>,
    pub by_organisation: BTreeMap<String, Group>,
    /// Files per input format (`markdown`, `html`, ...; `unknown` when unread).
    pub by_format: BTreeMap<String, usize>,
    /// Files that are no notice or unreadable, per reason code.
    pub reasons: BTreeMap<String, usize>,
}

impl Summary {
    pub fn add(&mut self, row: &Row) {
        self.files += 1;
        match row.kind {
            "notice" => self.notices += 1,
            "not_a_notice" => self.not_notices += 1,
            _ => self.errors += 1,
        }
        for (counts, status) in self.elements.iter_mut().zip(&row.statuses) {
            if let Some(s) = status {
                counts[*s] += 1;
            }
        }
        for (total, n) in self.findings.iter_mut().zip(row.findings) {
            *total += n;
        }
        let format = if row.format.is_empty() {
            "unknown"
        } else {
            row.format
        };
        *self.by_format.entry(format.to_string()).or_default() += 1;
        if row.kind != "notice" {
            let reason = if row.reason.is_empty() {
                "unknown"
            } else {
                &row.reason
            };
            *self.reasons.entry(reason.to_string()).or_default() += 1;
        }
        let (present, applicable) = row.coverage().unwrap_or((0, 0));
        let notice = usize::from(row.kind == "notice");
        if !row.language.is_empty() {
            let g = self
                .by_language
                .entry(row.language.to_string())
                .or_default();
            g.files += 1;
            g.notices += notice;
            g.present += present;
            g.applicable += applicable;
        }
        if notice == 1 {
            let org = if row.organisation.is_empty() {
                "unknown"
            } else {
                &row.organisation
            };
            let g = self.by_organisation.entry(org.to_string()).or_default();
            g.files += 1;
            g.notices += 1;
            g.present += present;
            g.applicable += applicable;
        }
    }

    /// The language of most notices (of most files when there is no notice;
    /// English on a tie or when nothing was recognised).
    pub fn majority_language(&self) -> crate::lang::Language {
        let count = |code: &str| {
            self.by_language
                .get(code)
                .map_or((0, 0), |g| (g.notices, g.files))
        };
        if count("nl") > count("en") {
            crate::lang::Language::Nl
        } else {
            crate::lang::Language::En
        }
    }

    /// Present as a share of the notices the element applies to.
    pub fn pass_rate(&self, element: usize) -> Option<f64> {
        let c = &self.elements[element];
        let applicable: usize = c.iter().sum::<usize>() - c[3];
        (applicable > 0).then(|| c[0] as f64 / applicable as f64)
    }

    /// The terminal summary.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{} file(s): {} notice(s), {} not a notice, {} error(s)",
            self.files, self.notices, self.not_notices, self.errors
        )?;
        let [info, warning, error] = self.findings;
        writeln!(
            out,
            "findings: {error} error(s), {warning} warning(s), {info} info"
        )?;
        if self.notices == 0 {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(
            out,
            "{:<24} {:>8} {:>7} {:>7} {:>6} {:>7} {:>9}",
            "element", "present", "vague", "absent", "n.a.", "unclear", "pass rate"
        )?;
        for (e, id) in ELEMENTS.iter().enumerate() {
            let c = &self.elements[e];
            writeln!(
                out,
                "{:<24} {:>8} {:>7} {:>7} {:>6} {:>7} {:>9}",
                id,
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                percent(self.pass_rate(e))
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{:<24} {:>8} {:>7} {:>9}",
            "language", "files", "notices", "coverage"
        )?;
        for (lang, g) in &self.by_language {
            writeln!(
                out,
                "{:<24} {:>8} {:>7} {:>9}",
                lang,
                g.files,
                g.notices,
                percent(g.coverage())
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{:<24} {:>8} {:>9}",
            "organisation", "notices", "coverage"
        )?;
        for (org, g) in &self.by_organisation {
            writeln!(
                out,
                "{:<24} {:>8} {:>9}",
                org,
                g.notices,
                percent(g.coverage())
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "pass rate: present / notices the element applies to; coverage: present / applicable elements"
        )
    }
}

/// "97.5%", or "-" when there is nothing to divide by.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &'static str, lang: &'static str, statuses: &[usize]) -> Row {
        let mut s = [None; ELEMENTS.len()];
        for (slot, v) in s.iter_mut().zip(statuses) {
            *slot = Some(*v);
        }
        Row {
            path: "x".into(),
            kind,
            format: "text",
            language: lang,
            organisation: "company".into(),
            notice_kind: "art13".into(),
            statuses: if kind == "notice" { s } else { [None; 16] },
            findings: [0, 1, 2],
            error: None,
            reason: String::new(),
        }
    }

    #[test]
    fn pass_rate_leaves_out_not_applicable() {
        let mut sum = Summary::default();
        sum.add(&row("notice", "nl", &[0, 3]));
        sum.add(&row("notice", "en", &[2, 3]));
        sum.add(&row("notice", "en", &[1, 0]));
        sum.add(&row("not_a_notice", "en", &[]));
        assert_eq!(sum.notices, 3);
        assert_eq!(sum.not_notices, 1);
        assert_eq!(sum.pass_rate(0), Some(1.0 / 3.0));
        assert_eq!(sum.pass_rate(1), Some(1.0));
        assert_eq!(sum.pass_rate(2), None);
        assert_eq!(sum.by_language["en"].files, 3);
        assert_eq!(sum.by_language["en"].notices, 2);
        assert_eq!(sum.by_organisation["company"].notices, 3);
        let mut text = Vec::new();
        sum.write_text(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("4 file(s): 3 notice(s), 1 not a notice, 0 error(s)"));
        assert!(text.contains("controller_identity"));
    }
}
