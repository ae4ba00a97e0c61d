//! `--format github`: GitHub Actions workflow commands, one annotation a
//! finding. GitHub shows at most 10 annotations of each level per step, so
//! the most severe come first; SARIF carries the full list.

use super::Render;
use crate::finding::Severity;
use crate::report::{FileKind, FileReport};
use std::io::{self, Write};

#[derive(Default)]
pub struct Github {
    /// (severity, command line), in path order; sorted by severity at the end.
    lines: Vec<(Severity, String)>,
}

/// Escapes a message: `%`, `\r`, `\n`; other controls (an escape
/// sequence in a notice) as visible text ([`super::escape`]).
pub fn escape_data(s: &str) -> String {
    super::escape::keep_breaks(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Render for Github {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        // A file that could not be read is an error (exit 2). One read but
        // not judged is its `unreadable` finding; ignored, only a notice.
        if report.kind == FileKind::Error && report.findings.is_empty() {
            let ignored = report.error_class == Some(crate::report::ErrorClass::Unjudgeable);
            let severity = if ignored {
                Severity::Info
            } else {
                Severity::Error
            };
            self.lines.push((
                severity,
                format!(
                    "::{} file={},title={}::{}",
                    command(severity),
                    escape_property(&report.path),
                    escape_property("avglint: cannot check file"),
                    escape_data(report.error.as_deref().unwrap_or("cannot be checked"))
                ),
            ));
            return Ok(());
        }
        for f in &report.findings {
            let title = if f.article.is_empty() {
                f.rule.clone()
            } else {
                format!("{} (GDPR Art. {})", f.rule, f.article)
            };
            let l = report.location(&f.span);
            self.lines.push((
                f.severity,
                format!(
                    "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    command(f.severity),
                    escape_property(&report.path),
                    l.line,
                    l.column,
                    l.end_line,
                    l.end_column,
                    escape_property(&title),
                    escape_data(&format!("{}\nhelp: {}", f.message, f.help))
                ),
            ));
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        // Stable: path order is kept within a severity.
        self.lines.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
        for (_, line) in &self.lines {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_spec_says() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
