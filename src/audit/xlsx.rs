//! `audit --xlsx`: one workbook with three sheets: the summary (the report
//! header and the per-element counts), the matrix (as the CSV) and the
//! findings (one row per finding, with evidence, line and help). The matrix
//! and findings sheets hold the same cells as the CSV files;
//! while reports arrive the rows are spooled to anonymous temporary files
//! (JSON lines), and the workbook is written at the end, when the report
//! language is known: column headers in plain words, sheets in constant-memory
//! mode, so memory stays flat.

use super::csv::{finding_records, matrix_record, FINDINGS_HEAD, MATRIX_HEAD, MATRIX_TAIL};
use super::meta::{labels, reason_text, ReportMeta};
use super::out::Output;
use super::summary::percent;
use super::{Row, Summary};
use crate::report::FileReport;
use crate::rules::ELEMENTS;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};
use std::path::Path;

const SUMMARY: usize = 0;
const MATRIX: usize = 1;
const FINDINGS: usize = 2;

pub struct XlsxReport {
    target: Output,
    matrix: BufWriter<File>,
    findings: BufWriter<File>,
}

fn err(e: XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// Writes a row of text cells; a cell after the first that reads as a whole
/// number (a count, a line) is written as one.
fn write_row(
    book: &mut Workbook,
    sheet: usize,
    row: u32,
    cells: &[String],
) -> Result<(), XlsxError> {
    let ws = book.worksheet_from_index(sheet)?;
    for (c, text) in cells.iter().enumerate() {
        let col = c as u16;
        match text.parse::<u32>() {
            Ok(n) if c > 0 && (!text.starts_with('0') || text == "0") => {
                ws.write_number(row, col, f64::from(n))?;
            }
            _ if text.is_empty() => {}
            _ => {
                ws.write_string(row, col, text)?;
            }
        }
    }
    Ok(())
}

fn header(book: &mut Workbook, sheet: usize, names: &[String]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let ws = book.worksheet_from_index(sheet)?;
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, name, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

impl XlsxReport {
    pub fn create(path: &Path) -> io::Result<XlsxReport> {
        Ok(XlsxReport {
            target: Output::create(path)?,
            matrix: BufWriter::new(tempfile::tempfile()?),
            findings: BufWriter::new(tempfile::tempfile()?),
        })
    }

    pub fn file(&mut self, row: &Row, report: &FileReport) -> io::Result<()> {
        serde_json::to_writer(&mut self.matrix, &matrix_record(row))?;
        self.matrix.write_all(b"\n")?;
        for rec in finding_records(&row.path, report) {
            serde_json::to_writer(&mut self.findings, &rec)?;
            self.findings.write_all(b"\n")?;
        }
        Ok(())
    }

    pub fn finish(self, summary: &Summary, meta: &ReportMeta) -> io::Result<()> {
        let lang = meta.language.unwrap_or_else(|| summary.majority_language());
        let l = labels(lang);
        let nl = lang == crate::lang::Language::Nl;
        let mut book = Workbook::new();
        let names = if nl {
            ["Samenvatting", "Matrix", "Bevindingen"]
        } else {
            ["Summary", "Matrix", "Findings"]
        };
        book.add_worksheet().set_name(names[0]).map_err(err)?;
        book.add_worksheet_with_constant_memory()
            .and_then(|ws| ws.set_name(names[1]))
            .map_err(err)?;
        book.add_worksheet_with_constant_memory()
            .and_then(|ws| ws.set_name(names[2]))
            .map_err(err)?;
        // Headers in plain words; the CSV files keep the ids.
        let mut matrix: Vec<String> = vec![
            l.path.into(),
            l.kind.into(),
            l.format.into(),
            l.language.into(),
            l.organisation.into(),
            if nl {
                "soort verklaring"
            } else {
                "notice kind"
            }
            .into(),
            l.reason.into(),
        ];
        matrix.extend(meta.elements.iter().map(|e| e.name(lang).to_string()));
        matrix.extend(
            [2, 1, 0]
                .iter()
                .map(|&k| l.severities_counted[k].to_string()),
        );
        matrix.push(if nl { "foutmelding" } else { "error message" }.into());
        let findings: Vec<String> = if nl {
            [
                "Bestand",
                "regel",
                "ernst",
                "onderdeel",
                "artikel",
                "regelnummer",
                "kolom",
                "melding",
                "onderbouwing",
                "hulp",
                "taal",
            ]
        } else {
            [
                "File", "rule", "severity", "element", "article", "line", "column", "message",
                "evidence", "help", "language",
            ]
        }
        .iter()
        .map(|s| s.to_string())
        .collect();
        debug_assert_eq!(
            matrix.len(),
            MATRIX_HEAD.len() + ELEMENTS.len() + MATRIX_TAIL.len()
        );
        debug_assert_eq!(findings.len(), FINDINGS_HEAD.len());
        header(&mut book, MATRIX, &matrix).map_err(err)?;
        header(&mut book, FINDINGS, &findings).map_err(err)?;
        book.worksheet_from_index(MATRIX)
            .and_then(|ws| ws.set_column_width(0, 40))
            .map_err(err)?;
        book.worksheet_from_index(FINDINGS)
            .and_then(|ws| ws.set_column_width(0, 40))
            .and_then(|ws| ws.set_column_width(7, 60))
            .and_then(|ws| ws.set_column_width(8, 60))
            .and_then(|ws| ws.set_column_width(9, 60))
            .map_err(err)?;
        for (sheet, spool) in [(MATRIX, self.matrix), (FINDINGS, self.findings)] {
            let mut file = spool.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            for (r, line) in BufReader::new(file).lines().enumerate() {
                let cells: Vec<String> = serde_json::from_str(&line?)?;
                write_row(&mut book, sheet, r as u32 + 1, &cells).map_err(err)?;
            }
        }
        let bold = Format::new().set_bold();
        let mut lines: Vec<Vec<String>> = vec![vec![meta.title(lang)]];
        if let Some(c) = &meta.client {
            lines.push(vec![l.client.into(), c.clone()]);
        }
        lines.push(vec![l.date.into(), meta.date.clone()]);
        lines.push(vec![l.folders.into(), meta.roots.join(", ")]);
        let formats: Vec<String> = summary
            .by_format
            .iter()
            .map(|(f, n)| format!("{n} {f}"))
            .collect();
        lines.push(vec![
            l.scope.into(),
            format!("{} {}: {}", summary.files, l.files, formats.join(", ")),
        ]);
        lines.push(vec![
            l.tool.into(),
            format!(
                "avglint {}, {} {}",
                meta.tool_version, l.rule_set, meta.rules_version
            ),
        ]);
        let config: Vec<String> = meta
            .config
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        lines.push(vec![
            l.configuration.into(),
            if config.is_empty() {
                l.none.into()
            } else {
                config.join("; ")
            },
        ]);
        lines.push(vec![
            l.summary.into(),
            format!(
                "{} {}, {} {}, {} {}",
                summary.notices,
                l.notices,
                summary.not_notices,
                l.not_notices,
                summary.errors,
                l.errors
            ),
        ]);
        lines.push(vec![l.method.into(), l.method_text.into()]);
        lines.push(vec![l.disclaimer.into(), l.disclaimer_text.into()]);
        lines.push(Vec::new());
        let mut head = vec![l.element.to_string(), "id".into(), l.article.into()];
        head.extend(l.statuses.iter().map(|s| s.to_string()));
        head.push(l.pass_rate.into());
        let head_row = lines.len();
        lines.push(head);
        for (e, name) in meta.elements.iter().enumerate() {
            let mut line = vec![
                name.name(lang).to_string(),
                name.id.to_string(),
                name.article.clone(),
            ];
            line.extend(summary.elements[e].iter().map(|n| n.to_string()));
            line.push(percent(summary.pass_rate(e)));
            lines.push(line);
        }
        if !summary.reasons.is_empty() {
            lines.push(Vec::new());
            lines.push(vec![l.reasons.into()]);
            for (code, n) in &summary.reasons {
                lines.push(vec![reason_text(code, lang).into(), n.to_string()]);
            }
        }
        for (r, line) in lines.iter().enumerate() {
            write_row(&mut book, SUMMARY, r as u32, line).map_err(err)?;
        }
        let ws = book.worksheet_from_index(SUMMARY).map_err(err)?;
        ws.write_string_with_format(0, 0, meta.title(lang), &bold)
            .and_then(|ws| ws.set_column_width(0, 28))
            .and_then(|ws| ws.set_column_width(1, 40))
            .map_err(err)?;
        for (c, text) in lines[head_row].iter().enumerate() {
            ws.write_string_with_format(head_row as u32, c as u16, text, &bold)
                .map_err(err)?;
        }
        book.save(self.target.path()).map_err(err)?;
        self.target.commit()
    }
}
