//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//! One run; every rule of the catalogue in `tool.driver.rules`; regions in
//! 1-based lines and Unicode code point columns (`columnKind`); the baseline
//! fingerprint in `partialFingerprints`; the GDPR article as a property.

use super::Render;
use crate::baseline::{fingerprint, FINGERPRINT_KEY};
use crate::catalog::Catalog;
use crate::finding::Severity;
use crate::report::{FileKind, FileReport, Location};
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct Sarif {
    catalog: Catalog,
    results: Vec<Value>,
    notifications: Vec<Value>,
}

impl Sarif {
    pub fn new(catalog: Catalog) -> Sarif {
        Sarif {
            catalog,
            results: Vec::new(),
            notifications: Vec::new(),
        }
    }
}

/// SARIF `level` of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI: a relative path as a URI reference, an absolute one as a
/// `file://` URI; forward slashes, reserved bytes percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    let slashed = path.replace('\\', "/");
    if slashed.starts_with('/') {
        out.push_str("file://");
    } else if slashed.as_bytes().get(1) == Some(&b':') && slashed.as_bytes().get(2) == Some(&b'/') {
        // A Windows drive path: file:///C:/...
        out.push_str("file:///");
        out.push_str(&slashed[..2]);
        for b in slashed[2..].bytes() {
            push_uri_byte(&mut out, b);
        }
        return out;
    }
    for b in slashed.bytes() {
        push_uri_byte(&mut out, b);
    }
    out
}

fn push_uri_byte(out: &mut String, b: u8) {
    match b {
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
            out.push(b as char)
        }
        _ => out.push_str(&format!("%{b:02X}")),
    }
}

fn region(l: &Location) -> Value {
    json!({
        "startLine": l.line,
        "startColumn": l.column,
        "endLine": l.end_line,
        "endColumn": l.end_column,
        "byteOffset": l.start,
        "byteLength": l.end.saturating_sub(l.start),
    })
}

fn physical(path: &str, l: &Location) -> Value {
    json!({
        "artifactLocation": { "uri": uri(path) },
        "region": region(l),
    })
}

impl Render for Sarif {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        if report.kind == FileKind::Error {
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": report.error.as_deref().unwrap_or("cannot be checked") },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri(&report.path) } } } ],
            }));
            // Its `unreadable` finding (unless ignored) is a result like any other.
        }
        for f in &report.findings {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": format!("{}\nhelp: {}", f.message, f.help) },
                "locations": [ { "physicalLocation": physical(&report.path, &report.location(&f.span)) } ],
            });
            if let Some(i) = self.catalog.rules.iter().position(|r| r.id == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !f.related.is_empty() {
                result["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i,
                            "message": { "text": r.message },
                            "physicalLocation": physical(&report.path, &report.location(&r.span)),
                        })
                    })
                    .collect();
            }
            result["partialFingerprints"] = json!({ FINGERPRINT_KEY: fingerprint(report, f) });
            let mut props = serde_json::Map::new();
            if !f.article.is_empty() {
                props.insert("article".into(), json!(f.article));
            }
            if let Some(e) = &f.element {
                props.insert("element".into(), json!(e));
            }
            if let Some(c) = &f.check {
                props.insert("check".into(), json!(c));
            }
            if let Some(l) = report.language {
                props.insert("language".into(), json!(l.code()));
            }
            result["properties"] = Value::Object(props);
            self.results.push(result);
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Value> = self
            .catalog
            .rules
            .iter()
            .map(|r| {
                let full = if r.article.is_empty() {
                    format!("{} ({})", r.message.en, r.name.en)
                } else {
                    format!("{} ({}, GDPR Art. {})", r.message.en, r.name.en, r.article)
                };
                let mut props = serde_json::Map::new();
                if !r.article.is_empty() {
                    props.insert("article".into(), json!(r.article));
                }
                if let Some(e) = &r.element {
                    props.insert("element".into(), json!(e));
                }
                if let Some(c) = &r.check {
                    props.insert("check".into(), json!(c));
                }
                props.insert("languages".into(), json!(r.languages));
                props.insert("tags".into(), json!(["privacy", "gdpr"]));
                json!({
                    "id": r.id,
                    "name": r.id,
                    "shortDescription": { "text": r.name.en },
                    "fullDescription": { "text": full },
                    "help": {
                        "text": r.help.en,
                        "markdown": format!("{}\n\n*Nederlands:* {}", r.help.en, r.help.nl),
                    },
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": props,
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [ {
                "tool": { "driver": {
                    "name": "avglint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                } },
                "invocations": [ {
                    "executionSuccessful": true,
                    "toolExecutionNotifications": self.notifications,
                } ],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            } ],
        });
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_are_file_uris() {
        assert_eq!(uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(uri("/srv/notices/a.md"), "file:///srv/notices/a.md");
        assert_eq!(uri("C:\\notices\\a.md"), "file:///C:/notices/a.md");
    }
}
