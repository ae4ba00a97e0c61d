//! `--statistics`: instead of the findings, how often each rule fired:
//! count, rule id and severity, most frequent first.

use super::Render;
use crate::finding::Severity;
use crate::report::FileReport;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<String, (usize, Severity)>,
}

impl Render for Statistics {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            let e = self.counts.entry(f.rule.clone()).or_insert((0, f.severity));
            e.0 += 1;
            e.1 = e.1.max(f.severity);
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<(&String, &(usize, Severity))> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
        let digits = rows.first().map_or(1, |r| r.1 .0.to_string().len());
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        for (rule, (count, severity)) in rows {
            writeln!(
                out,
                "{count:>digits$}  {rule:<width$}  {}",
                severity.as_str()
            )?;
        }
        Ok(())
    }
}
