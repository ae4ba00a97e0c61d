//! `--format junit`: JUnit XML for CI systems that show test reports. One
//! test suite a file; in it one test case per element and per check that is
//! about no element (plus `avglint` for avglint's own rules), so the number
//! of test cases does not change with the findings. A case fails only for a
//! finding at or above the fail level (the gate's verdict); findings below
//! it are in the case's output. An unreadable file is one `avglint` case (an
//! `<error>` when it could not be read at all), a text that is no notice a
//! skipped one. No timestamps: the bytes are deterministic.

use super::Render;
use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::report::{FileKind, FileReport};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The test case of findings that belong to no element or check.
const OWN_CASE: &str = "avglint";

pub struct Junit {
    fail_level: Severity,
    /// Check ids that are about no element: each is a test case of a notice.
    checks: Vec<String>,
    suites: String,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Default for Junit {
    fn default() -> Junit {
        Junit::new(&Catalog::default(), Severity::Error)
    }
}

impl Junit {
    pub fn new(catalog: &Catalog, fail_level: Severity) -> Junit {
        let mut checks: Vec<String> = catalog
            .rules
            .iter()
            .filter(|r| r.element.is_none())
            .filter_map(|r| r.check.clone())
            .collect();
        checks.dedup();
        Junit {
            fail_level,
            checks,
            suites: String::new(),
            tests: 0,
            failures: 0,
            errors: 0,
            skipped: 0,
        }
    }
}

/// The test case a finding belongs to.
fn case_of(f: &Finding) -> &str {
    f.element
        .as_deref()
        .or(f.check.as_deref())
        .unwrap_or(OWN_CASE)
}

/// Escapes text for an XML attribute: as [`escape`], and line breaks and tabs
/// as character references, which attribute normalisation would turn into spaces.
pub fn escape_attr(s: &str) -> String {
    escape(s)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// Escapes text for XML content; drops characters XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            // C1 controls too: CI systems print these reports to logs.
            c if (c as u32) < 0x20
                || ('\u{7F}'..='\u{9F}').contains(&c)
                || c == '\u{FFFE}'
                || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

impl Render for Junit {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let path = escape_attr(&report.path);
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
        let names: Vec<&str> = match report.kind {
            FileKind::Notice => report
                .elements
                .iter()
                .map(|e| e.element.as_str())
                .chain(self.checks.iter().map(String::as_str))
                .chain(std::iter::once(OWN_CASE))
                .collect(),
            _ => vec![OWN_CASE],
        };
        // A finding never goes unreported: a case it names that the list lacks is added.
        let mut names = names;
        for f in &report.findings {
            let case = case_of(f);
            if !names.contains(&case) {
                names.push(case);
            }
        }
        for name in names {
            tests += 1;
            let found: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| case_of(f) == name)
                .collect();
            let failing: Vec<&&Finding> = found
                .iter()
                .filter(|f| f.severity >= self.fail_level)
                .collect();
            let text = |fs: &[&Finding]| {
                fs.iter()
                    .map(|f| {
                        let l = report.location(&f.span);
                        let article = if f.article.is_empty() {
                            String::new()
                        } else {
                            format!(" (GDPR Art. {})", f.article)
                        };
                        format!(
                            "{}:{}:{}: {} {}{article}: {}\nhelp: {}",
                            super::escape::line(&report.path),
                            l.line,
                            l.column,
                            f.severity.as_str(),
                            f.rule,
                            f.message,
                            f.help
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let _ = write!(
                cases,
                "    <testcase classname=\"{path}\" name=\"{}\"",
                escape_attr(name)
            );
            if let Some(first) = failing.first() {
                failures += 1;
                let all: Vec<&Finding> = failing.iter().map(|f| **f).collect();
                let _ = write!(
                    cases,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    escape_attr(&first.rule),
                    escape_attr(&first.message),
                    escape(&text(&all))
                );
            } else if report.kind == FileKind::Error {
                let msg = report.error.as_deref().unwrap_or("cannot be checked");
                let (attr, msg) = (escape_attr(msg), escape(msg));
                if report.error_class == Some(crate::report::ErrorClass::Unjudgeable) {
                    skipped += 1;
                    let _ = write!(
                        cases,
                        ">\n      <skipped message=\"{attr}\"/>\n    </testcase>\n"
                    );
                } else {
                    errors += 1;
                    let _ = write!(
                        cases,
                        ">\n      <error message=\"{attr}\">{msg}</error>\n    </testcase>\n"
                    );
                }
            } else if report.kind == FileKind::NotANotice {
                skipped += 1;
                let _ = write!(
                    cases,
                    ">\n      <skipped message=\"not a privacy notice\"/>\n    </testcase>\n"
                );
            } else if !found.is_empty() {
                let _ = write!(
                    cases,
                    ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                    escape(&text(&found))
                );
            } else {
                let _ = writeln!(cases, "/>");
            }
        }
        let _ = write!(
            self.suites,
            "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n"
        );
        self.tests += tests;
        self.failures += failures;
        self.errors += errors;
        self.skipped += skipped;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"avglint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{}</testsuites>\n",
            self.tests, self.failures, self.errors, self.skipped, self.suites
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape_attr("a\nb"), "a&#10;b");
    }
}
