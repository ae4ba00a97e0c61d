//! Per-file results in the shape of `REPORT.md`, with spans converted to
//! file byte offsets, lines and columns.

use crate::assessment::{Assessment, DocKind, NoticeKind, Organisation, Status};
use crate::document::{Document, Span};
use crate::finding::{Finding, Severity};
use crate::lang::Language;
use crate::rules::Registry;
use crate::source::SourceText;
use serde::Serialize;
use std::sync::Arc;

/// A location in the file on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// For a PDF: the 1-based page (`start`/`end` are then offsets into the extracted text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// For a docx: the 1-based paragraph (`start`/`end` are then offsets into the extracted text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

/// An evidence span as serialised: a location plus the exact text it covers.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    #[serde(flatten)]
    pub location: Location,
    pub text: String,
    /// What the sentence counted for in its element's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f32>,
}

/// One element's verdict in a report; evidence spans are into the decoded text.
#[derive(Debug, Clone)]
pub struct ElementReport {
    pub element: String,
    pub status: Status,
    pub article: String,
    pub evidence: Vec<Span>,
    /// Per evidence span, what it counted for (empty when not weighed).
    pub weights: Vec<f32>,
    /// The summed weight of the element's evidence, when sentences were weighed.
    pub score: Option<f32>,
}

/// The controller named by a notice: its name, kind, the summed weight of
/// the cues naming it and the sentence of the strongest one (a span into the
/// decoded text, like element evidence).
#[derive(Debug, Clone)]
pub struct ControllerReport {
    pub name: String,
    pub organisation: Option<Organisation>,
    pub weight: u32,
    pub evidence: Option<Span>,
}

/// `kind` of a file report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Notice,
    NotANotice,
    Error,
}

/// Why a file has no verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Could not be read: counts as an I/O error for the exit code.
    Io,
    /// Read, but not something avglint can judge (empty, binary, too large).
    Unjudgeable,
    /// avglint itself failed (a caught panic): exit code 2, please report.
    Internal,
}

/// Everything reported about one file. Spans stay in the decoded text of
/// `source`; they become file locations only when the report is serialised
/// (the JSON of `REPORT.md`) or a renderer asks for [`FileReport::location`].
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub format: Option<&'static str>,
    pub encoding: Option<String>,
    pub language: Option<Language>,
    pub kind: FileKind,
    pub notice_kind: Option<NoticeKind>,
    pub organisation: Option<Organisation>,
    /// In [`crate::rules::ELEMENTS`] order; empty unless the file is a notice.
    pub elements: Vec<ElementReport>,
    pub findings: Vec<Finding>,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    /// What decided `kind` (a privacy title, another document's title, ...).
    pub kind_grounds: Option<crate::recognise::Grounds>,
    /// The controller the notice names, as the resolver found it.
    pub controller: Option<ControllerReport>,
    pub error_class: Option<ErrorClass>,
    /// The decoded source the spans point into; `None` for an error report.
    pub source: Option<Arc<SourceText>>,
}

impl FileReport {
    /// A file that got no verdict.
    pub fn error(path: String, class: ErrorClass, message: String) -> FileReport {
        FileReport {
            path,
            format: None,
            encoding: None,
            language: None,
            kind: FileKind::Error,
            notice_kind: None,
            organisation: None,
            elements: Vec::new(),
            findings: Vec::new(),
            error: Some(message),
            warnings: Vec::new(),
            kind_grounds: None,
            controller: None,
            error_class: Some(class),
            source: None,
        }
    }

    /// Highest severity among the findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// The report of one element, by id.
    pub fn element(&self, id: &str) -> Option<&ElementReport> {
        self.elements.iter().find(|e| e.element == id)
    }

    /// The file location of a span of this report's decoded text.
    pub fn location(&self, span: &Span) -> Location {
        match &self.source {
            Some(src) => location(src, span),
            None => Location {
                start: span.start,
                end: span.end,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                page: None,
                paragraph: None,
            },
        }
    }

    /// The 1-based lines a span covers.
    pub fn lines(&self, span: &Span) -> (usize, usize) {
        match &self.source {
            Some(src) => (src.line_col(span.start).0, src.line_col(span.end).0),
            None => (1, 1),
        }
    }

    /// The exact file text of a span (for evidence).
    fn file_text(&self, span: &Span) -> String {
        self.source
            .as_ref()
            .map(|src| src.file_slice(span.start, span.end))
            .unwrap_or_default()
    }
}

