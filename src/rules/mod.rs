//! Rule kinds and the registry: rule *content* lives in `rules/*.toml`,
//! embedded at build time and compiled once per process.

pub mod check;
mod matcher;
pub mod resolver;
pub mod schema;

use crate::lang::Language;
pub use check::Check;
pub use matcher::{Hits, Matcher, Target};
use schema::{ClassifyFile, ElementRule, FactRule, FactsFile, OwnRule, OwnRulesFile, TiltMapping};
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
    /// The controller resolver's cues and lexicons (`rules/controller.toml`).
    pub controller: resolver::ControllerRules,
    /// `rules/formats/tilt.toml`: how TILT fields answer the elements, and TILT's own checks.
    pub tilt: TiltMapping,
    /// `rules/abbreviations.toml`: words ending in a period that do not end a
    /// sentence (sentence splitting reads them: `document::use_abbreviations`).
    pub abbreviations: Vec<String>,
    /// `rules/own.toml`: avglint's own rules (about suppression comments).
    pub own: Vec<OwnRule>,
}

/// A rule file that does not parse or compile.
#[derive(Debug, Clone)]
pub struct RuleError {
    /// Path relative to the rules folder (or absolute, for a file that cannot be read).
    pub file: String,
    pub message: String,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !std::path::Path::new(&self.file).is_absolute() {
            write!(f, "rules/")?;
        }
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Parses one rule file; a syntax or shape error names the file and line.
fn parse_toml<T: serde::de::DeserializeOwned>(path: &str, contents: &str) -> Result<T, RuleError> {
    toml::from_str(contents).map_err(|e| RuleError {
        file: path.to_string(),
        message: e.message().trim().to_string(),
        line: e.span().map(|s| line_at(contents, s.start)),
    })
}

/// 1-based line of a byte offset.
fn line_at(contents: &str, offset: usize) -> usize {
    contents[..offset.min(contents.len())].matches('\n').count() + 1
}

/// The line where a text (an example, a pattern) is written in a rule file.
pub fn line_of_text(contents: &str, text: &str) -> Option<usize> {
    line_of_pattern(contents, text)
}

/// The line where a pattern is written in a rule file (as a literal
/// `'...'` string or an escaped `"..."` one), if it can be found.
fn line_of_pattern(contents: &str, pattern: &str) -> Option<usize> {
    let escaped = pattern
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    contents
        .find(&format!("'{pattern}'"))
        .or_else(|| contents.find(&format!("\"{escaped}\"")))
        .or_else(|| contents.find(pattern))
        .map(|at| line_at(contents, at))
}

/// What a file in a rules folder is, by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileRole {
    Element,
    Facts,
    Classify,
    Check,
    Vocabulary,
    Abbreviations,
    Tilt,
    /// `controller.toml`: the controller resolver's cues and lexicons.
    Controller,
    Own,
    /// Read by their own module (`lexicons/*.toml`), not by the registry.
    Other,
    /// Documentation and data read elsewhere (`*.md`, `formats/tilt-schema.json`).
    Ignored,
}

/// The role of a path relative to a rules folder; `None` for a path that
/// has no place there (a misplaced or misnamed file).
fn role(path: &str) -> Option<FileRole> {
    let in_folder = |folder: &str| {
        path.strip_prefix(folder)
            .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".toml"))
    };
    Some(match path {
        "facts.toml" => FileRole::Facts,
        "classify.toml" => FileRole::Classify,
        "controller.toml" => FileRole::Controller,
        "abbreviations.toml" => FileRole::Abbreviations,
        "formats/tilt.toml" => FileRole::Tilt,
        "own.toml" => FileRole::Own,
        // Read by the gate (`src/gate.rs`) itself, not by this loader.
        "gate.toml" => FileRole::Ignored,
        "formats/tilt-schema.json" => FileRole::Ignored,
        _ if path.ends_with(".md") => FileRole::Ignored,
        _ if in_folder("elements/") => FileRole::Element,
        _ if in_folder("facts/") => FileRole::Facts,
        _ if in_folder("checks/") => FileRole::Check,
        _ if in_folder("vocabularies/") => FileRole::Vocabulary,
        _ if in_folder("lexicons/") => FileRole::Other,
        _ => return None,
    })
}

