//! `avglint lsp`: a language server over standard input and output, for
//! notices written in an editor (Markdown, plain text, HTML, TILT).
//!
//! - Diagnostics when a document is opened, and again when it changes,
//!   debounced ([`DEBOUNCE`] after the last change), judged exactly as
//!   `avglint check` judges the file: its config (`avglint.toml`) found
//!   from the file's folder upward, with that config's `rules-dir`, per-path
//!   settings, suppressions and `select`/`ignore`.
//! - Hover over a finding: the rule's name, article, message and help.
//! - A code action per finding whose help has an example sentence: insert it
//!   at the end of the relevant section (for a missing element, a new
//!   section at the end of the notice headed by the element's name).
//!
//! Built on `lsp-server` (rust-analyzer's synchronous transport: a message
//! loop, no async runtime) and `lsp-types`. The documents are synchronised
//! whole (`TextDocumentSyncKind::FULL`); positions are UTF-16, the protocol's
//! default.

use crate::catalog::Catalog;
use crate::config::{self, CliSettings, Settings};
use crate::finding::Severity;
use crate::judge::Judge;
use crate::lang::Language;
use crate::report::FileReport;
use crate::rules::Registry;
use crate::Options;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// How long after the last change a document is judged again.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Runs the server until the client asks it to exit.
pub fn run() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let caps = lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Kind(
            lsp::TextDocumentSyncKind::FULL,
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    let caps = serde_json::to_value(caps).map_err(|e| e.to_string())?;
    connection
        .initialize(caps)
        .map_err(|e| format!("lsp: {e}"))?;
    let mut server = Server {
        connection: &connection,
        docs: HashMap::new(),
        rules: HashMap::new(),
    };
    server.main_loop()?;
    drop(server);
    drop(connection);
    io.join().map_err(|e| format!("lsp: {e}"))
}

/// An open document.
struct Doc {
    uri: lsp::Uri,
    text: String,
    version: i32,
    /// When it is to be judged again (after a change), if it is.
    due: Option<Instant>,
    /// The findings of the last judgement, with the text they were made on.
    judged: Option<Judged>,
}

struct Judged {
    text: String,
    report: FileReport,
}

/// The rules in force for a config's `rules-dir` (or the built-in ones).
struct Rules {
    reg: &'static Registry,
    catalog: Catalog,
}

