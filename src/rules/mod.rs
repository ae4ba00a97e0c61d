//! Rule kinds and the registry: rule *content* lives in `rules/*.toml`,
//! embedded at build time and compiled once per process.

pub mod check;
mod matcher;
pub mod schema;

use crate::lang::Language;
pub use check::Check;
pub use matcher::{Hits, Matcher, Target};
use schema::{ClassifyFile, ElementRule, FactRule, FactsFile, TiltMapping};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// The sixteen elements, in report order.
pub const ELEMENTS: [&str; 16] = [
    "controller_identity",
    "controller_contact",
    "dpo_contact",
    "purposes",
    "legal_basis",
    "legitimate_interests",
    "recipients",
    "transfers",
    "retention",
    "rights",
    "consent_withdrawal",
    "complaint",
    "statutory_requirement",
    "automated_decisions",
    "data_categories",
    "source",
];

/// All rules, parsed and compiled.
#[derive(Debug)]
pub struct Registry {
    /// Element rules in [`ELEMENTS`] order.
    pub elements: Vec<ElementRule>,
    pub facts: Vec<FactRule>,
    pub classify: ClassifyFile,
    pub matcher: Matcher,
    /// Checks from `rules/checks/*.toml`, in file-name order.
    pub checks: Vec<Check>,
    /// `rules/formats/tilt.toml`: how TILT fields answer the elements, and TILT's own checks.
    pub tilt: TiltMapping,
}

/// A rule file that does not parse or compile.
#[derive(Debug, Clone)]
pub struct RuleError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if std::path::Path::new(&self.file).is_absolute() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "rules/{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for RuleError {}

impl Registry {
    /// The built-in rules, compiled on first use. For rule authors, the
    /// environment variable `AVGLINT_RULES_DIR` replaces them with the files of
    /// a rules folder read at run time, so patterns can be tuned without a rebuild.
    pub fn builtin() -> Result<&'static Registry, RuleError> {
        static REGISTRY: OnceLock<Result<Registry, RuleError>> = OnceLock::new();
        REGISTRY
            .get_or_init(|| match std::env::var_os("AVGLINT_RULES_DIR") {
                Some(dir) => Registry::from_dir(std::path::Path::new(&dir)),
                None => Registry::from_files(
                    RULE_FILES
                        .iter()
                        .map(|(p, c)| (p.to_string(), c.to_string())),
                ),
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads every `*.toml` under `dir` (a folder shaped like `rules/`).
    pub fn from_dir(dir: &std::path::Path) -> Result<Registry, RuleError> {
        Registry::from_files(read_toml_files(dir)?)
    }

    /// The built-in rules with an organisation's rules folder laid over them:
    /// a file there replaces the built-in file with the same path, an element
    /// rule the built-in rule for its element, a fact the fact with its id.
    pub fn with_overlay(dir: &std::path::Path) -> Result<Registry, RuleError> {
        let extra = read_toml_files(dir)?;
        let base: Vec<(String, String)> = match std::env::var_os("AVGLINT_RULES_DIR") {
            Some(d) => read_toml_files(std::path::Path::new(&d))?,
            None => RULE_FILES
                .iter()
                .map(|(p, c)| (p.to_string(), c.to_string()))
                .collect(),
        };
        let mut files: Vec<(String, String)> = base
            .into_iter()
            .filter(|(p, _)| !extra.iter().any(|(q, _)| q == p))
            .collect();
        files.extend(extra);
        Registry::from_files(files)
    }

    /// Parses and compiles rule files given as (path relative to `rules/`, contents).
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Registry, RuleError> {
        let mut elements: Vec<ElementRule> = Vec::new();
        let mut facts: Vec<FactRule> = Vec::new();
        let mut classify = None;
        let mut tilt = None;
        let mut check_files: Vec<(String, check::CheckFile)> = Vec::new();
        let mut vocabularies: Vec<(String, Vocabulary)> = Vec::new();
        for (path, contents) in files {
            let err = |message: String| RuleError {
                file: path.clone(),
                message,
            };
            if path.starts_with("elements/") {
                let rule: ElementRule =
                    toml::from_str(&contents).map_err(|e| err(e.to_string()))?;
                if !ELEMENTS.contains(&rule.element.as_str()) {
                    return Err(err(format!("unknown element `{}`", rule.element)));
                }
                // A later file (an overlay) replaces the rule for the same element.
                elements.retain(|r| r.element != rule.element);
                elements.push(rule);
            } else if path == "facts.toml" || path.starts_with("facts/") {
                let file: FactsFile = toml::from_str(&contents).map_err(|e| err(e.to_string()))?;
                for fact in file.facts {
                    facts.retain(|f| f.id != fact.id);
                    facts.push(fact);
                }
            } else if path == "formats/tilt.toml" {
                tilt = Some(toml::from_str(&contents).map_err(|e| err(e.to_string()))?);
            } else if path == "classify.toml" {
                classify = Some(toml::from_str(&contents).map_err(|e| err(e.to_string()))?);
            } else if let Some(name) = path.strip_prefix("checks/") {
                let file = toml::from_str(&contents).map_err(|e| err(e.to_string()))?;
                check_files.push((name.to_string(), file));
            } else if let Some(name) = path.strip_prefix("vocabularies/") {
                let vocab = toml::from_str(&contents).map_err(|e| err(e.to_string()))?;
                vocabularies.push((name.trim_end_matches(".toml").to_string(), vocab));
            }
        }
        expand_vocabularies(&mut facts, &vocabularies)?;
        for id in ELEMENTS {
            if !elements.iter().any(|r| r.element == id) {
                return Err(RuleError {
                    file: "elements/".into(),
                    message: format!("no rule file for element `{id}`"),
                });
            }
        }
        elements.sort_by_key(|r| ELEMENTS.iter().position(|e| *e == r.element));
        let classify: ClassifyFile = classify.ok_or_else(|| RuleError {
            file: "classify.toml".into(),
            message: "missing".into(),
        })?;
        let tilt: TiltMapping = tilt.ok_or_else(|| RuleError {
            file: "formats/tilt.toml".into(),
            message: "missing".into(),
        })?;
        for r in &elements {
            for fact in &r.applicability.requires_any_fact {
                if !facts.iter().any(|f| &f.id == fact) {
                    return Err(RuleError {
                        file: format!("elements/{}.toml", r.element),
                        message: format!("unknown fact `{fact}`"),
                    });
                }
            }
        }
        let matcher = Matcher::compile(&elements, &facts)?;
        check_files.sort_by(|a, b| a.0.cmp(&b.0));
        let fact_index = |id: &str| facts.iter().position(|f| f.id == id);
        let checks = check_files
            .into_iter()
            .map(|(name, file)| Check::compile(file, &format!("checks/{name}"), &fact_index))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Registry {
            elements,
            facts,
            classify,
            matcher,
            checks,
            tilt,
        })
    }

    /// Index of a fact by id.
    pub fn fact_index(&self, id: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.id == id)
    }

