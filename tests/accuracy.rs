//! Accuracy over labelled notices: gap detection (absent or vague) against
//! hand labels, per language and per element, printed as a table. Runs on
//! `fixtures/` always and on `../shared/seeds` and `../shared/corpus` when they
//! are present (with `CI=true` they must be). Run with `--nocapture` to see it.

use avglint::rules::{Registry, ELEMENTS};
use avglint::{check_path, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// tp, fp, fn
#[derive(Default, Clone, Copy)]
struct Counts(usize, usize, usize);

impl Counts {
    fn add(&mut self, o: Counts) {
        self.0 += o.0;
        self.1 += o.1;
        self.2 += o.2;
    }
    fn prf(self) -> (f64, f64, f64) {
        let p = if self.0 + self.1 == 0 {
            1.0
        } else {
            self.0 as f64 / (self.0 + self.1) as f64
        };
        let r = if self.0 + self.2 == 0 {
            1.0
        } else {
            self.0 as f64 / (self.0 + self.2) as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

struct Outcome {
    by_lang: BTreeMap<String, Counts>,
    by_element: BTreeMap<&'static str, Counts>,
    problems: Vec<String>,
}

/// Each labelled document: (path of the file, its label table).
fn labelled_docs(labels: &Path) -> Vec<(PathBuf, toml::Table)> {
    let base = labels.parent().expect("labels file has a folder");
    let text = std::fs::read_to_string(labels).expect("labels readable");
    let table: toml::Table = toml::from_str(&text).expect("labels parse");
    let docs = match table.get("docs") {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => table,
    };
    docs.into_iter()
        .filter_map(|(key, v)| {
            let t = v.as_table()?.clone();
            t.get("notice_kind")?;
            let rel = t
                .get("file")
                .and_then(|f| f.as_str())
                .map(str::to_owned)
                .unwrap_or(key);
            Some((base.join(rel), t))
        })
        .collect()
}

fn score(labels: &Path) -> Outcome {
    let reg = Registry::builtin().expect("rules compile");
    let mut out = Outcome {
        by_lang: BTreeMap::new(),
        by_element: BTreeMap::new(),
        problems: Vec::new(),
    };
    for (path, label) in labelled_docs(labels) {
        let name = path.display().to_string();
        let report = check_path(&path, &name, &Options::default(), reg);
        let raw = std::fs::read(&path).expect("labelled file exists");
        if label.get("notice_kind").and_then(|v| v.as_str()) == Some("not_a_notice") {
            if report.kind != avglint::report::FileKind::NotANotice {
                out.problems
                    .push(format!("{name}: not recognised as no notice"));
            }
            continue;
        }
        let lang = label
            .get("language")
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_owned();
        for element in ELEMENTS {
            let Some(want) = label
                .get(element)
                .and_then(|v| v.get("status"))
                .and_then(|v| v.as_str())
            else {
                continue;
            };
            if !matches!(want, "present" | "absent" | "vague") {
                continue;
            }
            let json = serde_json::to_value(&report).expect("serialises");
            let got = json["elements"]
                .get(element)
                .and_then(|e| e["status"].as_str())
                .unwrap_or("missing");
            for ev in json["elements"]
                .get(element)
                .and_then(|e| e["evidence"].as_array())
                .into_iter()
                .flatten()
            {
                let (s, e) = (
                    ev["start"].as_u64().unwrap() as usize,
                    ev["end"].as_u64().unwrap() as usize,
                );
                if String::from_utf8_lossy(&raw[s..e]) != ev["text"].as_str().unwrap_or("") {
                    out.problems.push(format!(
                        "{name}: {element} evidence span does not slice the file to its text"
                    ));
                }
            }
            let (gap_true, gap_pred) = (want != "present", got == "absent" || got == "vague");
            let c = match (gap_true, gap_pred) {
                (true, true) => Counts(1, 0, 0),
                (false, true) => Counts(0, 1, 0),
                (true, false) => Counts(0, 0, 1),
                (false, false) => Counts(0, 0, 0),
            };
            if gap_true != gap_pred {
                out.problems
                    .push(format!("{name}: {element} reported {got}, labelled {want}"));
            }
            out.by_lang.entry(lang.clone()).or_default().add(c);
            out.by_element.entry(element).or_default().add(c);
        }
    }
    out
}

fn report_and_check(set: &str, labels: &Path, min_f1: f64) {
    let o = score(labels);
    println!("\n== {set} ({})", labels.display());
    for p in &o.problems {
        println!("  {p}");
    }
    println!(
        "  {:<22} {:>4} {:>4} {:>4} {:>5} {:>5} {:>5}",
        "element", "tp", "fp", "fn", "P", "R", "F1"
    );
    for (e, c) in &o.by_element {
        let (p, r, f) = c.prf();
        println!(
            "  {e:<22} {:>4} {:>4} {:>4} {p:>5.2} {r:>5.2} {f:>5.2}",
            c.0, c.1, c.2
        );
    }
    let mut total = Counts::default();
    for (lang, c) in &o.by_lang {
        let (p, r, f) = c.prf();
        println!("  language {lang}: P={p:.2} R={r:.2} F1={f:.2}");
        total.add(*c);
    }
    let (p, r, f) = total.prf();
    println!("  all: P={p:.2} R={r:.2} F1={f:.2}");
    assert!(
        !o.problems
            .iter()
            .any(|p| p.contains("evidence span") || p.contains("no notice")),
        "{set}: {:?}",
        o.problems
    );
    assert!(
        f >= min_f1,
        "{set}: gap-detection F1 {f:.2} is below {min_f1}"
    );
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        p.display()
    );
    println!("skipping: {} is not present", p.display());
    None
}

#[test]
fn fixtures_accuracy() {
    report_and_check(
        "fixtures",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/labels.toml"),
        0.90,
    );
}

#[test]
fn seeds_accuracy() {
    if let Some(labels) = shared("seeds/labels.toml") {
        report_and_check("seeds", &labels, 0.90);
    }
}

#[test]
fn corpus_accuracy() {
    if let Some(labels) = shared("corpus/labels.toml") {
        report_and_check("corpus", &labels, 0.85);
    }
}