struct Server<'a> {
    connection: &'a Connection,
    docs: HashMap<String, Doc>,
    rules: HashMap<Option<PathBuf>, Rules>,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let due = self.docs.values().filter_map(|d| d.due).min();
            let message = match due {
                Some(at) => {
                    let wait = at.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(e) if e.is_timeout() => None,
                        Err(_) => return Ok(()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Some(Message::Request(req)) => {
                    if self
                        .connection
                        .handle_shutdown(&req)
                        .map_err(|e| format!("lsp: {e}"))?
                    {
                        return Ok(());
                    }
                    self.request(req);
                }
                Some(Message::Notification(n)) => self.notification(n),
                Some(Message::Response(_)) | None => {}
            }
            let now = Instant::now();
            let ready: Vec<String> = self
                .docs
                .iter()
                .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
                .map(|(k, _)| k.clone())
                .collect();
            for key in ready {
                self.judge_and_publish(&key);
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = n.extract::<lsp::DidOpenTextDocumentParams>("textDocument/didOpen")
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_owned();
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        text: p.text_document.text,
                        version: p.text_document.version,
                        due: None,
                        judged: None,
                    },
                );
                self.judge_and_publish(&key);
            }
            "textDocument/didChange" => {
                let Ok(p) = n.extract::<lsp::DidChangeTextDocumentParams>("textDocument/didChange")
                else {
                    return;
                };
                let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        // Whole-document sync; a range (from a client that
                        // sends them anyway) is applied in place.
                        Some(r) => {
                            let (a, b) = (offset(&doc.text, r.start), offset(&doc.text, r.end));
                            if a <= b {
                                doc.text.replace_range(a..b, &change.text);
                            }
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                doc.due = Some(Instant::now() + DEBOUNCE);
            }
            "textDocument/didClose" => {
                let Ok(p) = n.extract::<lsp::DidCloseTextDocumentParams>("textDocument/didClose")
                else {
                    return;
                };
                if let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) {
                    self.publish(doc.uri, Vec::new(), None);
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        match req.method.as_str() {
            "textDocument/hover" => match req.extract::<lsp::HoverParams>("textDocument/hover") {
                Ok((id, p)) => {
                    let key = p.text_document_position_params.text_document.uri.as_str();
                    let hover = self.hover(key, p.text_document_position_params.position);
                    self.respond(Response::new_ok(id, hover));
                }
                Err(e) => self.bad_request(id, e),
            },
            "textDocument/codeAction" => {
                match req.extract::<lsp::CodeActionParams>("textDocument/codeAction") {
                    Ok((id, p)) => {
                        let actions = self.code_actions(p.text_document.uri.as_str(), p.range);
                        self.respond(Response::new_ok(id, actions));
                    }
                    Err(e) => self.bad_request(id, e),
                }
            }
            _ => self.respond(Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("avglint does not handle {}", req.method),
            )),
        }
    }

    fn bad_request(&self, id: RequestId, e: lsp_server::ExtractError<Request>) {
        self.respond(Response::new_err(
            id,
            lsp_server::ErrorCode::InvalidParams as i32,
            format!("{e:?}"),
        ));
    }

    fn respond(&self, r: Response) {
        let _ = self.connection.sender.send(Message::Response(r));
    }

    fn publish(&self, uri: lsp::Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let _ = self
            .connection
            .sender
            .send(Message::Notification(Notification::new(
                "textDocument/publishDiagnostics".into(),
                params,
            )));
    }

    /// Judges a document's current text if it changed since, so that hover
    /// and code actions answer for what the editor shows.
    fn fresh(&mut self, key: &str) {
        let stale = self
            .docs
            .get(key)
            .is_some_and(|d| d.judged.as_ref().is_none_or(|j| j.text != d.text));
        if stale {
            self.judge_and_publish(key);
        }
    }

    fn judge_and_publish(&mut self, key: &str) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        let (uri, text, version) = (doc.uri.clone(), doc.text.clone(), doc.version);
        let path = uri_path(&uri);
        let diagnostics = match self.judge(&path, &text) {
            Ok(report) => {
                let diagnostics = self.diagnostics(&uri, &text, &report);
                if let Some(doc) = self.docs.get_mut(key) {
                    doc.judged = Some(Judged {
                        text: text.clone(),
                        report,
                    });
                }
                diagnostics
            }
            // A config that cannot be read is said on the first line.
            Err(e) => vec![lsp::Diagnostic {
                range: lsp::Range::default(),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("avglint".into()),
                message: e,
                ..Default::default()
            }],
        };
        if let Some(doc) = self.docs.get_mut(key) {
            doc.due = None;
        }
        self.publish(uri, diagnostics, Some(version));
    }

    /// Judges `text` as the file `path` would be judged by `avglint check`
    /// run in its folder.
    fn judge(&mut self, path: &Path, text: &str) -> Result<FileReport, String> {
        let dir = path
            .parent()
            .filter(|d| d.is_dir())
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let loaded = config::load(None, &dir).map_err(|e| e.to_string())?;
        let rules_dir = loaded.as_ref().and_then(|l| l.rules_dir());
        if !self.rules.contains_key(&rules_dir) {
            let reg: &'static Registry = match &rules_dir {
                // One registry per rules folder, alive until exit.
                Some(d) => Box::leak(Box::new(
                    Registry::with_overlay(d).map_err(|e| format!("rules-dir: {e}"))?,
                )),
                None => Registry::builtin().map_err(|e| e.to_string())?,
            };
            crate::document::use_abbreviations(&reg.abbreviations);
            self.rules.insert(
                rules_dir.clone(),
                Rules {
                    reg,
                    catalog: Catalog::new(reg),
                },
            );
        }
        let rules = &self.rules[&rules_dir];
        if let Some(l) = &loaded {
            l.validate(&rules.catalog).map_err(|e| e.to_string())?;
        }
        let settings = Settings::new(loaded, CliSettings::default());
        let judge = Judge::new(settings, &rules.catalog, Options::default(), rules.reg);
        Ok(judge.judge_bytes(path, text.as_bytes().to_vec()))
    }

    fn diagnostics(&self, uri: &lsp::Uri, text: &str, report: &FileReport) -> Vec<lsp::Diagnostic> {
        let mut out = Vec::new();
        if let (Some(e), true) = (&report.error, report.findings.is_empty()) {
            out.push(lsp::Diagnostic {
                range: lsp::Range::default(),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("avglint".into()),
                message: e.clone(),
                ..Default::default()
            });
        }
        for f in &report.findings {
            let span = f.focus.as_ref().unwrap_or(&f.span);
            let range = lsp::Range::new(position(text, span.start), position(text, span.end));
            let article = if f.article.is_empty() {
                String::new()
            } else {
                format!(" (GDPR Art. {})", f.article)
            };
            let related: Vec<lsp::DiagnosticRelatedInformation> = f
                .related
                .iter()
                .map(|r| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(
                        uri.clone(),
                        lsp::Range::new(position(text, r.span.start), position(text, r.span.end)),
                    ),
                    message: r.message.clone(),
                })
                .collect();
            out.push(lsp::Diagnostic {
                range,
                severity: Some(match f.severity {
                    Severity::Error => lsp::DiagnosticSeverity::ERROR,
                    Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                    Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
                }),
                code: Some(lsp::NumberOrString::String(f.rule.clone())),
                code_description: lsp::Uri::from_str(&crate::explain::help_uri(&f.rule))
                    .ok()
                    .map(|href| lsp::CodeDescription { href }),
                source: Some("avglint".into()),
                message: format!("{}{article}", f.message),
                related_information: (!related.is_empty()).then_some(related),
                ..Default::default()
            });
        }
        out
    }

    /// The findings under `at`, explained.
    fn hover(&mut self, key: &str, at: lsp::Position) -> Option<lsp::Hover> {
        self.fresh(key);
        let doc = self.docs.get(key)?;
        let judged = doc.judged.as_ref()?;
        let offset = offset(&judged.text, at);
        let lang = judged.report.language.unwrap_or(Language::En);
        let catalog = self.catalog_of(&doc.uri);
        let mut parts = Vec::new();
        let mut first: Option<lsp::Range> = None;
        for f in &judged.report.findings {
            let span = f.focus.as_ref().unwrap_or(&f.span);
            if !(span.start <= offset && offset <= span.end.max(span.start + 1)) {
                continue;
            }
            first.get_or_insert(lsp::Range::new(
                position(&judged.text, span.start),
                position(&judged.text, span.end),
            ));
            let name = catalog
                .and_then(|c| c.rules.iter().find(|r| r.id == f.rule))
                .map(|r| r.name.get(lang).to_owned())
                .unwrap_or_default();
            let article = if f.article.is_empty() {
                String::new()
            } else {
                format!(" · {} {}", law(lang), f.article)
            };
            parts.push(format!(
                "**{name}** `{}` ({}){article}\n\n{}\n\n{}: {}\n\n`avglint explain {}`",
                f.rule,
                f.severity.as_str(),
                f.message,
                if lang == Language::Nl { "Hulp" } else { "Help" },
                f.help,
                f.rule
            ));
        }
        if parts.is_empty() {
            return None;
        }
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: first,
        })
    }

    fn catalog_of(&self, uri: &lsp::Uri) -> Option<&Catalog> {
        let path = uri_path(uri);
        let dir = path.parent()?;
        let rules_dir = config::load(None, dir)
            .ok()
            .flatten()
            .and_then(|l| l.rules_dir());
        self.rules.get(&rules_dir).map(|r| &r.catalog)
    }

    /// One quick fix per finding in `range` whose help gives an example sentence.
    fn code_actions(&mut self, key: &str, range: lsp::Range) -> Vec<lsp::CodeActionOrCommand> {
        self.fresh(key);
        let Some(doc) = self.docs.get(key) else {
            return Vec::new();
        };
        let Some(judged) = doc.judged.as_ref() else {
            return Vec::new();
        };
        let text = &judged.text;
        let (from, to) = (offset(text, range.start), offset(text, range.end));
        let lang = judged.report.language.unwrap_or(Language::En);
        let catalog = self.catalog_of(&doc.uri);
        let markdown = matches!(
            judged.report.format.unwrap_or(""),
            "markdown" | "template" | "smarty" | "vue" | "jsx"
        ) || uri_path(&doc.uri)
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        let html = judged.report.format == Some("html");
        let mut out = Vec::new();
        for f in &judged.report.findings {
            let span = f.focus.as_ref().unwrap_or(&f.span);
            if span.end < from || span.start > to.max(from) {
                continue;
            }
            let Some(example) = crate::render::example(&f.help) else {
                continue;
            };
            let missing = f.check.is_none()
                && f.element
                    .as_deref()
                    .and_then(|e| judged.report.element(e))
                    .is_some_and(|e| e.status == crate::assessment::Status::Absent);
            let (at, insert) = if missing {
                let name = catalog
                    .and_then(|c| c.rules.iter().find(|r| r.id == f.rule))
                    .map(|r| r.name.get(lang).to_owned())
                    .unwrap_or_else(|| f.rule.clone());
                new_section(text, &name, example, markdown, html)
            } else {
                end_of_section(text, span.end, example, markdown)
            };
            let pos = position(text, at);
            let edit = lsp::TextEdit::new(lsp::Range::new(pos, pos), insert);
            let title = if lang == Language::Nl {
                format!("Voorbeeldzin invoegen ({})", f.rule)
            } else {
                format!("Insert the example sentence ({})", f.rule)
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
        out
    }
}

fn law(lang: Language) -> &'static str {
    match lang {
        Language::Nl => "AVG art.",
        Language::En => "GDPR Art.",
    }
}

