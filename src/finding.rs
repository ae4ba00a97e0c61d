//! Findings: what a rule or check reports, with its span and help.

use crate::document::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is; ordered so `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location of a finding (the other side of a contradiction).
#[derive(Debug, Clone)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One diagnostic about one file; spans are into the decoded text. The one
/// finding type from the rules to the renderers: a file report turns its spans into file locations when it is serialised.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub element: Option<String>,
    pub check: Option<String>,
    pub severity: Severity,
    pub article: String,
    pub message: String,
    pub help: String,
    pub span: Span,
    pub related: Vec<Related>,
    /// Rule ids of findings merged into this one (an element's gap that a
    /// check refines): naming one of them names this finding too.
    pub also: Vec<String>,
    /// The words that make the finding, inside `span` (the vague phrase of
    /// a vague statement): what the human format underlines. Not in reports.
    pub focus: Option<Span>,
}

impl Finding {
    /// Whether `id` names this finding: its rule, element or check id, or a
    /// rule merged into it.
    pub fn names(&self, id: &str) -> bool {
        self.rule == id
            || self.element.as_deref() == Some(id)
            || self.check.as_deref() == Some(id)
            || self.also.iter().any(|a| a == id)
    }
}
