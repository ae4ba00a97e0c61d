//! Accuracy over labelled notices: gap detection (absent or vague) against
//! hand labels, per language and per element, printed as a table for the tune
//! and the check split of every set (check: documents whose first number
//! divides by 3; tune: the rest). Runs on `fixtures/` always and on
//! `../shared/{seeds,corpus,corpus2,gt200}` when they are present (with
//! `CI=true` they must be). Run with `--nocapture` to see the tables.

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
            if t.get("notice_kind").is_none() && t.get("file").is_none() {
                return None;
            }
            let rel = t
                .get("file")
                .and_then(|f| f.as_str())
                .map(str::to_owned)
                .unwrap_or(key);
            let t = {
                let mut t = t;
                t.insert("id".into(), toml::Value::String(rel.clone()));
                t
            };
            Some((base.join(rel), t))
        })
        .collect()
}

/// Which documents of a set are scored.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Split {
    Tune,
    Check,
}

impl Split {
    /// The split of a document: check when the first number in its file name divides by 3.
    fn of(file: &str) -> Split {
        let name = Path::new(file)
            .file_name()
            .map_or(file.into(), |n| n.to_string_lossy());
        let digits: String = name
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        match digits.parse::<u64>() {
            Ok(n) if n % 3 == 0 => Split::Check,
            _ => Split::Tune,
        }
    }
}

/// How one labelled set is scored.
struct Set {
    name: &'static str,
    /// Only these elements (gt200's labels follow ours on seven of them).
    elements: Option<&'static [&'static str]>,
    /// Labels mark vague mentions as present (gt200).
    vague_is_addressed: bool,
    /// Labelled notices allowed to be judged no notice, per split.
    unrecognised_allowed: usize,
}

fn score(labels: &Path, set: &Set, split: Option<Split>) -> Outcome {
    let reg = Registry::builtin().expect("rules compile");
    let mut out = Outcome {
        by_lang: BTreeMap::new(),
        by_element: BTreeMap::new(),
        problems: Vec::new(),
    };
    for (path, label) in labelled_docs(labels) {
        let id = label.get("id").and_then(|v| v.as_str()).unwrap_or_default();
        if split.is_some_and(|sp| Split::of(id) != sp) {
            continue;
        }
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
        if report.kind != avglint::report::FileKind::Notice {
            out.problems.push(format!(
                "{name}: a labelled notice was not recognised as one"
            ));
        }
        for element in ELEMENTS {
            if set.elements.is_some_and(|only| !only.contains(&element)) {
                continue;
            }
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
            let gap_pred = got == "absent" || (got == "vague" && !set.vague_is_addressed);
            let gap_true = want != "present";
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

/// Prints the tables of both splits and checks each against its floor; every
/// labelled notice and non-notice must be recognised as such.
fn report_and_check(set: &Set, labels: &Path, min_tune: f64, min_check: f64) {
    for (split, min_f1) in [(Split::Tune, min_tune), (Split::Check, min_check)] {
        let o = score(labels, set, Some(split));
        let name = format!("{} ({split:?})", set.name);
        let f = print_table(&name, labels, &o);
        assert!(
            !o.problems
                .iter()
                .any(|p| p.contains("evidence span") || p.contains("no notice")),
            "{name}: {:?}",
            o.problems
        );
        let unrecognised = o
            .problems
            .iter()
            .filter(|p| p.contains("not recognised"))
            .count();
        assert!(
            unrecognised <= set.unrecognised_allowed,
            "{name}: {unrecognised} labelled notice(s) not recognised: {:?}",
            o.problems
        );
        assert!(
            f >= min_f1,
            "{name}: gap-detection F1 {f:.2} is below {min_f1}"
        );
    }
}

/// Prints one outcome; returns its gap-detection F1 over all languages.
fn print_table(name: &str, labels: &Path, o: &Outcome) -> f64 {
    println!("\n== {name} ({})", labels.display());
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
    f
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

const PLAIN: Set = Set {
    name: "",
    elements: None,
    vague_is_addressed: false,
    unrecognised_allowed: 0,
};

#[test]
fn fixtures_accuracy() {
    let labels = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/labels.toml");
    let set = Set {
        name: "fixtures",
        ..PLAIN
    };
    let o = score(&labels, &set, None);
    let f = print_table("fixtures", &labels, &o);
    assert!(
        !o.problems
            .iter()
            .any(|p| p.contains("evidence span") || p.contains("no notice")),
        "{:?}",
        o.problems
    );
    assert!(f >= 0.90, "fixtures: gap-detection F1 {f:.2} is below 0.90");
}

// Floors at the level the judgement reaches on each split (issue 12 aims at
// 0.92 everywhere): a change that drops a split below its floor fails.

#[test]
fn seeds_accuracy() {
    if let Some(labels) = shared("seeds/labels.toml") {
        let set = Set {
            name: "seeds",
            ..PLAIN
        };
        report_and_check(&set, &labels, 0.95, 0.95);
    }
}

#[test]
fn corpus_accuracy() {
    if let Some(labels) = shared("corpus/labels.toml") {
        let set = Set {
            name: "corpus",
            ..PLAIN
        };
        report_and_check(&set, &labels, 0.95, 0.95);
    }
}

#[test]
fn corpus2_accuracy() {
    if let Some(labels) = shared("corpus2/labels.toml") {
        let set = Set {
            name: "corpus2",
            ..PLAIN
        };
        report_and_check(&set, &labels, 0.90, 0.88);
    }
}

/// GDPR-Transparency-200: scored on the seven elements whose labels follow
/// our scheme, with vague mentions counted as addressed (its README).
#[test]
fn gt200_accuracy() {
    if let Some(labels) = shared("gt200/labels.toml") {
        let set = Set {
            name: "gt200",
            elements: Some(&[
                "controller_identity",
                "controller_contact",
                "dpo_contact",
                "legal_basis",
                "transfers",
                "complaint",
                "automated_decisions",
            ]),
            vague_is_addressed: true,
            // One policy page holds only terms and conditions ("These Terms",
            // "this Agreement"); avglint judges it no notice, its label
            // counts it as one.
            unrecognised_allowed: 1,
        };
        report_and_check(&set, &labels, 0.90, 0.90);
    }
}
