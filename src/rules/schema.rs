//! The shape of the TOML rule files under `rules/` (see `rules/README.md`).

use serde::Deserialize;
use std::collections::BTreeMap;

/// Text in each supported language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub nl: String,
    pub en: String,
    /// Dutch for a notice that addresses its reader with "je" instead of
    /// "u": the same text with the example sentence in that form (a help
    /// whose example speaks to the data subject). `nl` when not given.
    #[serde(default)]
    pub nl_je: Option<String>,
}

/// How a Dutch notice addresses its reader: formal "u" or informal "je".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Register {
    #[default]
    U,
    Je,
}

impl Localized {
    pub fn get(&self, lang: crate::lang::Language) -> &str {
        match lang {
            crate::lang::Language::Nl => &self.nl,
            crate::lang::Language::En => &self.en,
        }
    }

    /// The text for a notice in `lang` that addresses its reader in `register`.
    pub fn get_in(&self, lang: crate::lang::Language, register: Register) -> &str {
        match (lang, register, &self.nl_je) {
            (crate::lang::Language::Nl, Register::Je, Some(je)) => je,
            _ => self.get(lang),
        }
    }
}

/// A finding a rule can raise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingSpec {
    pub rule: String,
    pub severity: crate::finding::Severity,
    pub message: Localized,
    pub help: Localized,
}

/// Regular expressions of one language for an element (case-insensitive unless `(?-i)`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ElementPatterns {
    /// Section headings that announce the element.
    pub headings: Vec<String>,
    /// A sentence anywhere matching one of these addresses the element.
    pub sentences: Vec<String>,
    /// Counts only inside a section whose heading (or an ancestor's) matches `headings`.
    pub in_section: Vec<String>,
    /// A sentence matching one of these is never evidence for the element.
    pub exclude: Vec<String>,
    /// Addresses the element only vaguely...
    pub vague: Vec<String>,
    /// ...unless the same sentence also matches one of these (a period, a criterion).
    pub concrete: Vec<String>,
    /// Weak evidence: a sentence matching only these counts for `weights.weak`
    /// (a passing mention that needs a second one, or a heading, to decide).
    pub weak: Vec<String>,
    /// Negative evidence: a sentence matching one of these counts
    /// `weights.against` less (a hypothetical, the reader's location, the
    /// controller's own duty).
    pub against: Vec<String>,
}

/// How evidence adds up to a verdict: the element is present when the
/// weights of its evidence sentences reach `threshold`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// A sentence matching a `weak` pattern.
    pub weak: f32,
    /// Subtracted from a sentence that also matches an `against` pattern.
    pub against: f32,
    /// Multiplies weak evidence under a heading (or lead-in, or label) that
    /// announces the element.
    pub boost: f32,
    /// What the evidence must add up to.
    pub threshold: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            weak: 0.5,
            against: 0.5,
            boost: 2.0,
            threshold: 1.0,
        }
    }
}

/// When an element does not apply to a notice at all.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Applicability {
    /// The element is `not_applicable` unless one of these facts holds.
    pub requires_any_fact: Vec<String>,
}

/// A text with the status its element must get; the rule file's tests run these.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub lang: String,
    pub text: String,
    pub expect: String,
}

/// One `rules/elements/*.toml` file: an Art. 13/14 element and how to find it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementRule {
    /// The file the rule was read from, relative to the rules folder.
    #[serde(skip)]
    pub file: String,
    pub element: String,
    pub article: String,
    pub name: Localized,
    pub missing: FindingSpec,
    pub vague: Option<FindingSpec>,
    #[serde(default)]
    pub applicability: Applicability,
    #[serde(default)]
    pub patterns: BTreeMap<String, ElementPatterns>,
    #[serde(default)]
    pub weights: Weights,
    /// Evidence from the fields beside a fact in one record (a table row, a
    /// run of "Label: value" lines).
    #[serde(default)]
    pub binding: Option<Binding>,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// A record (a table row, a run of "Label: value" lines such as "Purpose: ...",
/// "Lawful basis: ...", "Details: ...") in which one field states `fact`: its
/// other fields say what the fact is about, and count as evidence. A row whose
/// basis cell says "legitimate interests" names the interest in its other cells.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub fact: String,
    /// Fewest words a field needs to count (a bare "2 years" or "Newsletter" does not).
    #[serde(default = "Binding::default_min_words")]
    pub min_words: usize,
    /// Elements a field's column header or label may announce and still count;
    /// a field announced as something else (a retention column) is not evidence.
    #[serde(default)]
    pub fields_about: Vec<String>,
}

impl Binding {
    fn default_min_words() -> usize {
        3
    }
}

/// One fact: a statement about the processing, found in sentences.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactRule {
    /// The file the fact was read from, relative to the rules folder.
    #[serde(skip)]
    pub file: String,
    pub id: String,
    pub description: String,
    #[serde(default)]
    pub patterns: BTreeMap<String, FactPatterns>,
    #[serde(default)]
    pub examples: Vec<FactExample>,
}

