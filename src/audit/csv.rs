//! `audit --csv`: the coverage matrix, one row per file, one column per
//! element, written row by row as reports arrive.

use super::{Row, STATUSES};
use crate::output::Pending;
use crate::rules::ELEMENTS;
use std::io::{self, BufWriter};
use std::path::Path;

pub struct CsvMatrix {
    out: csv::Writer<BufWriter<Pending>>,
}

impl CsvMatrix {
    /// Starts the file (a temporary file beside `path`) and writes the header.
    pub fn create(path: &Path) -> io::Result<CsvMatrix> {
        let mut out = csv::Writer::from_writer(BufWriter::new(Pending::create(path)?));
        let mut header = vec![
            "path",
            "kind",
            "format",
            "language",
            "organisation",
            "notice_kind",
        ];
        header.extend(ELEMENTS);
        header.extend(["errors", "warnings", "infos", "error"]);
        out.write_record(&header).map_err(io::Error::other)?;
        Ok(CsvMatrix { out })
    }

    pub fn row(&mut self, row: &Row) -> io::Result<()> {
        let mut rec: Vec<String> = vec![
            cell(&row.path),
            row.kind.into(),
            row.format.into(),
            row.language.into(),
            row.organisation.clone(),
            row.notice_kind.clone(),
        ];
        rec.extend(
            row.statuses
                .iter()
                .map(|s| s.map_or("", |i| STATUSES[i]).to_string()),
        );
        let [info, warning, error] = row.findings;
        rec.extend([error, warning, info].map(|n| n.to_string()));
        rec.push(cell(row.error.as_deref().unwrap_or_default()));
        self.out.write_record(&rec).map_err(io::Error::other)
    }

    /// The complete file, still to be renamed into place ([`Pending::commit`]).
    pub fn finish(self) -> io::Result<Pending> {
        let buffered = self.out.into_inner().map_err(|e| e.into_error())?;
        buffered.into_inner().map_err(|e| e.into_error())
    }
}

/// A text cell a spreadsheet will not run as a formula: a leading `=`, `+`,
/// `-` or `@` (a file may be named so) gets an apostrophe in front.
fn cell(text: &str) -> String {
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
}
