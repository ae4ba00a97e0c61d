//! `--format rdjson`: reviewdog's Diagnostic Format (one JSON object with
//! a `diagnostics` array), for review comments on pull requests. Columns are
//! 1-based UTF-8 byte columns, ends exclusive, as the format asks. When the
//! help gives an example sentence, it is a suggestion: for a missing element
//! inserted after the title, for a vague statement in place of it.

use super::Render;
use crate::assessment::Status;
use crate::finding::{Finding, Severity};
use crate::report::FileReport;
use serde_json::{json, Value};
use std::io::{self, Write};

#[derive(Default)]
pub struct Rdjson {
    diagnostics: Vec<Value>,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// The example sentence of a help text: the quoted text after "e.g.:" / "bijv.:".
pub fn example(help: &str) -> Option<&str> {
    let at = ["e.g.: \"", "bijv.: \""]
        .iter()
        .filter_map(|m| help.find(m).map(|i| i + m.len()))
        .min()?;
    let rest = &help[at..];
    let end = rest.find('"')?;
    Some(&rest[..end]).filter(|s| !s.trim().is_empty())
}

/// (line, UTF-8 byte column), both 1-based, of a decoded-text offset.
fn position(source: &str, offset: usize) -> Value {
    let offset = crate::source::floor_char_boundary(source, offset);
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[..start].matches('\n').count() + 1;
    json!({ "line": line, "column": offset - start + 1 })
}

fn suggestion(report: &FileReport, f: &Finding, source: &str) -> Option<Value> {
    let text = example(&f.help)?;
    let status = f
        .element
        .as_deref()
        .and_then(|e| report.element(e))
        .map(|e| e.status);
    match (status, f.check.is_some()) {
        (Some(Status::Absent), false) => {
            // A new paragraph after the title's line.
            let end = f.span.end.min(source.len());
            let next = source[end..].find('\n').map(|i| end + i + 1)?;
            let at = position(source, next);
            Some(json!({ "range": { "start": at, "end": at }, "text": format!("{text}\n\n") }))
        }
        (Some(Status::Vague), false) => Some(json!({
            "range": {
                "start": position(source, f.span.start),
                "end": position(source, f.span.end),
            },
            "text": text,
        })),
        _ => None,
    }
}

impl Render for Rdjson {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let source = report.source.as_ref().map(|s| s.text());
        for f in &report.findings {
            let mut d = json!({
                "message": format!("{}\n{}", f.message, f.help),
                "severity": severity(f.severity),
                "code": { "value": f.rule },
            });
            let mut location = json!({ "path": report.path });
            if let Some(src) = source {
                location["range"] = json!({
                    "start": position(src, f.span.start),
                    "end": position(src, f.span.end),
                });
                if let Some(s) = suggestion(report, f, src) {
                    d["suggestions"] = json!([s]);
                }
            }
            d["location"] = location;
            self.diagnostics.push(d);
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let doc = json!({
            "source": { "name": "avglint" },
            "diagnostics": self.diagnostics,
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_the_quoted_sentence() {
        assert_eq!(example("Add, e.g.: \"We keep it.\""), Some("We keep it."));
        assert_eq!(
            example("Voeg toe, bijv.: \"Wij bewaren.\" of meer"),
            Some("Wij bewaren.")
        );
        assert_eq!(example("Name the rights."), None);
    }
}