/// Patterns of one language for a fact.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FactPatterns {
    pub sentences: Vec<String>,
    pub exclude: Vec<String>,
    /// Headings whose sections make every sentence in them count for the fact.
    pub headings: Vec<String>,
}

/// A sentence and whether the fact must hold for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactExample {
    pub lang: String,
    pub text: String,
    pub holds: bool,
}

/// `rules/facts.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    pub facts: Vec<FactRule>,
}

/// `rules/classify.toml`: what makes a text a notice, its kind and organisation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifyFile {
    pub notice: NoticeClassify,
    pub organisation: OrganisationClassify,
    pub notice_kind: NoticeKindClassify,
    #[serde(default)]
    pub answer: Option<AnswerClassify>,
}

/// `[answer]`: a question heading answered with a short "no" ("Do we share
/// your data? We never do.") addresses the element the question asks about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerClassify {
    /// Fact: a sentence is a negative answer.
    pub fact: String,
    /// Most words of the answer, and most sentences under the question.
    pub max_words: usize,
    pub max_sentences: usize,
}

/// `[notice]`: how a text is recognised as a privacy notice (see `src/recognise.rs`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeClassify {
    /// How many leading headings belong to the title window.
    pub title_headings: usize,
    /// How many opening (non-heading) sentences belong to the title window.
    pub title_sentences: usize,
    /// Headings and sentences of the window start within this many bytes.
    pub title_window_bytes: usize,
    /// Fact: a title names a privacy notice.
    pub privacy_title_fact: String,
    /// Fact: a title is about privacy notices (guidance, a template).
    pub about_notices_fact: String,
    /// Fact: a title names another kind of document.
    pub other_title_fact: String,
    /// Fact: the text calls itself a privacy notice.
    pub self_reference_fact: String,
    /// Fact: the text calls itself another kind of document.
    pub other_self_reference_fact: String,
    /// Self-references as another document that outweigh any title.
    pub min_other_self_references: usize,
    /// Fact: a sentence says what the writer does with personal data.
    pub processing_fact: String,
    /// Processing statements an untitled notice needs ...
    pub min_processing_statements: usize,
    /// ... and their least share of its sentences, in percent ...
    pub min_processing_share: usize,
    /// ... unless there are at least this many.
    pub enough_processing_statements: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationClassify {
    /// (organisation type, fact id), strongest first: the first type whose fact holds wins.
    pub order: Vec<(String, String)>,
    /// How much more a fact counts in a sentence naming the controller or in the title.
    #[serde(default = "one")]
    pub identity_weight: usize,
    /// The type of a text that names its controller without saying what kind
    /// of organisation it is, when no fact says either (a sole trader, an app
    /// developer): most such names are businesses.
    #[serde(default)]
    pub untyped_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeKindClassify {
    pub art14_fact: String,
    pub art13_fact: String,
}

fn one() -> usize {
    1
}

/// `rules/own.toml`: avglint's own rules (findings about suppression comments).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnRulesFile {
    pub rules: Vec<OwnRule>,
}

/// One of avglint's own rules: raised by code, documented here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnRule {
    pub id: String,
    pub severity: crate::finding::Severity,
    pub name: Localized,
    pub message: Localized,
    pub help: Localized,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// `rules/formats/tilt.toml`: how a TILT document (a structured notice)
/// answers the elements, and the findings only such a document can raise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiltMapping {
    /// A document is TILT when its root object has at least `detect_min` of these keys.
    pub detect_keys: Vec<String>,
    pub detect_min: usize,
    /// Booleans whose `false` is still an answer ("no automated decisions").
    pub false_is_statement: Vec<String>,
    /// NACE sector letters of `/controller/sector` that mean a public authority.
    pub public_sectors: Vec<String>,
    /// Per element id: the fields that answer it.
    pub elements: BTreeMap<String, TiltElement>,
    /// Per TILT check (`transfer_without_safeguards`, `schema_deviation`, ...): its finding.
    pub checks: BTreeMap<String, TiltCheck>,
}

/// The fields of a TILT document that answer one element.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiltElement {
    pub present: Vec<String>,
    #[serde(default)]
    pub vague: Vec<String>,
    #[serde(default)]
    pub applicable_if: Vec<String>,
    #[serde(default, with = "opt_regex")]
    pub applicable_pattern: Option<regex::Regex>,
}

/// The finding of a TILT check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiltCheck {
    /// `findings[].check`, when the finding is a check's.
    #[serde(default)]
    pub check: Option<String>,
    pub rule: String,
    pub severity: crate::finding::Severity,
    pub article: String,
    pub message: Localized,
    pub help: Localized,
}

mod opt_regex {
    use regex::Regex;
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|p| Regex::new(&p).map_err(serde::de::Error::custom))
            .transpose()
    }
}
