//! Per-file results in the shape of `REPORT.md`, with spans converted to
//! file byte offsets, lines and columns.

use crate::assess::{Assessment, DocKind, NoticeKind, Organisation, Status};
use crate::document::{Document, Span};
use crate::finding::{Finding, Severity};
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

/// An evidence span: a location plus the exact text it covers.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    #[serde(flatten)]
    pub location: Location,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ElementReport {
    pub status: Status,
    pub article: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedReport {
    pub span: Location,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    pub rule: String,
    pub element: Option<String>,
    pub check: Option<String>,
    pub severity: Severity,
    pub article: String,
    pub message: String,
    pub help: String,
    pub span: Location,
    pub related: Vec<RelatedReport>,
    /// The same finding with text spans, for renderers that show source.
    #[serde(skip)]
    pub text_span: Span,
}

/// The controller named by a notice: its name, kind, the summed weight of
/// the cues naming it and the sentence of the strongest one.
#[derive(Debug, Clone, Serialize)]
pub struct ControllerReport {
    pub name: String,
    pub organisation: Option<Organisation>,
    pub weight: u32,
    pub evidence: Option<Evidence>,
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

/// Everything reported about one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: Option<&'static str>,
    pub encoding: Option<String>,
    pub language: Option<&'static str>,
    pub kind: FileKind,
    pub notice_kind: Option<NoticeKind>,
    pub organisation: Option<Organisation>,
    pub elements: serde_json::Map<String, serde_json::Value>,
    pub findings: Vec<FindingReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What decided `kind` (a privacy title, another document's title, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_grounds: Option<crate::recognise::Grounds>,
    /// The controller the notice names, as the resolver found it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<ControllerReport>,
    #[serde(skip)]
    pub error_class: Option<ErrorClass>,
    /// The decoded source, kept for renderers that quote it.
    #[serde(skip)]
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
            elements: serde_json::Map::new(),
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
}

/// What a judged file is made of, ready to be turned into a report.
pub struct Judged<'a> {
    pub path: String,
    pub format: &'static str,
    pub language: crate::lang::Language,
    pub source: Arc<SourceText>,
    pub doc: &'a Document,
    pub assessment: &'a Assessment,
    pub findings: Vec<Finding>,
}

impl Judged<'_> {
    pub fn into_report(self, reg: &Registry) -> FileReport {
        let src = &self.source;
        let a = self.assessment;
        let is_notice = a.kind == DocKind::Notice;
        let mut elements = serde_json::Map::new();
        if is_notice {
            for (rule, result) in reg.elements.iter().zip(&a.elements) {
                let evidence = result
                    .evidence
                    .iter()
                    .map(|&s| evidence(src, &self.doc.sentences[s].span))
                    .collect();
                let er = ElementReport {
                    status: result.status,
                    article: rule.article.clone(),
                    evidence,
                };
                elements.insert(
                    rule.element.clone(),
                    serde_json::to_value(er).expect("plain data serializes"),
                );
            }
        }
        let findings = self
            .findings
            .into_iter()
            .map(|f| FindingReport {
                span: location(src, &f.span),
                related: f
                    .related
                    .iter()
                    .map(|r| RelatedReport {
                        span: location(src, &r.span),
                        message: r.message.clone(),
                    })
                    .collect(),
                rule: f.rule,
                element: f.element,
                check: f.check,
                severity: f.severity,
                article: f.article,
                message: f.message,
                help: f.help,
                text_span: f.span,
            })
            .collect();
        FileReport {
            path: self.path,
            format: Some(self.format),
            encoding: Some(src.encoding().to_string()),
            language: Some(self.language.code()),
            kind: if is_notice {
                FileKind::Notice
            } else {
                FileKind::NotANotice
            },
            notice_kind: is_notice.then_some(a.notice_kind),
            organisation: is_notice.then_some(a.organisation),
            elements,
            findings,
            error: None,
            warnings: src.warning().into_iter().collect(),
            kind_grounds: Some(a.grounds),
            controller: a
                .controller
                .as_ref()
                .filter(|_| is_notice)
                .map(|c| ControllerReport {
                    name: c.name.clone(),
                    organisation: c.organisation,
                    weight: c.weight,
                    evidence: c
                        .sentence
                        .map(|s| evidence(src, &self.doc.sentences[s].span)),
                }),
            error_class: None,
            source: Some(self.source.clone()),
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

fn evidence(src: &SourceText, span: &Span) -> Evidence {
    Evidence {
        location: location(src, span),
        text: src.file_slice(span.start, span.end),
    }
}
