//! What the assessment of a document is made of: element statuses, the
//! kind of text and of notice, the organisation type, and the assessment
//! itself. Leaf types: every stage from the rules to the renderers uses
//! them, and they use nothing of avglint's.

use serde::Serialize;

/// How an element is addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Absent,
    Vague,
    NotApplicable,
    Unclear,
}

impl Status {
    /// The status as written in reports and rule files (`not_applicable`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Absent => "absent",
            Status::Vague => "vague",
            Status::NotApplicable => "not_applicable",
            Status::Unclear => "unclear",
        }
    }
}

/// Whether a text is a privacy notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Notice,
    NotANotice,
}

/// What decided [`DocKind`]: reported so a user can see why a text was (not) judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grounds {
    /// A title in the title window names a privacy notice.
    PrivacyTitle,
    /// The text calls itself a privacy notice.
    NamesItself,
    /// No name either way, but enough statements about its own processing.
    ProcessingStatements,
    /// Judged as a notice because the caller said so.
    Assumed,
    /// A TILT document: a notice in structured form.
    Tilt,
    /// JSON, YAML or TOML without TILT's keys.
    StructuredData,
    /// The first title that names a kind of document names another kind.
    OtherDocumentTitle,
    /// The title is about privacy notices (guidance, a template), not one.
    AboutNotices,
    /// The text keeps calling itself another kind of document.
    NamesItselfOther,
    /// No privacy title and too few statements about its own processing.
    FewProcessingStatements,
}

impl Grounds {
    pub fn kind(self) -> DocKind {
        match self {
            Grounds::PrivacyTitle
            | Grounds::NamesItself
            | Grounds::ProcessingStatements
            | Grounds::Assumed
            | Grounds::Tilt => DocKind::Notice,
            Grounds::OtherDocumentTitle
            | Grounds::AboutNotices
            | Grounds::NamesItselfOther
            | Grounds::FewProcessingStatements
            | Grounds::StructuredData => DocKind::NotANotice,
        }
    }
}

/// A name the notice gives for its controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The name as written (first spelling seen).
    pub name: String,
    /// Sum of the weights of its cues.
    pub weight: u32,
    /// The sentence of its strongest cue (a title cue has none).
    pub sentence: Option<usize>,
    /// Its kind, from the type lexicons.
    pub organisation: Option<Organisation>,
}

/// Which article's information duties the notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Art13,
    Art14,
    General,
}

impl NoticeKind {
    /// The kind as written in reports (`art13`).
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Art13 => "art13",
            NoticeKind::Art14 => "art14",
            NoticeKind::General => "general",
        }
    }
}

/// Who the controller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(
    feature = "cli",
    derive(clap::ValueEnum),
    clap(rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum Organisation {
    PublicAuthority,
    Company,
    Nonprofit,
    Unknown,
}

impl Organisation {
    /// The type as written in reports and config (`public_authority`).
    pub fn as_str(self) -> &'static str {
        match self {
            Organisation::PublicAuthority => "public_authority",
            Organisation::Company => "company",
            Organisation::Nonprofit => "nonprofit",
            Organisation::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Organisation {
        match id {
            "public_authority" => Organisation::PublicAuthority,
            "company" => Organisation::Company,
            "nonprofit" => Organisation::Nonprofit,
            _ => Organisation::Unknown,
        }
    }
}

/// One element's verdict and the sentences it rests on.
#[derive(Debug, Clone)]
pub struct ElementResult {
    pub status: Status,
    /// Sentence indices, strongest evidence first.
    pub evidence: Vec<usize>,
    /// What each evidence sentence counted for (1 for a plain match; see
    /// `Weights` in the rules schema); empty for vague evidence and for
    /// statuses not decided by weighing sentences.
    pub weights: Vec<f32>,
    /// The summed weight of every sentence that counted (more than the
    /// reported evidence when there were many), whatever the status; `None`
    /// when no sentences were weighed (a TILT document, the controller
    /// resolver's verdict).
    pub score: Option<f32>,
}

impl ElementResult {
    /// A verdict not reached by weighing sentences.
    pub fn decided(status: Status, evidence: Vec<usize>) -> Self {
        ElementResult {
            status,
            evidence,
            weights: Vec::new(),
            score: None,
        }
    }
}

/// Everything the rules found in one document.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub kind: DocKind,
    /// Why the text is (not) a notice.
    pub grounds: Grounds,
    /// The controller the resolver settled on, if any name was strong enough.
    pub controller: Option<Candidate>,
    pub notice_kind: NoticeKind,
    pub organisation: Organisation,
    /// In the order of the elements (`rules::ELEMENTS`).
    pub elements: Vec<ElementResult>,
    /// Per fact (registry order): the sentences where it holds.
    pub facts: Vec<Vec<usize>>,
}
