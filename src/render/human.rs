//! `--format human`: compiler-style diagnostics (codespan-reporting) with the
//! source line, the article and the help text, then a per-file element summary.

use super::Render;
use crate::finding::Severity;
use crate::report::{FileKind, FileReport};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{
    self,
    termcolor::{Ansi, NoColor, WriteColor},
};
use std::io::{self, Write};

pub struct Human {
    color: bool,
    counts: [usize; 3],
    files: usize,
}

impl Human {
    pub fn new(color: bool) -> Human {
        Human {
            color,
            counts: [0; 3],
            files: 0,
        }
    }
}

impl Render for Human {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.files += 1;
        let mut w: Box<dyn WriteColor + '_> = if self.color {
            Box::new(Ansi::new(&mut *out))
        } else {
            Box::new(NoColor::new(&mut *out))
        };
        match report.kind {
            FileKind::Error => {
                return writeln!(
                    w,
                    "error: {}: {}",
                    report.path,
                    report.error.as_deref().unwrap_or("cannot be checked")
                );
            }
            FileKind::NotANotice => {
                return writeln!(w, "{}: not a privacy notice, not checked", report.path)
            }
            FileKind::Notice => {}
        }
        let source = report.source.as_ref().map(|s| s.text()).unwrap_or("");
        let file = SimpleFile::new(report.path.as_str(), source);
        let config = term::Config::default();
        for warning in &report.warnings {
            writeln!(w, "warning: {}: {warning}", report.path)?;
        }
        for f in &report.findings {
            self.counts[f.severity as usize] += 1;
            let d = match f.severity {
                Severity::Error => Diagnostic::error(),
                Severity::Warning => Diagnostic::warning(),
                Severity::Info => Diagnostic::note(),
            };
            let primary = Label::primary((), f.span.clone());
            let mut labels = vec![if f.article.is_empty() {
                primary
            } else {
                primary.with_message(format!("AVG/GDPR art. {}", f.article))
            }];
            labels.extend(
                f.related
                    .iter()
                    .map(|r| Label::secondary((), r.span.clone()).with_message(r.message.clone())),
            );
            let d = d
                .with_code(f.rule.clone())
                .with_message(f.message.clone())
                .with_labels(labels)
                .with_notes(vec![format!("help: {}", f.help)]);
            term::emit_to_write_style(&mut w, &config, &file, &d).map_err(io::Error::other)?;
        }
        let summary: Vec<String> = report
            .elements
            .iter()
            .map(|e| format!("{}={}", e.element, e.status.as_str()))
            .collect();
        writeln!(
            w,
            "{}: {} ({}, {}): {}",
            report.path,
            report.language.map_or("?", |l| l.code()),
            report.format.unwrap_or("?"),
            report.organisation.map_or("", |o| o.as_str()),
            summary.join(" ")
        )?;
        writeln!(w)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let [info, warning, error] = self.counts;
        writeln!(
            out,
            "{} file(s) checked: {error} error(s), {warning} warning(s), {info} info",
            self.files
        )
    }
}
