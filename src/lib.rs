//! avglint: checks privacy notices against GDPR (AVG) Articles 13 and 14.
//!
//! The pipeline follows the data: [`source`] (bytes -> text with a map back
//! to the bytes) -> [`document`] (sections, blocks, sentences with spans) ->
//! [`assess`] (element statuses and facts, driven by [`rules`], as an [`assessment`]) -> [`lint`]
//! (findings) -> [`report`] -> [`render`]. The library never prints.

pub mod assess;
pub mod assess_tilt;
pub mod assessment;
#[cfg(feature = "cli")]
pub mod audit;
pub mod baseline;
#[cfg(feature = "cli")]
pub mod batch;
pub mod catalog;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod controller;
pub mod document;
pub mod explain;
pub mod finding;
pub mod gate;
pub mod judge;
pub mod lang;
pub mod lint;
#[cfg(feature = "cli")]
pub mod lsp;
pub mod output;
pub mod panic_note;
#[cfg(feature = "cli")]
pub mod progress;
pub mod recognise;
pub mod render;
pub mod report;
pub mod rules;
pub mod ruletest;
pub mod source;
pub mod suppress;
#[cfg(feature = "cli")]
pub mod walk;
pub mod web;

use assess::{Assumptions, Organisation};
use document::Format;
use lang::Language;
use report::{ErrorClass, FileReport, Judged};
use rules::Registry;
use source::SourceText;
#[cfg(feature = "cli")]
use std::path::Path;
use std::sync::Arc;

/// How files are judged.
#[derive(Debug, Clone)]
pub struct Options {
    /// Judge every file in this language instead of detecting it.
    pub language: Option<Language>,
    pub organisation: Option<Organisation>,
    /// Read every file as this format instead of guessing from its name.
    pub format: Option<Format>,
    pub max_file_size: u64,
    /// Judge every text as a notice, whatever it looks like.
    pub assume_notice: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            language: None,
            organisation: None,
            format: None,
            max_file_size: source::DEFAULT_MAX_FILE_SIZE,
            assume_notice: false,
        }
    }
}

#[cfg(feature = "cli")]
/// Judges one walk entry: a file is read, a skipped or failed entry becomes its error report.
pub fn check_target(t: &walk::Entry, opts: &Options, reg: &Registry) -> FileReport {
    match &t.kind {
        walk::EntryKind::File => check_path(&t.path, &t.display, opts, reg),
        walk::EntryKind::Skipped(note) => {
            FileReport::error(t.display.clone(), ErrorClass::Unjudgeable, note.clone())
        }
        walk::EntryKind::Error(message) => {
            FileReport::error(t.display.clone(), ErrorClass::Io, message.clone())
        }
    }
}

#[cfg(feature = "cli")]
/// Reads and judges one file; never panics, never fails: problems become a `kind: error` report.
pub fn check_path(path: &Path, display: &str, opts: &Options, reg: &Registry) -> FileReport {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return FileReport::error(display.into(), ErrorClass::Io, format!("cannot read: {e}"))
        }
    };
    if !meta.is_file() {
        return FileReport::error(
            display.into(),
            ErrorClass::Unjudgeable,
            format!(
                "not a regular file ({}); skipped unread",
                walk::special_kind(&meta.file_type())
            ),
        );
    }
    if meta.len() > opts.max_file_size {
        return FileReport::error(
            display.into(),
            ErrorClass::Unjudgeable,
            format!(
                "the file is {} bytes, over the limit of {} (--max-file-size)",
                meta.len(),
                opts.max_file_size
            ),
        );
    }
    let bytes = match read_regular(path, opts.max_file_size) {
        Ok(b) => b,
        Err(Unread::Io(e)) => {
            return FileReport::error(display.into(), ErrorClass::Io, format!("cannot read: {e}"))
        }
        Err(Unread::NotRegular) => {
            return FileReport::error(
                display.into(),
                ErrorClass::Unjudgeable,
                "not a regular file".into(),
            )
        }
        Err(Unread::TooLarge) => {
            return FileReport::error(
                display.into(),
                ErrorClass::Unjudgeable,
                format!(
                    "the file grew over the limit of {} bytes (--max-file-size) while read",
                    opts.max_file_size
                ),
            )
        }
    };
    let format = opts
        .format
        .unwrap_or_else(|| document::sniff::detect(path, &bytes));
    check_bytes(display, bytes, format, opts, reg)
}

/// Why [`read_regular`] returned no bytes.
#[cfg(feature = "cli")]
enum Unread {
    Io(std::io::Error),
    NotRegular,
    TooLarge,
}

#[cfg(feature = "cli")]
/// Reads a regular file of at most `max` bytes. On Unix the file is opened
/// non-blocking, so a path swapped for a FIFO after the walk cannot hang the
/// batch, and checked again after opening.
fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, Unread> {
    use std::io::Read;
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path).map_err(Unread::Io)?;
    let meta = file.metadata().map_err(Unread::Io)?;
    if !meta.is_file() {
        return Err(Unread::NotRegular);
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
    if bytes.len() as u64 > max {
        return Err(Unread::TooLarge);
    }
    Ok(bytes)
}