/// For a missing element: a new section at the end of the notice (before
/// `</body>` in HTML), headed by the element's name, holding the example.
fn new_section(
    text: &str,
    name: &str,
    example: &str,
    markdown: bool,
    html: bool,
) -> (usize, String) {
    if html {
        if let Some(i) = text.rfind("</body>") {
            return (i, format!("<h2>{name}</h2>\n<p>{example}</p>\n"));
        }
    }
    let lead = if text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let heading = if markdown {
        format!("## {name}")
    } else {
        name.to_owned()
    };
    (text.len(), format!("{lead}{heading}\n\n{example}\n"))
}

/// For a finding in a section: the example as a new paragraph at the end of
/// the section holding `offset` (Markdown: before the next heading of the
/// same or a higher level; other text: after the paragraph).
fn end_of_section(text: &str, offset: usize, example: &str, markdown: bool) -> (usize, String) {
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let level = |line: &str| -> Option<usize> {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        (1..=6)
            .contains(&hashes)
            .then(|| line[hashes..].starts_with(' ').then_some(hashes))
            .flatten()
    };
    let mut end = text.len();
    if markdown {
        // The level of the heading above the offset (none: the whole text).
        let before = &text[..offset];
        let own = before.lines().rev().find_map(level).unwrap_or(usize::MAX);
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let mut at = line_end;
        for line in text[line_end..].split_inclusive('\n') {
            if level(line).is_some_and(|l| l <= own) {
                end = at;
                break;
            }
            at += line.len();
        }
    } else if let Some(i) = text[offset..].find("\n\n") {
        end = offset + i + 1;
    }
    // After the section's last text, before its blank lines.
    let body = text[..end].trim_end();
    (body.len(), format!("\n\n{example}"))
}

