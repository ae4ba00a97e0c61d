//! `--format gitlab`: GitLab Code Quality (a subset of Code Climate's issue
//! format): a JSON array with one issue per finding, for the merge request
//! widget. Each issue's fingerprint is the baseline fingerprint with the path
//! and its occurrence folded in, so it is unique in the report yet stable
//! when lines move.

use super::Render;
use crate::baseline::fingerprint;
use crate::finding::Severity;
use crate::report::FileReport;
use serde_json::json;
use std::collections::HashMap;
use std::io::{self, Write};

#[derive(Default)]
pub struct Gitlab {
    issues: usize,
}

/// Code Quality severity (info, minor, major, critical, blocker).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// FNV-1a 64 of the parts, as 16 hex digits.
fn hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes().iter().chain(&[0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

impl Render for Gitlab {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for f in &report.findings {
            let base = fingerprint(report, f);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let l = report.location(&f.span);
            let description = if f.article.is_empty() {
                f.message.clone()
            } else {
                format!("{} (GDPR Art. {})", f.message, f.article)
            };
            let issue = json!({
                "type": "issue",
                "check_name": f.rule,
                "description": description,
                "content": { "body": f.help },
                "categories": ["Compliance"],
                "fingerprint": hash(&[&report.path, &base, &n.to_string()]),
                "severity": severity(f.severity),
                "location": {
                    "path": report.path,
                    "lines": { "begin": l.line, "end": l.end_line.max(l.line) },
                },
            });
            out.write_all(if self.issues > 0 { b",\n  " } else { b"\n  " })?;
            self.issues += 1;
            serde_json::to_writer(&mut *out, &issue).map_err(io::Error::other)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.issues > 0 { b"\n]\n" } else { b"]\n" })
    }
}