impl Serialize for FileReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = 9 + usize::from(self.error.is_some()) + usize::from(!self.warnings.is_empty());
        let mut st = s.serialize_struct("FileReport", fields)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("format", &self.format)?;
        st.serialize_field("encoding", &self.encoding)?;
        st.serialize_field("language", &self.language)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("notice_kind", &self.notice_kind)?;
        st.serialize_field("organisation", &self.organisation)?;
        st.serialize_field("elements", &Elements(self))?;
        st.serialize_field("findings", &Findings(self))?;
        if let Some(e) = &self.error {
            st.serialize_field("error", e)?;
        }
        if !self.warnings.is_empty() {
            st.serialize_field("warnings", &self.warnings)?;
        }
        if let Some(g) = &self.kind_grounds {
            st.serialize_field("kind_grounds", g)?;
        }
        if let Some(c) = &self.controller {
            #[derive(Serialize)]
            struct Controller<'a> {
                name: &'a str,
                organisation: Option<Organisation>,
                weight: u32,
                evidence: Option<Evidence>,
            }
            st.serialize_field(
                "controller",
                &Controller {
                    name: &c.name,
                    organisation: c.organisation,
                    weight: c.weight,
                    evidence: c.evidence.as_ref().map(|span| Evidence {
                        location: self.location(span),
                        text: self.file_text(span),
                        weight: None,
                    }),
                },
            )?;
        }
        st.end()
    }
}

/// `elements` of a report: an object keyed by element id, in element order.
struct Elements<'a>(&'a FileReport);

impl Serialize for Elements<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Element<'a> {
            status: Status,
            article: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            score: Option<f32>,
            evidence: Vec<Evidence>,
        }
        let r = self.0;
        s.collect_map(r.elements.iter().map(|e| {
            let evidence = e
                .evidence
                .iter()
                .enumerate()
                .map(|(i, span)| Evidence {
                    location: r.location(span),
                    text: r.file_text(span),
                    weight: e.weights.get(i).copied(),
                })
                .collect();
            (
                &e.element,
                Element {
                    status: e.status,
                    article: &e.article,
                    score: e.score,
                    evidence,
                },
            )
        }))
    }
}

/// `findings` of a report, spans as file locations.
struct Findings<'a>(&'a FileReport);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Related<'a> {
            span: Location,
            message: &'a str,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            rule: &'a str,
            element: &'a Option<String>,
            check: &'a Option<String>,
            severity: Severity,
            article: &'a str,
            message: &'a str,
            help: &'a str,
            span: Location,
            related: Vec<Related<'a>>,
            /// Rule ids merged into this finding (one gap, one finding).
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            also: &'a [String],
        }
        let r = self.0;
        s.collect_seq(r.findings.iter().map(|f| {
            Out {
                rule: &f.rule,
                element: &f.element,
                check: &f.check,
                severity: f.severity,
                article: &f.article,
                message: &f.message,
                help: &f.help,
                span: r.location(&f.span),
                related: f
                    .related
                    .iter()
                    .map(|x| Related {
                        span: r.location(&x.span),
                        message: &x.message,
                    })
                    .collect(),
                also: &f.also,
            }
        }))
    }
}

/// What a judged file is made of, ready to be turned into a report.
pub struct Judged<'a> {
    pub path: String,
    pub format: &'static str,
    pub language: Language,
    pub source: Arc<SourceText>,
    pub doc: &'a Document,
    pub assessment: &'a Assessment,
    pub findings: Vec<Finding>,
}

impl Judged<'_> {
    pub fn into_report(self, reg: &Registry) -> FileReport {
        let a = self.assessment;
        let is_notice = a.kind == DocKind::Notice;
        let elements = if is_notice {
            reg.elements
                .iter()
                .zip(&a.elements)
                .map(|(rule, result)| ElementReport {
                    element: rule.element.clone(),
                    status: result.status,
                    article: rule.article.clone(),
                    evidence: result
                        .evidence
                        .iter()
                        .map(|&s| self.doc.sentences[s].span.clone())
                        .collect(),
                    weights: result.weights.clone(),
                    score: result.score,
                })
                .collect()
        } else {
            Vec::new()
        };
        FileReport {
            path: self.path,
            format: Some(self.format),
            encoding: Some(self.source.encoding().to_string()),
            language: Some(self.language),
            kind: if is_notice {
                FileKind::Notice
            } else {
                FileKind::NotANotice
            },
            notice_kind: is_notice.then_some(a.notice_kind),
            organisation: is_notice.then_some(a.organisation),
            elements,
            findings: self.findings,
            error: None,
            warnings: self.source.warning().into_iter().collect(),
            kind_grounds: Some(a.grounds),
            controller: a
                .controller
                .as_ref()
                .filter(|_| is_notice)
                .map(|c| ControllerReport {
                    name: c.name.clone(),
                    organisation: c.organisation,
                    weight: c.weight,
                    evidence: c.sentence.map(|s| self.doc.sentences[s].span.clone()),
                }),
            error_class: None,
            source: Some(self.source),
        }
    }
}

/// File location of a text span.
pub fn location(src: &SourceText, span: &Span) -> Location {
    let (line, column) = src.line_col(span.start);
    let (end_line, end_column) = src.line_col(span.end);
    let unit = |name: &str| src.unit(span.start).filter(|u| u.0 == name).map(|u| u.1);
    Location {
        start: src.file_offset(span.start),
        end: src.file_offset(span.end),
        line,
        column,
        end_line,
        end_column,
        page: unit("page"),
        paragraph: unit("paragraph"),
    }
}
