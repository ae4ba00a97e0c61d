//! `--format concise`: one line per finding, `path:line:col: severity[rule]
//! message`, for editors, grep and logs; then the totals unless `--quiet`.

use super::text::Labels;
use super::{Render, RenderOptions};
use crate::lang::Language;
use crate::report::{FileKind, FileReport};
use std::io::{self, Write};

pub struct Concise {
    opts: RenderOptions,
    counts: [usize; 3],
    files: usize,
    not_notices: usize,
    unreadable: usize,
}

impl Concise {
    pub fn new(opts: RenderOptions) -> Concise {
        Concise {
            opts,
            counts: [0; 3],
            files: 0,
            not_notices: 0,
            unreadable: 0,
        }
    }
}

/// A message on one line: line breaks become spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Render for Concise {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.files += 1;
        match report.kind {
            FileKind::Error => self.unreadable += 1,
            FileKind::NotANotice => self.not_notices += 1,
            FileKind::Notice => {}
        }
        for f in &report.findings {
            self.counts[f.severity as usize] += 1;
            let l = report.location(&f.span);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.path,
                l.line,
                l.column,
                f.severity.as_str(),
                f.rule,
                one_line(&f.message)
            )?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.opts.quiet {
            return Ok(());
        }
        let labels = Labels::get(self.opts.ui_language.unwrap_or(Language::En));
        writeln!(
            out,
            "{}",
            labels.total(self.files, self.counts, self.not_notices, self.unreadable)
        )
    }
}
