//! `--format junit`: JUnit XML for CI systems that show test reports. One
//! test suite a file, one failing test case a finding (a file without
//! findings gets one passing case), an unreadable file an `<error>`, a text
//! that is no notice a skipped case. No timestamps: the bytes are deterministic.

use super::Render;
use crate::report::{FileKind, FileReport};
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Default)]
pub struct Junit {
    suites: String,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
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
        match report.kind {
            FileKind::Error => {
                tests += 1;
                errors += 1;
                let msg = report.error.as_deref().unwrap_or("cannot be checked");
                let (attr, msg) = (escape_attr(msg), escape(&super::escape::line(msg)));
                let _ = write!(
                    cases,
                    "    <testcase classname=\"{path}\" name=\"avglint\">\n      <error message=\"{attr}\">{msg}</error>\n    </testcase>\n"
                );
            }
            FileKind::NotANotice => {
                tests += 1;
                skipped += 1;
                let _ = write!(
                    cases,
                    "    <testcase classname=\"{path}\" name=\"avglint\">\n      <skipped message=\"not a privacy notice\"/>\n    </testcase>\n"
                );
            }
            FileKind::Notice if report.findings.is_empty() => {
                tests += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{path}\" name=\"avglint\"/>"
                );
            }
            FileKind::Notice => {
                for f in &report.findings {
                    tests += 1;
                    failures += 1;
                    let l = report.location(&f.span);
                    let name = escape_attr(&format!("{} at {}:{}", f.rule, l.line, l.column));
                    let article = if f.article.is_empty() {
                        String::new()
                    } else {
                        format!(" (GDPR Art. {})", f.article)
                    };
                    let body = escape(&format!(
                        "{}:{}:{}: {} {}{article}: {}\nhelp: {}",
                        super::escape::line(&report.path),
                        l.line,
                        l.column,
                        f.severity.as_str(),
                        f.rule,
                        f.message,
                        f.help
                    ));
                    let _ = write!(
                        cases,
                        "    <testcase classname=\"{path}\" name=\"{name}\">\n      <failure type=\"{}\" message=\"{}\">{body}</failure>\n    </testcase>\n",
                        escape_attr(&f.rule),
                        escape_attr(&f.message)
                    );
                }
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