/// The file a `file:` URI names (percent-decoded); other URIs give a
/// name from their last segment, judged without a config folder.
fn uri_path(uri: &lsp::Uri) -> PathBuf {
    let s = uri.as_str();
    let Some(rest) = s.strip_prefix("file://") else {
        return PathBuf::from(s.rsplit(['/', ':']).next().unwrap_or("untitled.md"));
    };
    // file://host/path: only the local host is read.
    let path = rest.find('/').map_or(rest, |i| &rest[i..]);
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// The LSP position (line, UTF-16 column) of a byte offset of `text`.
fn position(text: &str, offset: usize) -> lsp::Position {
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..start].matches('\n').count();
    let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
    lsp::Position::new(line as u32, col as u32)
}

/// The byte offset of an LSP position in `text` (clamped to the line).
fn offset(text: &str, p: lsp::Position) -> usize {
    let mut start = 0;
    for _ in 0..p.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0u32;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= p.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_utf16_and_round_trip() {
        let text = "é𝄞x\nab";
        let p = position(text, text.find('x').unwrap());
        assert_eq!((p.line, p.character), (0, 3));
        assert_eq!(offset(text, p), text.find('x').unwrap());
        assert_eq!(offset(text, lsp::Position::new(1, 1)), text.len() - 1);
        assert_eq!(offset(text, lsp::Position::new(9, 0)), text.len());
    }

    #[test]
    fn file_uris_are_decoded() {
        let uri = lsp::Uri::from_str("file:///tmp/a%20b/notice.md").unwrap();
        assert_eq!(uri_path(&uri), PathBuf::from("/tmp/a b/notice.md"));
    }

    #[test]
    fn the_example_goes_to_the_end_of_its_section() {
        let text = "# T\n\n## A\n\nOne.\n\nTwo.\n\n## B\n\nThree.\n";
        let (at, insert) = end_of_section(text, text.find("One").unwrap(), "New.", true);
        let mut edited = text.to_string();
        edited.insert_str(at, &insert);
        assert_eq!(
            edited,
            "# T\n\n## A\n\nOne.\n\nTwo.\n\nNew.\n\n## B\n\nThree.\n"
        );
        let (at, insert) = new_section(text, "Retention", "We keep it.", true, false);
        assert_eq!(at, text.len());
        assert_eq!(insert, "\n## Retention\n\nWe keep it.\n");
    }
}
