//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//! One run; every rule of the catalogue in `tool.driver.rules`; regions in
//! 1-based lines and Unicode code point columns (`columnKind`); the baseline
//! fingerprint in `partialFingerprints`; the GDPR article as a property.
//!
//! Written as a stream: the log up to `"results": [` first, each file's
//! results as they come, then the invocation (with the notifications about
//! files that could not be checked, the only thing kept) and the closing
//! brackets. Memory does not grow with the number of results.

use super::Render;
use crate::baseline::{fingerprint, FINGERPRINT_KEY};
use crate::catalog::Catalog;
use crate::finding::Severity;
use crate::report::{FileKind, FileReport, Location};
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct Sarif {
    catalog: Catalog,
    results: usize,
    notifications: Vec<Value>,
    /// The pretty-printed log around the results and the invocations: (text
    /// up to the results array, text between it and the invocations, the
    /// rest), with the indentation of the array's elements.
    frame: Option<Frame>,
}

struct Frame {
    head: String,
    middle: String,
    tail: String,
    /// Indentation of the `"results"` and `"invocations"` keys.
    indent: String,
}

const RESULTS: &str = "@@avglint-sarif-results@@";
const INVOCATIONS: &str = "@@avglint-sarif-invocations@@";

impl Sarif {
    pub fn new(catalog: Catalog) -> Sarif {
        Sarif {
            catalog,
            results: 0,
            notifications: Vec::new(),
            frame: None,
        }
    }
}

/// `v` pretty-printed as an element at `indent` (its first line not indented).
fn pretty_at(v: &Value, indent: &str) -> io::Result<String> {
    let text = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
    // JSON strings hold no raw line breaks: every line break is layout.
    Ok(super::escape::json(&text).replace('\n', &format!("\n{indent}")))
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
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let frame = self.frame()?;
        out.write_all(frame.head.as_bytes())?;
        self.frame = Some(frame);
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        if self.frame.is_none() {
            // `begin` was not called: the head goes first all the same.
            self.begin(out)?;
        }
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
            let indent = self.frame.as_ref().map_or("", |f| f.indent.as_str());
            let element = format!("{indent}  ");
            let sep = if self.results == 0 { "\n" } else { ",\n" };
            out.write_all(sep.as_bytes())?;
            out.write_all(element.as_bytes())?;
            out.write_all(pretty_at(&result, &element)?.as_bytes())?;
            self.results += 1;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let frame = match self.frame.take() {
            Some(f) => f,
            // `begin` was not called: write the head now.
            None => {
                let f = self.frame()?;
                out.write_all(f.head.as_bytes())?;
                f
            }
        };
        if self.results > 0 {
            write!(out, "\n{}", frame.indent)?;
        }
        out.write_all(b"]")?;
        out.write_all(frame.middle.as_bytes())?;
        let invocations = json!([ {
            "executionSuccessful": true,
            "toolExecutionNotifications": self.notifications,
        } ]);
        out.write_all(pretty_at(&invocations, &frame.indent)?.as_bytes())?;
        out.write_all(frame.tail.as_bytes())?;
        out.write_all(b"\n")
    }
}

impl Sarif {
    /// The log with placeholders for the results and the invocations, cut
    /// at them.
    fn frame(&self) -> io::Result<Frame> {
        let builtin: std::collections::HashSet<String> = crate::rules::Registry::builtin()
            .map(|reg| Catalog::new(reg).rules.into_iter().map(|r| r.id).collect())
            .unwrap_or_default();
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
                let mut rule = json!({
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
                });
                // A built-in rule's documentation page (docs/rules/<id>.md);
                // a rule only an organisation's rules folder defines has none.
                if builtin.contains(r.id.as_str()) {
                    rule["helpUri"] = json!(crate::explain::help_uri(&r.id));
                }
                rule
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
                "columnKind": "unicodeCodePoints",
                "results": RESULTS,
                "invocations": INVOCATIONS,
            } ],
        });
        let text = serde_json::to_string_pretty(&log).map_err(io::Error::other)?;
        let results = format!("\"{RESULTS}\"");
        let invocations = format!("\"{INVOCATIONS}\"");
        let (head, rest) = text
            .split_once(&results)
            .ok_or_else(|| io::Error::other("SARIF frame"))?;
        let (middle, tail) = rest
            .split_once(&invocations)
            .ok_or_else(|| io::Error::other("SARIF frame"))?;
        let line_start = head.rfind('\n').map_or(0, |i| i + 1);
        let indent: String = head[line_start..]
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        Ok(Frame {
            head: format!("{head}["),
            middle: middle.to_string(),
            tail: tail.to_string(),
            indent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_log_is_the_log_serde_would_write() {
        let catalog = Catalog::new(crate::rules::Registry::builtin().unwrap());
        let mut r = Sarif::new(catalog);
        let mut out = Vec::new();
        r.begin(&mut out).unwrap();
        r.end(&mut out).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(log["runs"][0]["results"], json!([]));
        let again = serde_json::to_string_pretty(&log).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), again);
    }

    #[test]
    fn absolute_paths_are_file_uris() {
        assert_eq!(uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(uri("/srv/notices/a.md"), "file:///srv/notices/a.md");
        assert_eq!(uri("C:\\notices\\a.md"), "file:///C:/notices/a.md");
    }
}
