//! The rule examples as a test anyone who writes rules can run, without
//! cargo: `avglint rules --test [DIR]`. The generated cargo tests
//! (`tests/rule_examples.rs`, one per rule file) call the same harness.
//!
//! An element example must get exactly its expected status, and raise
//! exactly one finding of its own rule when it expects a gap, none when it
//! does not; a fact example must (not) hold; a check example must (not)
//! fire. Each element file needs examples in both languages and one that
//! fails the element; each check file a firing example in both languages.

use crate::assess::{self, Assumptions};
use crate::assessment::{Organisation, Status};
use crate::lang::Language;
use crate::rules::schema::{ElementRule, FactsFile};
use crate::rules::{check::CheckFile, parse_lang, Registry, ELEMENTS};
use std::collections::HashSet;

/// One example (or a missing one) that does not do what its file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Path relative to the rules folder.
    pub file: String,
    /// 1-based line of the example's text in the file, when it can be found.
    pub line: Option<usize>,
    /// What is tested: `example 3 (nl) of fact basis_consent`, or what the file lacks.
    pub example: String,
    /// The example's text (empty for a missing example).
    pub text: String,
    pub expected: String,
    pub got: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: ", self.file)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(
            f,
            "{}: expected {}, got {}",
            self.example, self.expected, self.got
        )?;
        if !self.text.is_empty() {
            write!(f, "\n    text: {:?}", self.text)?;
        }
        Ok(())
    }
}

/// What a run of examples found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failures: Vec<Failure>,
}

impl Outcome {
    fn check(&mut self, ok: bool, failure: impl FnOnce() -> Failure) {
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(failure());
        }
    }
}

/// Runs the examples of every file a registry was compiled from (as given
/// to [`Registry::from_files`]). A rule replaced by a later file (an
/// overlay) is tested with the later file's examples only.
pub fn run(reg: &Registry, files: &[(String, String)]) -> Outcome {
    let mut seen_elements = HashSet::new();
    let mut seen_facts = HashSet::new();
    let mut seen_paths = HashSet::new();
    let mut outcomes = Vec::new();
    for (path, contents) in files.iter().rev() {
        if !seen_paths.insert(path.clone()) {
            continue;
        }
        outcomes.push(run_file_in(
            reg,
            path,
            contents,
            &mut seen_elements,
            &mut seen_facts,
        ));
    }
    let mut all = Outcome::default();
    for o in outcomes.into_iter().rev() {
        all.passed += o.passed;
        all.failures.extend(o.failures);
    }
    all
}

/// Runs the examples of one rule file.
pub fn run_file(reg: &Registry, path: &str, contents: &str) -> Outcome {
    run_file_in(
        reg,
        path,
        contents,
        &mut HashSet::new(),
        &mut HashSet::new(),
    )
}

fn run_file_in(
    reg: &Registry,
    path: &str,
    contents: &str,
    seen_elements: &mut HashSet<String>,
    seen_facts: &mut HashSet<String>,
) -> Outcome {
    let mut out = Outcome::default();
    let unreadable = |e: toml::de::Error| Failure {
        file: path.to_string(),
        line: None,
        example: "the file".into(),
        text: String::new(),
        expected: "a rule file that parses".into(),
        got: e.message().to_string(),
    };
    if path.starts_with("elements/") {
        match toml::from_str::<ElementRule>(contents) {
            Ok(rule) => {
                if seen_elements.insert(rule.element.clone()) {
                    element_examples(&mut out, reg, path, contents, &rule);
                }
            }
            Err(e) => out.failures.push(unreadable(e)),
        }
    } else if path == "facts.toml" || path.starts_with("facts/") {
        match toml::from_str::<FactsFile>(contents) {
            Ok(file) => {
                for fact in file.facts.iter().rev() {
                    if seen_facts.insert(fact.id.clone()) {
                        fact_examples(&mut out, reg, path, contents, fact);
                    }
                }
            }
            Err(e) => out.failures.push(unreadable(e)),
        }
    } else if path.starts_with("checks/") {
        match toml::from_str::<CheckFile>(contents) {
            Ok(file) => check_examples(&mut out, reg, path, contents, &file),
            Err(e) => out.failures.push(unreadable(e)),
        }
    }
    out
}

impl Failure {
    /// A failed example: where its text stands in its file, and what went wrong.
    fn of_example(
        path: &str,
        contents: &str,
        text: &str,
        example: String,
        expected: String,
        got: String,
    ) -> Failure {
        Failure {
            file: path.to_string(),
            line: crate::rules::line_of_text(contents, text),
            example,
            text: text.to_string(),
            expected,
            got,
        }
    }
}

/// An example's language; a code other than nl or en is a failure.
fn example_lang(
    code: &str,
    fail: &impl Fn(String, String) -> Failure,
    out: &mut Outcome,
) -> Option<Language> {
    let lang = parse_lang(code);
    if lang.is_none() {
        out.failures.push(fail(
            "nl or en".into(),
            format!("unknown language `{code}`"),
        ));
    }
    lang
}

