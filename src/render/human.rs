//! `--format human`: compiler-style diagnostics (codespan-reporting) with the
//! source line, the article and the help text, then a per-file element summary.

use super::escape;
use super::excerpt::{self, Excerpt};
use super::Render;
use crate::finding::Severity;
use crate::report::{FileKind, FileReport};
use codespan_reporting::diagnostic::{Diagnostic, Label};
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
        // Names, text and messages from files are shown escaped (see `escape`).
        let path = escape::line(&report.path);
        match report.kind {
            FileKind::Error => {
                return writeln!(
                    w,
                    "error: {path}: {}",
                    escape::line(report.error.as_deref().unwrap_or("cannot be checked"))
                );
            }
            FileKind::NotANotice => {
                return writeln!(w, "{path}: not a privacy notice, not checked")
            }
            FileKind::Notice => {}
        }
        let Some(src) = report.source.as_deref() else {
            return writeln!(w, "{path}: no source to show");
        };
        let shown = escape::same_length(src.text());
        let config = term::Config::default();
        for warning in &report.warnings {
            writeln!(w, "warning: {path}: {}", escape::line(warning))?;
        }
        for f in &report.findings {
            self.counts[f.severity as usize] += 1;
            let d = match f.severity {
                Severity::Error => Diagnostic::error(),
                Severity::Warning => Diagnostic::warning(),
                Severity::Info => Diagnostic::note(),
            };
            // Long lines and labels are cut (see `excerpt`).
            let clip = |r: &std::ops::Range<usize>| excerpt::clip(src.text(), r.clone());
            let primary = Label::primary((), clip(&f.span));
            let mut labels = vec![if f.article.is_empty() {
                primary
            } else {
                primary.with_message(format!("AVG/GDPR art. {}", f.article))
            }];
            labels.extend(f.related.iter().map(|r| {
                Label::secondary((), clip(&r.span)).with_message(escape::line(&r.message))
            }));
            let file = Excerpt {
                name: path.as_ref(),
                shown: shown.as_ref(),
                src,
                labels: labels.iter().map(|l| l.range.clone()).collect(),
            };
            let d = d
                .with_code(f.rule.clone())
                .with_message(escape::line(&f.message))
                .with_labels(labels)
                .with_notes(vec![format!("help: {}", escape::line(&f.help))]);
            term::emit_to_write_style(&mut w, &config, &file, &d).map_err(io::Error::other)?;
        }
        let summary: Vec<String> = report
            .elements
            .iter()
            .map(|e| format!("{}={}", e.element, e.status.as_str()))
            .collect();
        writeln!(
            w,
            "{path}: {} ({}, {}): {}",
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
