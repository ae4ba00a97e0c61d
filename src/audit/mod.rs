//! `avglint audit`'s reports: file reports -> rows and a coverage summary
//! (for the terminal, or as JSON), a CSV coverage matrix and findings, a
//! spreadsheet and a self-contained HTML page (the command itself is in
//! `cli`). Reports stream through here in path order, and each is reduced to
//! counts and rows at once, so memory stays flat however many files there are.

pub mod csv;
pub mod html;
pub mod json;
pub mod meta;
mod out;
mod summary;
pub mod xlsx;

pub use meta::{AuditFormat, ReportArgs, ReportMeta};
pub use summary::{Row, Summary, STATUSES};

use crate::report::FileReport;
use std::io;
use std::path::{Path, PathBuf};

/// An output that could not be written: its path and the error.
#[derive(Debug)]
pub struct OutputError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.error)
    }
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |error| OutputError {
        path: path.to_path_buf(),
        error,
    }
}

/// The files an audit writes, fed one report at a time.
pub struct Outputs {
    csv: Option<(PathBuf, csv::CsvMatrix)>,
    findings: Option<(PathBuf, csv::CsvFindings)>,
    html: Option<(PathBuf, html::HtmlReport)>,
    xlsx: Option<(PathBuf, xlsx::XlsxReport)>,
}

impl Outputs {
    /// Opens every output asked for (the matrix CSV, the HTML page, and the
    /// findings CSV and workbook of `report`).
    pub fn create(
        csv_path: Option<&Path>,
        html_path: Option<&Path>,
        report: &ReportArgs,
    ) -> Result<Outputs, OutputError> {
        let d = report.csv_delimiter;
        Ok(Outputs {
            csv: csv_path
                .map(|p| {
                    Ok((
                        p.to_path_buf(),
                        csv::CsvMatrix::create(p, d).map_err(at(p))?,
                    ))
                })
                .transpose()?,
            findings: report
                .findings_csv
                .as_deref()
                .map(|p| {
                    Ok((
                        p.to_path_buf(),
                        csv::CsvFindings::create(p, d).map_err(at(p))?,
                    ))
                })
                .transpose()?,
            html: html_path
                .map(|p| Ok((p.to_path_buf(), html::HtmlReport::create(p).map_err(at(p))?)))
                .transpose()?,
            xlsx: report
                .xlsx
                .as_deref()
                .map(|p| Ok((p.to_path_buf(), xlsx::XlsxReport::create(p).map_err(at(p))?)))
                .transpose()?,
        })
    }

    /// Adds one file's row (its path already relative) and report.
    pub fn file(&mut self, row: &Row, report: &FileReport) -> Result<(), OutputError> {
        if let Some((p, c)) = &mut self.csv {
            c.row(row).map_err(at(p))?;
        }
        if let Some((p, c)) = &mut self.findings {
            c.file(row, report).map_err(at(p))?;
        }
        if let Some((p, h)) = &mut self.html {
            h.file(row, report).map_err(at(p))?;
        }
        if let Some((p, x)) = &mut self.xlsx {
            x.file(row, report).map_err(at(p))?;
        }
        Ok(())
    }

    /// Completes every output and puts it in place.
    pub fn finish(self, summary: &Summary, meta: &ReportMeta) -> Result<(), OutputError> {
        if let Some((p, c)) = self.csv {
            c.finish().map_err(at(&p))?;
        }
        if let Some((p, c)) = self.findings {
            c.finish().map_err(at(&p))?;
        }
        if let Some((p, h)) = self.html {
            h.finish(summary, meta).map_err(at(&p))?;
        }
        if let Some((p, x)) = self.xlsx {
            x.finish(summary, meta).map_err(at(&p))?;
        }
        Ok(())
    }
}