    /// The element rule for an element id.
    pub fn element(&self, id: &str) -> Option<&ElementRule> {
        self.elements.iter().find(|r| r.element == id)
    }
}

/// Every `*.toml` under `dir` as (path relative to `dir`, contents), sorted.
fn read_toml_files(dir: &std::path::Path) -> Result<Vec<(String, String)>, RuleError> {
    if !dir.is_dir() {
        return Err(RuleError {
            file: dir.display().to_string(),
            message: "not a folder of rule files".into(),
        });
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
    {
        let p = entry.path();
        if p.extension().is_some_and(|x| x == "toml") {
            let rel = p
                .strip_prefix(dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(p).map_err(|e| RuleError {
                file: p.display().to_string(),
                message: e.to_string(),
            })?;
            files.push((rel, text));
        }
    }
    files.sort();
    Ok(files)
}

/// `rules/vocabularies/<name>.toml`: named terms a fact pattern can include
/// as `{vocabulary:<name>}` (an alternation of every entry's patterns).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub description: String,
    pub entries: Vec<VocabularyEntry>,
}

/// One term: a display name and the patterns that find it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyEntry {
    pub name: String,
    /// Regular expressions (case-insensitive unless `(?-i)`).
    pub patterns: Vec<String>,
    /// Where the provider is established, e.g. `US`.
    #[serde(default)]
    pub country: Option<String>,
}

/// Replaces `{vocabulary:<name>}` in fact patterns by the vocabulary's alternation.
fn expand_vocabularies(
    facts: &mut [FactRule],
    vocabularies: &[(String, Vocabulary)],
) -> Result<(), RuleError> {
    for fact in facts.iter_mut() {
        for p in fact.patterns.values_mut() {
            for pat in p.sentences.iter_mut().chain(p.exclude.iter_mut()) {
                while let Some(at) = pat.find("{vocabulary:") {
                    let end = pat[at..]
                        .find('}')
                        .map(|e| at + e)
                        .ok_or_else(|| RuleError {
                            file: format!("facts ({})", fact.id),
                            message: format!("unclosed vocabulary reference in {pat:?}"),
                        })?;
                    let name = &pat[at + "{vocabulary:".len()..end];
                    let vocab = vocabularies
                        .iter()
                        .find(|(n, _)| n == name)
                        .ok_or_else(|| RuleError {
                            file: format!("facts ({})", fact.id),
                            message: format!("unknown vocabulary `{name}`"),
                        })?;
                    let alternation = vocab
                        .1
                        .entries
                        .iter()
                        .flat_map(|e| e.patterns.iter())
                        .map(|x| format!("(?:{x})"))
                        .collect::<Vec<_>>()
                        .join("|");
                    pat.replace_range(at..=end, &format!("(?:{alternation})"));
                }
            }
        }
    }
    Ok(())
}

/// Parses a language code used in rule files.
pub fn parse_lang(code: &str) -> Option<Language> {
    match code {
        "nl" => Some(Language::Nl),
        "en" => Some(Language::En),
        _ => None,
    }
}