fn element_examples(
    out: &mut Outcome,
    reg: &Registry,
    path: &str,
    contents: &str,
    rule: &ElementRule,
) {
    let missing = |what: &str| Failure {
        file: path.to_string(),
        line: None,
        example: "the examples".into(),
        text: String::new(),
        expected: what.to_string(),
        got: "none".into(),
    };
    for lang in ["nl", "en"] {
        out.check(rule.examples.iter().any(|e| e.lang == lang), || {
            missing(&format!("an example in `{lang}`"))
        });
    }
    out.check(
        rule.examples
            .iter()
            .any(|e| matches!(e.expect.as_str(), "absent" | "vague" | "not_applicable")),
        || missing("an example of a notice that fails the element"),
    );
    let Some(index) = ELEMENTS.iter().position(|e| *e == rule.element) else {
        return;
    };
    let own: Vec<&str> = std::iter::once(rule.missing.rule.as_str())
        .chain(rule.vague.as_ref().map(|v| v.rule.as_str()))
        .collect();
    for (i, ex) in rule.examples.iter().enumerate() {
        let fail = |expected: String, got: String| {
            Failure::of_example(
                path,
                contents,
                &ex.text,
                format!("example {} ({})", i + 1, ex.lang),
                expected,
                got,
            )
        };
        let Some(lang) = example_lang(&ex.lang, &fail, out) else {
            continue;
        };
        let want = match ex.expect.as_str() {
            "present" => Status::Present,
            "absent" => Status::Absent,
            "vague" => Status::Vague,
            "not_applicable" => Status::NotApplicable,
            other => {
                out.failures.push(fail(
                    "present, absent, vague or not_applicable".into(),
                    format!("`{other}`"),
                ));
                continue;
            }
        };
        let (_, a, findings) = crate::judge_snippet(&ex.text, lang, reg);
        let status = a.elements[index].status;
        if status != want {
            out.failures
                .push(fail(want.as_str().to_string(), status.as_str().to_string()));
            continue;
        }
        // A finding a check refined still carries the element's rule (`also`).
        let mine: Vec<&str> = findings
            .iter()
            .flat_map(|f| std::iter::once(f.rule.as_str()).chain(f.also.iter().map(String::as_str)))
            .filter(|r| own.contains(r))
            .collect();
        let expected: Vec<&str> = match want {
            Status::Absent => vec![rule.missing.rule.as_str()],
            Status::Vague => rule.vague.iter().map(|v| v.rule.as_str()).collect(),
            _ => vec![],
        };
        out.check(mine == expected, || {
            fail(
                format!("findings {expected:?} of its own rules"),
                format!("{mine:?}"),
            )
        });
    }
}

fn fact_examples(
    out: &mut Outcome,
    reg: &Registry,
    path: &str,
    contents: &str,
    fact: &crate::rules::schema::FactRule,
) {
    let Some(index) = reg.fact_index(&fact.id) else {
        return;
    };
    for (i, ex) in fact.examples.iter().enumerate() {
        let fail = |expected: String, got: String| {
            Failure::of_example(
                path,
                contents,
                &ex.text,
                format!("example {} ({}) of fact `{}`", i + 1, ex.lang, fact.id),
                expected,
                got,
            )
        };
        let Some(lang) = example_lang(&ex.lang, &fail, out) else {
            continue;
        };
        let (_, a, _) = crate::judge_snippet(&ex.text, lang, reg);
        let holds = !a.facts[index].is_empty();
        let word = |h: bool| if h { "holds" } else { "does not hold" };
        out.check(holds == ex.holds, || {
            fail(word(ex.holds).into(), word(holds).into())
        });
    }
}

fn check_examples(out: &mut Outcome, reg: &Registry, path: &str, contents: &str, file: &CheckFile) {
    for lang in ["nl", "en"] {
        out.check(
            file.examples.iter().any(|e| e.lang == lang && e.fires),
            || Failure {
                file: path.to_string(),
                line: None,
                example: "the examples".into(),
                text: String::new(),
                expected: format!("a firing example in `{lang}`"),
                got: "none".into(),
            },
        );
    }
    let Some(check) = reg.checks.iter().find(|c| c.file.id == file.id) else {
        return;
    };
    for (i, ex) in file.examples.iter().enumerate() {
        let fail = |expected: String, got: String| {
            Failure::of_example(
                path,
                contents,
                &ex.text,
                format!("example {} ({})", i + 1, ex.lang),
                expected,
                got,
            )
        };
        let Some(lang) = example_lang(&ex.lang, &fail, out) else {
            continue;
        };
        let doc = crate::document::markdown::parse(&ex.text);
        let organisation = ex.organisation.as_deref().map(Organisation::from_id);
        let a = assess::assess(
            &doc,
            reg,
            Assumptions {
                organisation,
                force_notice: true,
                language: Some(lang),
            },
        );
        let fired =
            crate::lint::run_check(check, &doc, &a, lang, crate::lint::register(&doc, lang))
                .is_some();
        let word = |f: bool| if f { "it fires" } else { "it stays quiet" };
        out.check(fired == ex.fires, || {
            fail(word(ex.fires).into(), word(fired).into())
        });
    }
}