/// Judges bytes already in memory; a panic inside becomes an internal-error report.
pub fn check_bytes(
    display: &str,
    bytes: Vec<u8>,
    format: Format,
    opts: &Options,
    reg: &Registry,
) -> FileReport {
    let run = std::panic::AssertUnwindSafe(|| judge(display, bytes, format, opts, reg));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        // Never the panic's message: it can quote the notice (see `panic_note`).
        let what = panic_note::last_location();
        FileReport::error(
            display.into(),
            ErrorClass::Internal,
            format!("internal error in avglint ({what}); please report it with this file"),
        )
    })
}

fn judge(
    display: &str,
    bytes: Vec<u8>,
    format: Format,
    opts: &Options,
    reg: &Registry,
) -> FileReport {
    let unjudgeable = |e: String| FileReport::error(display.into(), ErrorClass::Unjudgeable, e);
    let (source, doc) = match format {
        Format::Docx => match document::docx::read(&bytes) {
            Ok((s, d)) => (Arc::new(s), d),
            Err(e) => return unjudgeable(e),
        },
        Format::Pdf => match document::pdf::read(&bytes) {
            Ok((s, d)) => (Arc::new(s), d),
            Err(e) => return unjudgeable(e),
        },
        _ => {
            let source = match SourceText::decode(bytes) {
                Ok(s) => Arc::new(s),
                Err(e) => return unjudgeable(e.to_string()),
            };
            // Suppression comments are avglint's, not the notice's: parse without them.
            let text = suppress::mask(source.text());
            let doc = match format {
                Format::Markdown => match document::markdown::check_limits(&text) {
                    Ok(()) => document::markdown::parse(&text),
                    Err(e) => return unjudgeable(e),
                },
                Format::Text => document::text::parse(&text),
                // JSX is no TypeScript syntax: `<T>x` is a type assertion there.
                Format::Jsx | Format::Js | Format::Ts => {
                    match document::script::read(&text, format != Format::Ts) {
                        Ok(d) => d,
                        Err(e) => return unjudgeable(e),
                    }
                }
                Format::Html
                | Format::Template
                | Format::Smarty
                | Format::Vue
                | Format::Freemarker => {
                    let flavor = format.markup().unwrap_or(document::html::Flavor::Html);
                    match document::html::read_as(&text, flavor) {
                        Ok(d) => d,
                        Err(e) => return unjudgeable(e),
                    }
                }
                Format::Json | Format::Yaml | Format::Toml => {
                    return judge_structured(display, source, format, opts, reg)
                }
                Format::Docx | Format::Pdf => unreachable!("handled above"),
            };
            (source, doc)
        }
    };
    // A component or template without text is judged (`not_a_notice`), not an error.
    if doc.sentences.is_empty() && !format.is_source_code() {
        return FileReport::error(
            display.into(),
            ErrorClass::Unjudgeable,
            "the file has no visible text".into(),
        );
    }
    let language = opts
        .language
        .unwrap_or_else(|| lang::detect(&doc.sample_text(4000)));
    let assessment = assess::assess(
        &doc,
        reg,
        Assumptions {
            organisation: opts.organisation,
            force_notice: opts.assume_notice,
            language: Some(language),
        },
    );
    let findings = lint::findings(&doc, &assessment, reg, language);
    Judged {
        path: display.into(),
        format: format.name(),
        language,
        source,
        doc: &doc,
        assessment: &assessment,
        findings,
    }
    .into_report(reg)
}

/// JSON, YAML or TOML: a TILT document is judged field by field; any other
/// structured file is `not_a_notice`.
fn judge_structured(
    display: &str,
    source: Arc<SourceText>,
    format: Format,
    opts: &Options,
    reg: &Registry,
) -> FileReport {
    let read = match document::tilt::read(
        source.text(),
        format,
        &reg.tilt.detect_keys,
        reg.tilt.detect_min,
    ) {
        Ok(r) => r,
        Err(e) => return FileReport::error(display.into(), ErrorClass::Unjudgeable, e),
    };
    let assessed = assess_tilt::assess(&read, reg, opts.organisation);
    let language = opts
        .language
        .unwrap_or_else(|| lang::detect(&read.doc.sample_text(4000)));
    let findings = lint::tilt_findings(&read.doc, &assessed, reg, language);
    Judged {
        path: display.into(),
        format: read.format_name(),
        language,
        source,
        doc: &read.doc,
        assessment: &assessed.assessment,
        findings,
    }
    .into_report(reg)
}

/// Judges a Markdown snippet as a notice in a given language, skipping the
/// notice/non-notice decision: how rule examples and checks are tested.
pub fn judge_snippet(
    text: &str,
    language: Language,
    reg: &Registry,
) -> (
    document::Document,
    assess::Assessment,
    Vec<finding::Finding>,
) {
    let doc = document::markdown::parse(text);
    let assessment = assess::assess(
        &doc,
        reg,
        Assumptions {
            organisation: None,
            force_notice: true,
            language: Some(language),
        },
    );
    let findings = lint::findings(&doc, &assessment, reg, language);
    (doc, assessment, findings)
}
