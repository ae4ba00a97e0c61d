//! Baselines: the findings a project has accepted, so CI fails only on new ones.
//!
//! A finding's fingerprint hashes its rule, element or check and the
//! normalised text it points at, never its line: inserted lines and moved
//! sections keep it. A finding about an absent element points at the title,
//! so its text is left out: the element's absence is the whole finding.

use crate::assessment::Status;
use crate::finding::Finding;
use crate::report::FileReport;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// Key under which SARIF `partialFingerprints` carry [`fingerprint`].
pub const FINGERPRINT_KEY: &str = "avglint/v1";

/// The stable fingerprint of a finding in its file report (16 hex digits).
pub fn fingerprint(report: &FileReport, f: &Finding) -> String {
    let absent = f.check.is_none()
        && f.element
            .as_deref()
            .and_then(|e| report.element(e))
            .is_some_and(|e| e.status == Status::Absent);
    let text = match (&report.source, absent) {
        (Some(src), false) => src.text().get(f.span.clone()).unwrap_or(""),
        _ => "",
    };
    let mut h = Fnv::default();
    for part in [
        f.rule.as_str(),
        f.element.as_deref().unwrap_or(""),
        f.check.as_deref().unwrap_or(""),
        &normalise(text),
    ] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.0)
}

/// Lowercase words separated by single spaces: markup, punctuation and line breaks drop out.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// FNV-1a, 64 bit: tiny and stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// One accepted finding as stored in the baseline file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// For people reading the file; not compared.
    #[serde(default)]
    pub message: String,
}

/// The baseline file (`--write-baseline`, `--baseline`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Accepted>,
}

impl Baseline {
    /// The baseline entries for one file report's findings.
    pub fn entries(report: &FileReport) -> Vec<Accepted> {
        report
            .findings
            .iter()
            .map(|f| Accepted {
                path: report.path.clone(),
                rule: f.rule.clone(),
                fingerprint: fingerprint(report, f),
                message: f.message.clone(),
            })
            .collect()
    }

    /// A baseline of these entries, sorted.
    pub fn from_entries(mut findings: Vec<Accepted>) -> Baseline {
        findings.sort();
        Baseline {
            version: 1,
            findings,
        }
    }

    /// Reads a baseline file; the error names the file.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = crate::output::read_limited(path, "baseline")?;
        Baseline::parse(&text, path)
    }

    /// Parses baseline text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            format!(
                "{}:{}:{}: not an avglint baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// For `--write-baseline`: the entries of `unjudged` files (ones that
    /// could not be read or judged this run) are taken over from the
    /// baseline already at `path`, since their findings are unknown, not
    /// gone. Returns a note saying so, when there is anything to say.
    pub fn keep_unjudged(
        path: &Path,
        unjudged: &[String],
        entries: &mut Vec<Accepted>,
    ) -> Option<String> {
        if unjudged.is_empty() {
            return None;
        }
        let old = match std::fs::symlink_metadata(path) {
            Ok(_) => Baseline::read(path).ok(),
            Err(_) => None,
        };
        let wanted: std::collections::HashSet<&str> = unjudged.iter().map(String::as_str).collect();
        let kept: Vec<Accepted> = old
            .map(|b| b.findings)
            .unwrap_or_default()
            .into_iter()
            .filter(|a| wanted.contains(a.path.as_str()))
            .collect();
        let files = unjudged.len();
        let note = if kept.is_empty() {
            format!(
                "{files} file(s) could not be judged, so the baseline has no entries for them (first: {})",
                unjudged[0]
            )
        } else {
            format!(
                "{files} file(s) could not be judged; their {} entries in the old baseline were kept (first: {})",
                kept.len(),
                unjudged[0]
            )
        };
        entries.extend(kept);
        Some(note)
    }

    /// Writes the baseline as pretty JSON with a final newline.
    #[cfg(feature = "cli")]
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| format!("{}: cannot write baseline: {e}", path.display()))
    }

    /// The entries grouped by path, for filtering file by file.
    pub fn index(&self) -> BaselineIndex {
        let mut by_path: HashMap<String, BTreeMap<(String, String), usize>> = HashMap::new();
        for e in &self.findings {
            *by_path
                .entry(e.path.clone())
                .or_default()
                .entry((e.rule.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        BaselineIndex {
            by_path,
            matched: Mutex::new(HashMap::new()),
        }
    }

    /// The entries that accepted no finding of the files `index` filtered
    /// (entries of files not checked in this run are not stale).
    pub fn stale(&self, index: &BaselineIndex) -> Vec<Accepted> {
        let matched = index.matched.lock().unwrap_or_else(PoisonError::into_inner);
        let mut left = matched.clone();
        self.findings
            .iter()
            .filter(|e| {
                let Some(keys) = left.get_mut(&e.path) else {
                    return false;
                };
                match keys.get_mut(&(e.rule.clone(), e.fingerprint.clone())) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .cloned()
            .collect()
    }

    /// This baseline without the given entries (one removal per entry).
    pub fn without(&self, stale: &[Accepted]) -> Baseline {
        let mut drop: Vec<&Accepted> = stale.iter().collect();
        let findings = self
            .findings
            .iter()
            .filter(|e| match drop.iter().position(|d| *d == *e) {
                Some(i) => {
                    drop.swap_remove(i);
                    false
                }
                None => true,
            })
            .cloned()
            .collect();
        Baseline::from_entries(findings)
    }
}

/// How many entries (or findings) each (rule, fingerprint) has.
type Counts = BTreeMap<(String, String), usize>;

/// A baseline's accepted findings per path: each entry accepts one finding.
/// It remembers which entries accepted a finding, for [`Baseline::stale`].
#[derive(Debug, Default)]
pub struct BaselineIndex {
    by_path: HashMap<String, Counts>,
    /// Per path filtered: how many findings each (rule, fingerprint) accepted.
    matched: Mutex<HashMap<String, Counts>>,
}

impl BaselineIndex {
    /// Drops the findings of one report that the baseline accepts. Entries
    /// are per path, so files can be filtered independently and in any order.
    pub fn filter(&self, report: &mut FileReport) {
        let mut used: BTreeMap<(String, String), usize> = BTreeMap::new();
        let Some(accepted) = self.by_path.get(&report.path) else {
            self.record(&report.path, used);
            return;
        };
        let mut left = accepted.clone();
        let keep: Vec<bool> = report
            .findings
            .iter()
            .map(|f| {
                let key = (f.rule.clone(), fingerprint(report, f));
                match left.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        *used.entry(key).or_default() += 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        self.record(&report.path, used);
        let mut keep = keep.into_iter();
        report.findings.retain(|_| keep.next().unwrap_or(true));
    }

    fn record(&self, path: &str, used: BTreeMap<(String, String), usize>) {
        let mut matched = self.matched.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = matched.entry(path.to_owned()).or_default();
        for (k, n) in used {
            *entry.entry(k).or_default() += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_markup_and_breaks() {
        assert_eq!(
            normalise("**Wij bewaren** uw\n  gegevens, niet langer dan nodig."),
            "wij bewaren uw gegevens niet langer dan nodig"
        );
    }

    #[test]
    fn fnv_is_stable() {
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
    }
}
