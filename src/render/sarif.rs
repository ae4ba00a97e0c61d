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

/// A relative path as a URI reference: forward slashes, reserved bytes percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
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