/// The paths a rules folder may hold, for the error about one that it may not.
const KNOWN_PATHS: &str = "elements/*.toml, facts.toml, facts/*.toml, checks/*.toml, \
vocabularies/*.toml, lexicons/*.toml, classify.toml, controller.toml, abbreviations.toml, \
formats/tilt.toml, own.toml, gate.toml, *.md";

/// `abbreviations.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbreviationsFile {
    abbreviations: Vec<String>,
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

    /// Reads every rule file under `dir` (a folder shaped like `rules/`).
    pub fn from_dir(dir: &std::path::Path) -> Result<Registry, RuleError> {
        Registry::from_files(read_rule_files(dir)?)
    }

    /// The built-in rules with an organisation's rules folder laid over them:
    /// a file there replaces the built-in file with the same path, an element
    /// rule the built-in rule for its element, a fact the fact with its id.
    pub fn with_overlay(dir: &std::path::Path) -> Result<Registry, RuleError> {
        Registry::from_files(overlay_files(dir)?)
    }

    /// Parses and compiles rule files given as (path relative to `rules/`,
    /// contents). A path with no place in a rules folder is an error; every
    /// error names its file, and its line where one is known.
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Registry, RuleError> {
        let files: Vec<(String, String)> = files.into_iter().collect();
        let mut elements: Vec<ElementRule> = Vec::new();
        let mut facts: Vec<FactRule> = Vec::new();
        let mut classify = None;
        let mut controller = None;
        let mut tilt = None;
        let mut abbreviations = None;
        let mut own = None;
        let mut check_files: Vec<(String, check::CheckFile)> = Vec::new();
        let mut vocabularies: Vec<(String, String, Vocabulary)> = Vec::new();
        for (path, contents) in &files {
            let err = |message: String| RuleError {
                file: path.clone(),
                message,
                line: None,
            };
            let Some(role) = role(path) else {
                return Err(err(format!(
                    "no rule file belongs at this path (expected {KNOWN_PATHS})"
                )));
            };
            match role {
                FileRole::Element => {
                    let mut rule: ElementRule = parse_toml(path, contents)?;
                    if !ELEMENTS.contains(&rule.element.as_str()) {
                        return Err(RuleError {
                            line: line_of_pattern(contents, &rule.element),
                            ..err(format!("unknown element `{}`", rule.element))
                        });
                    }
                    rule.file = path.clone();
                    // A later file (an overlay) replaces the rule for the same element.
                    elements.retain(|r| r.element != rule.element);
                    elements.push(rule);
                }
                FileRole::Facts => {
                    let file: FactsFile = parse_toml(path, contents)?;
                    for mut fact in file.facts {
                        fact.file = path.clone();
                        facts.retain(|f| f.id != fact.id);
                        facts.push(fact);
                    }
                }
                FileRole::Classify => classify = Some(parse_toml(path, contents)?),
                FileRole::Controller => controller = Some(contents.clone()),
                FileRole::Tilt => tilt = Some(parse_toml(path, contents)?),
                FileRole::Own => {
                    let file: OwnRulesFile = parse_toml(path, contents)?;
                    own = Some(file.rules);
                }
                FileRole::Abbreviations => {
                    let file: AbbreviationsFile = parse_toml(path, contents)?;
                    abbreviations = Some(file.abbreviations);
                }
                FileRole::Check => {
                    let name = path.trim_start_matches("checks/");
                    check_files.push((name.to_string(), parse_toml(path, contents)?));
                }
                FileRole::Vocabulary => {
                    let vocab: Vocabulary = parse_toml(path, contents)?;
                    for p in vocab.entries.iter().flat_map(|e| &e.patterns) {
                        if let Err(e) = regex_syntax::Parser::new().parse(p) {
                            return Err(RuleError {
                                line: line_of_pattern(contents, p),
                                ..err(format!("bad pattern {p:?}: {e}"))
                            });
                        }
                    }
                    let name = path
                        .trim_start_matches("vocabularies/")
                        .trim_end_matches(".toml");
                    vocabularies.retain(|(n, _, _)| n != name);
                    vocabularies.push((name.to_string(), path.clone(), vocab));
                }
                FileRole::Other | FileRole::Ignored => {}
            }
        }
        let contents_of = |file: &str| {
            files
                .iter()
                .rev()
                .find(|(p, _)| p == file)
                .map_or("", |(_, c)| c.as_str())
        };
        let vocab = Vocabularies(&vocabularies);
        for r in &mut elements {
            for p in r.patterns.values_mut() {
                for list in [
                    &mut p.headings,
                    &mut p.sentences,
                    &mut p.in_section,
                    &mut p.exclude,
                    &mut p.vague,
                    &mut p.concrete,
                    &mut p.weak,
                    &mut p.against,
                ] {
                    vocab.expand_all(list, &r.file, contents_of(&r.file))?;
                }
            }
        }
        for f in &mut facts {
            for p in f.patterns.values_mut() {
                for list in [&mut p.sentences, &mut p.exclude, &mut p.headings] {
                    vocab.expand_all(list, &f.file, contents_of(&f.file))?;
                }
            }
        }
        for (name, file) in &mut check_files {
            if let Some(spec) = &mut file.empty_list {
                let path = format!("checks/{name}");
                vocab.expand_all(&mut spec.exclude, &path, contents_of(&path))?;
            }
        }
        for id in ELEMENTS {
            if !elements.iter().any(|r| r.element == id) {
                return Err(RuleError {
                    file: "elements/".into(),
                    message: format!("no rule file for element `{id}`"),
                    line: None,
                });
            }
        }
        elements.sort_by_key(|r| ELEMENTS.iter().position(|e| *e == r.element));
        let missing = |file: &str| RuleError {
            file: file.into(),
            message: "missing".into(),
            line: None,
        };
        let classify: ClassifyFile = classify.ok_or_else(|| missing("classify.toml"))?;
        if let Some(answer) = &classify.answer {
            if !facts.iter().any(|f| f.id == answer.fact) {
                return Err(RuleError {
                    file: "classify.toml".into(),
                    message: format!("unknown fact `{}`", answer.fact),
                    line: None,
                });
            }
        }
        let tilt: TiltMapping = tilt.ok_or_else(|| missing("formats/tilt.toml"))?;
        let abbreviations = abbreviations.ok_or_else(|| missing("abbreviations.toml"))?;
        let own = own.ok_or_else(|| missing("own.toml"))?;
        for r in &elements {
            let bound = r.binding.iter().map(|b| &b.fact);
            for fact in r.applicability.requires_any_fact.iter().chain(bound) {
                if !facts.iter().any(|f| &f.id == fact) {
                    return Err(RuleError {
                        file: r.file.clone(),
                        message: format!("unknown fact `{fact}`"),
                        line: line_of_pattern(contents_of(&r.file), fact),
                    });
                }
            }
            let about = r.binding.iter().flat_map(|b| &b.fields_about);
            for element in about {
                if !elements.iter().any(|e| &e.element == element) {
                    return Err(RuleError {
                        file: r.file.clone(),
                        message: format!("unknown element `{element}`"),
                        line: line_of_pattern(contents_of(&r.file), element),
                    });
                }
            }
        }
        // Rules that are exactly the embedded ones were built by the test
        // suite; any other file (a rules-dir, AVGLINT_RULES_DIR) has every
        // regex built and size-checked now.
        let embedded = files.iter().all(|(p, c)| {
            RULE_FILES
                .iter()
                .any(|(bp, bc)| *bp == p.as_str() && *bc == c.as_str())
        });
        let matcher = Matcher::compile(
            &elements,
            &facts,
            &|file: &str, pattern: &str| line_of_pattern(contents_of(file), pattern),
            !embedded,
        )?;
        check_files.sort_by(|a, b| a.0.cmp(&b.0));
        let fact_index = |id: &str| facts.iter().position(|f| f.id == id);
        let checks = check_files
            .into_iter()
            .map(|(name, file)| {
                let path = format!("checks/{name}");
                Check::compile(file, &path, &fact_index).map_err(|mut e| {
                    if e.line.is_none() {
                        e.line = e
                            .message
                            .split('`')
                            .nth(1)
                            .and_then(|word| line_of_pattern(contents_of(&path), word));
                    }
                    e
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let controller = controller.ok_or_else(|| RuleError {
            file: "controller.toml".into(),
            message: "missing".into(),
            line: None,
        })?;
        let controller = resolver::ControllerRules::compile(
            &controller,
            |p| {
                let mut one = [p.to_string()];
                vocab.expand_all(&mut one, "controller.toml", &controller)?;
                let [expanded] = one;
                Ok(expanded)
            },
            !embedded,
        )?;
        Ok(Registry {
            elements,
            facts,
            classify,
            matcher,
            checks,
            controller,
            tilt,
            abbreviations,
            own,
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

/// The built-in rule files (or those of `AVGLINT_RULES_DIR`), as
/// (path relative to `rules/`, contents).
pub fn builtin_files() -> Result<Vec<(String, String)>, RuleError> {
    match std::env::var_os("AVGLINT_RULES_DIR") {
        Some(d) => read_rule_files(std::path::Path::new(&d)),
        None => Ok(RULE_FILES
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()),
    }
}

/// The built-in files with those of `dir` laid over them (a file there
/// replaces the built-in file with the same path): what
/// [`Registry::with_overlay`] compiles.
pub fn overlay_files(dir: &std::path::Path) -> Result<Vec<(String, String)>, RuleError> {
    let extra = read_rule_files(dir)?;
    let mut files: Vec<(String, String)> = builtin_files()?
        .into_iter()
        .filter(|(p, _)| !extra.iter().any(|(q, _)| q == p))
        .collect();
    files.extend(extra);
    Ok(files)
}

/// Every file under `dir` as (path relative to `dir`, contents), sorted:
/// rule files and anything else (a misplaced file is an error of
/// [`Registry::from_files`], not skipped). Hidden files are left out, and
/// files that are no rule files (`*.md`, the TILT schema) are not read.
pub fn read_rule_files(dir: &std::path::Path) -> Result<Vec<(String, String)>, RuleError> {
    if !dir.is_dir() {
        return Err(RuleError {
            file: dir.display().to_string(),
            message: "not a folder of rule files".into(),
            line: None,
        });
    }
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        // As the walk before: a folder that cannot be listed is passed over.
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let p = entry.path();
            // Not followed: a symbolic link is neither a file nor a folder here.
            match entry.file_type() {
                Ok(t) if t.is_dir() => {
                    folders.push(p);
                    continue;
                }
                Ok(t) if t.is_file() => {}
                _ => continue,
            }
            let rel = p
                .strip_prefix(dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            if role(&rel) == Some(FileRole::Ignored) {
                continue;
            }
            let text = crate::output::read_limited(&p, "rule file").map_err(|e| RuleError {
                file: p.display().to_string(),
                message: e.split_once(": ").map_or(e.clone(), |(_, m)| m.to_string()),
                line: None,
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

/// The vocabularies of a rules folder: (name, file, contents).
struct Vocabularies<'a>(&'a [(String, String, Vocabulary)]);

impl Vocabularies<'_> {
    /// Replaces `{vocabulary:<name>}` in each pattern by the vocabulary's
    /// alternation; an error names the pattern's file and line.
    fn expand_all(
        &self,
        patterns: &mut [String],
        file: &str,
        contents: &str,
    ) -> Result<(), RuleError> {
        for pat in patterns.iter_mut() {
            let original = pat.clone();
            let err = |message: String| RuleError {
                file: file.to_string(),
                message,
                line: line_of_pattern(contents, &original),
            };
            while let Some(at) = pat.find("{vocabulary:") {
                let end = pat[at..]
                    .find('}')
                    .map(|e| at + e)
                    .ok_or_else(|| err(format!("unclosed vocabulary reference in {original:?}")))?;
                let name = &pat[at + "{vocabulary:".len()..end];
                let (_, _, vocab) = self
                    .0
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .ok_or_else(|| err(format!("unknown vocabulary `{name}`")))?;
                let alternation = vocab
                    .entries
                    .iter()
                    .flat_map(|e| e.patterns.iter())
                    .map(|x| format!("(?:{x})"))
                    .collect::<Vec<_>>()
                    .join("|");
                pat.replace_range(at..=end, &format!("(?:{alternation})"));
            }
        }
        Ok(())
    }
}

/// Parses a language code used in rule files.
pub fn parse_lang(code: &str) -> Option<Language> {
    match code {
        "nl" => Some(Language::Nl),
        "en" => Some(Language::En),
        _ => None,
    }
}
