//! `audit --csv` and `--findings-csv`: the coverage matrix (one row per file,
//! one column per element) and the findings (one row per finding), written
//! row by row as reports arrive. Both start with a UTF-8 byte order mark and
//! use the chosen delimiter (`;` by default), so a Dutch Excel opens them in
//! columns; paths are relative to the audited folder.

use super::out::{self, Output};
use super::{Row, STATUSES};
use crate::report::FileReport;
use crate::rules::ELEMENTS;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

const BOM: &[u8] = b"\xef\xbb\xbf";

fn writer(path: &Path, delimiter: u8) -> io::Result<(csv::Writer<BufWriter<File>>, Output)> {
    let target = Output::create(path)?;
    let mut w = target.writer()?;
    w.write_all(BOM)?;
    let out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(w);
    Ok((out, target))
}

fn done(out: csv::Writer<BufWriter<File>>, target: Output) -> io::Result<()> {
    let w = out.into_inner().map_err(|e| e.into_error())?;
    out::finish(w, target)
}

/// The matrix's columns before the elements.
pub const MATRIX_HEAD: [&str; 7] = [
    "path",
    "kind",
    "format",
    "language",
    "organisation",
    "notice_kind",
    "reason",
];

/// The matrix's columns after the elements.
pub const MATRIX_TAIL: [&str; 4] = ["errors", "warnings", "infos", "error"];

/// A matrix row as text cells (formula-safe).
pub fn matrix_record(row: &Row) -> Vec<String> {
    let mut rec: Vec<String> = vec![
        cell(&row.path),
        row.kind.into(),
        row.format.into(),
        row.language.into(),
        row.organisation.clone(),
        row.notice_kind.clone(),
        row.reason.clone(),
    ];
    rec.extend(
        row.statuses
            .iter()
            .map(|s| s.map_or("", |i| STATUSES[i]).to_string()),
    );
    let [info, warning, error] = row.findings;
    rec.extend([error, warning, info].map(|n| n.to_string()));
    rec.push(cell(row.error.as_deref().unwrap_or_default()));
    rec
}

pub struct CsvMatrix {
    out: csv::Writer<BufWriter<File>>,
    target: Output,
}

impl CsvMatrix {
    /// Creates the file and writes the header.
    pub fn create(path: &Path, delimiter: u8) -> io::Result<CsvMatrix> {
        let (mut out, target) = writer(path, delimiter)?;
        let mut header: Vec<&str> = MATRIX_HEAD.to_vec();
        header.extend(ELEMENTS);
        header.extend(MATRIX_TAIL);
        out.write_record(&header).map_err(io::Error::other)?;
        Ok(CsvMatrix { out, target })
    }

    pub fn row(&mut self, row: &Row) -> io::Result<()> {
        self.out
            .write_record(matrix_record(row))
            .map_err(io::Error::other)
    }

    pub fn finish(self) -> io::Result<()> {
        done(self.out, self.target)
    }
}

/// The findings file's columns.
pub const FINDINGS_HEAD: [&str; 11] = [
    "path", "rule", "severity", "element", "article", "line", "column", "message", "evidence",
    "help", "language",
];

/// Longest evidence quoted in a findings row, in characters.
const EVIDENCE_CHARS: usize = 1000;

/// One record per finding of a report (formula-safe cells).
pub fn finding_records(path: &str, report: &FileReport) -> Vec<Vec<String>> {
    report
        .findings
        .iter()
        .map(|f| {
            let at = report.location(&f.span);
            let evidence = report
                .source
                .as_ref()
                .filter(|_| f.span.end > f.span.start)
                .map(|src| {
                    clip(
                        src.file_slice(f.span.start, f.span.end).trim(),
                        EVIDENCE_CHARS,
                    )
                })
                .unwrap_or_default();
            vec![
                cell(path),
                f.rule.clone(),
                f.severity.as_str().to_string(),
                f.element
                    .clone()
                    .or_else(|| f.check.clone())
                    .unwrap_or_default(),
                f.article.clone(),
                at.line.to_string(),
                at.column.to_string(),
                cell(&f.message),
                cell(&evidence),
                cell(&f.help),
                report.language.map_or("", |l| l.code()).to_string(),
            ]
        })
        .collect()
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

pub struct CsvFindings {
    out: csv::Writer<BufWriter<File>>,
    target: Output,
}

impl CsvFindings {
    pub fn create(path: &Path, delimiter: u8) -> io::Result<CsvFindings> {
        let (mut out, target) = writer(path, delimiter)?;
        out.write_record(FINDINGS_HEAD).map_err(io::Error::other)?;
        Ok(CsvFindings { out, target })
    }

    pub fn file(&mut self, row: &Row, report: &FileReport) -> io::Result<()> {
        for rec in finding_records(&row.path, report) {
            self.out.write_record(&rec).map_err(io::Error::other)?;
        }
        Ok(())
    }

    pub fn finish(self) -> io::Result<()> {
        done(self.out, self.target)
    }
}

/// A text cell a spreadsheet will not run as a formula: a leading `=`, `+`,
/// `-` or `@` (a file may be named so) gets an apostrophe in front.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("nl/a.md"), "nl/a.md");
    }

    #[test]
    fn clips_on_characters() {
        assert_eq!(clip("ééé", 2), "éé…");
        assert_eq!(clip("ab", 2), "ab");
    }
}
