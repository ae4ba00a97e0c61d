//! The document model every format is parsed into: sections from headings,
//! blocks (paragraphs, list items, table cells) and sentences, each with a
//! span into the decoded text (see [`crate::source::SourceText`] for the map
//! back to file bytes).

pub mod docx;
pub mod html;
mod jsx;
pub mod markdown;
pub mod pdf;
pub mod script;
mod segment;
pub mod sniff;
mod template;
pub mod text;
pub mod tilt;

use std::ops::Range;

pub use segment::{split_sentences, use_abbreviations};

/// A half-open byte range `start..end` into the decoded text.
pub type Span = Range<usize>;

/// The input formats avglint reads (also the values of `--input-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
    Html,
    /// An HTML template of a web framework (Jinja, Django, Twig, Nunjucks,
    /// Blade, ERB, PHP, Handlebars): read as HTML with the template syntax skipped.
    Template,
    /// A Smarty template: as `template`, and `{...}` tags skipped too.
    Smarty,
    /// A Vue single-file component: its top-level `<template>` read as HTML.
    Vue,
    /// JavaScript or TypeScript with JSX (`.jsx .tsx`): the elements' text
    /// read as HTML, and the string and template literals that carry prose
    /// or markup (see [`script`]).
    Jsx,
    /// A JavaScript module (`.js .mjs .cjs`): read as `jsx`.
    Js,
    /// A TypeScript module (`.ts .mts .cts`): as `js`, without JSX (`<T>x`
    /// is a type assertion there).
    Ts,
    /// A FreeMarker template (`.ftl`): read as HTML with its directives,
    /// macros, interpolations and comments skipped.
    Freemarker,
    /// JSON, YAML and TOML are read as TILT documents when they have its keys.
    Json,
    Yaml,
    Toml,
    Docx,
    Pdf,
}

impl Format {
    /// The format a path's extension names, if it is one avglint reads.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            // `.blade.php` ends in `.php`, `.html.erb` in `.erb`.
            "php" | "erb" | "twig" | "njk" | "hbs" | "dtl" => Some(Format::Template),
            "tpl" => Some(Format::Smarty),
            "vue" => Some(Format::Vue),
            "jsx" | "tsx" => Some(Format::Jsx),
            "js" | "mjs" | "cjs" => Some(Format::Js),
            "ts" | "mts" | "cts" => Some(Format::Ts),
            "ftl" => Some(Format::Freemarker),
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// How a markup format is read as HTML; `None` for the others.
    pub fn markup(self) -> Option<html::Flavor> {
        Some(match self {
            Format::Html | Format::Template => html::Flavor::Html,
            Format::Smarty => html::Flavor::Smarty,
            Format::Vue => html::Flavor::Vue,
            Format::Jsx => html::Flavor::Jsx,
            Format::Freemarker => html::Flavor::Freemarker,
            _ => return None,
        })
    }

    /// Source code of an application (a component, a template): a file
    /// without visible text is one of its many non-notices, not an error.
    pub fn is_source_code(self) -> bool {
        matches!(
            self,
            Format::Template
                | Format::Smarty
                | Format::Vue
                | Format::Jsx
                | Format::Js
                | Format::Ts
                | Format::Freemarker
        )
    }

    /// A module of an application's code (`.js`, `.ts`) that rarely holds a
    /// notice: a directory walk takes it only when its bytes mention privacy
    /// ([`script::mentions_privacy`]), so a repository's code does not flood
    /// the output with `not_a_notice` lines.
    pub fn walked_when_it_mentions_privacy(self) -> bool {
        matches!(self, Format::Js | Format::Ts)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Html => "html",
            Format::Template => "template",
            Format::Smarty => "smarty",
            Format::Vue => "vue",
            Format::Jsx => "jsx",
            Format::Js => "js",
            Format::Ts => "ts",
            Format::Freemarker => "freemarker",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Toml => "toml",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// What a block is, structurally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    ListItem,
    TableCell,
    Heading,
}

/// A heading and everything below it up to the next heading of the same or a higher level.
#[derive(Debug, Clone)]
pub struct Section {
    /// Heading text with markup removed and whitespace collapsed.
    pub heading: String,
    pub span: Span,
    pub level: u8,
    /// The enclosing section, if any.
    pub parent: Option<usize>,
}

/// A paragraph, list item, table cell or heading.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    pub section: Option<usize>,
    pub sentences: Range<usize>,
    /// For a table cell: where it sits, so a column's header or a row's
    /// label can say what the cell is about.
    pub cell: Option<CellPos>,
}

/// A table cell's place: the table (in document order), its row and column
/// (from 0), and whether it is a header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPos {
    pub table: usize,
    pub row: usize,
    pub col: usize,
    pub header: bool,
}

/// One sentence: the unit rules match.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Visible text, whitespace collapsed: what patterns are matched against.
    pub text: String,
    pub span: Span,
    pub block: usize,
    pub section: Option<usize>,
}

/// A parsed document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// A title the file declares outside its visible text: front matter
    /// `title:`, HTML `<title>`. Only notice recognition reads it.
    pub meta_title: Option<String>,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// The span findings about missing elements point at: the first heading, else the first sentence.
    pub fn title_span(&self) -> Span {
        self.sections
            .first()
            .filter(|s| s.span.start < self.sentences.first().map_or(usize::MAX, |x| x.span.end))
            .map(|s| s.span.clone())
            .or_else(|| self.sentences.first().map(|s| s.span.clone()))
            .unwrap_or(0..0)
    }

    /// The title text (first heading or first sentence).
    pub fn title(&self) -> &str {
        let span = self.title_span();
        self.sentences
            .iter()
            .find(|s| s.span == span)
            .map(|s| s.text.as_str())
            .or_else(|| {
                self.sections
                    .iter()
                    .find(|s| s.span == span)
                    .map(|s| s.heading.as_str())
            })
            .unwrap_or("")
    }

    /// The section and all its ancestors, innermost first.
    pub fn section_chain(&self, section: Option<usize>) -> impl Iterator<Item = &Section> {
        std::iter::successors(section, |&i| self.sections[i].parent).map(|i| &self.sections[i])
    }

    /// All visible text, sentence by sentence (for language detection).
    pub fn sample_text(&self, max_bytes: usize) -> String {
        let mut out = String::new();
        for s in &self.sentences {
            if out.len() >= max_bytes {
                break;
            }
            out.push_str(&s.text);
            out.push(' ');
        }
        out
    }
}

/// A run of visible text and the source range it came from. When `text` is not
/// a verbatim copy of the source (an entity, a soft break), offsets inside it
/// map to the range's ends.
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub span: Span,
}

impl Piece {
    pub fn new(text: impl Into<String>, span: Span) -> Piece {
        Piece {
            text: text.into(),
            span,
        }
    }
}

/// Builds a [`Document`] from the headings and blocks a format parser emits.
#[derive(Debug, Default)]
pub struct DocBuilder {
    doc: Document,
    current: Option<usize>,
    /// Tables started so far, and the position of the cell being read.
    tables: usize,
    row: Option<usize>,
    next_col: usize,
    cell: Option<CellPos>,
    /// Where the text being read sits in the file, when a reader parses a
    /// piece of it (a literal of a script) rather than the file itself.
    map: Option<OffsetMap>,
}

impl DocBuilder {
    pub fn new() -> DocBuilder {
        DocBuilder::default()
    }

    /// From now on, the pieces given are in a text that `map` places in the
    /// file (`None`: the file itself).
    pub fn set_map(&mut self, map: Option<OffsetMap>) {
        self.map = map;
    }

    /// The pieces with file spans.
    fn placed<'p>(&self, pieces: &'p [Piece]) -> std::borrow::Cow<'p, [Piece]> {
        match &self.map {
            None => std::borrow::Cow::Borrowed(pieces),
            Some(m) => std::borrow::Cow::Owned(m.place(pieces)),
        }
    }

    /// Starts a section; `level` 1 is the outermost.
    pub fn heading(&mut self, level: u8, pieces: &[Piece]) {
        let placed = self.placed(pieces);
        self.heading_placed(level, &placed);
    }

    fn heading_placed(&mut self, level: u8, pieces: &[Piece]) {
        let (text, _) = join(pieces);
        let heading = collapse(&text);
        if heading.is_empty() {
            return;
        }
        let span = covered(pieces);
        let mut parent = self.current;
        while let Some(p) = parent {
            if self.doc.sections[p].level < level {
                break;
            }
            parent = self.doc.sections[p].parent;
        }
        self.doc.sections.push(Section {
            heading,
            span,
            level,
            parent,
        });
        self.current = Some(self.doc.sections.len() - 1);
        self.block_placed(BlockKind::Heading, pieces);
    }

    /// Adds a block of visible text, split into sentences.
    pub fn block(&mut self, kind: BlockKind, pieces: &[Piece]) {
        let placed = self.placed(pieces);
        self.block_placed(kind, &placed);
    }

    fn block_placed(&mut self, kind: BlockKind, pieces: &[Piece]) {
        let (text, starts) = join(pieces);
        if text.trim().is_empty() {
            return;
        }
        let block = self.doc.blocks.len();
        let first = self.doc.sentences.len();
        for range in split_sentences(&text) {
            let sentence = collapse(&text[range.clone()]);
            if sentence.is_empty() {
                continue;
            }
            let span = map_range(pieces, &starts, &text, range);
            if span.start >= span.end {
                continue;
            }
            self.doc.sentences.push(Sentence {
                text: sentence,
                span,
                block,
                section: self.current,
            });
        }
        let last = self.doc.sentences.len();
        if last > first {
            let span = self.doc.sentences[first].span.start..self.doc.sentences[last - 1].span.end;
            self.doc.blocks.push(Block {
                kind,
                span,
                section: self.current,
                sentences: first..last,
                cell: self.cell.filter(|_| kind == BlockKind::TableCell),
            });
        }
    }

    /// A table starts: the rows and cells that follow are its own.
    pub fn table_start(&mut self) {
        self.tables += 1;
        self.row = None;
        self.cell = None;
    }

    /// A row of the current table starts.
    pub fn row_start(&mut self) {
        self.row = Some(self.row.map_or(0, |r| r + 1));
        self.next_col = 0;
    }

    /// A cell of the current row starts (`header`: a `th`, or a cell of the
    /// table's head); blocks of kind `TableCell` until the next cell are its text.
    pub fn cell_start(&mut self, header: bool) {
        if self.tables == 0 {
            return;
        }
        let row = *self.row.get_or_insert(0);
        self.cell = Some(CellPos {
            table: self.tables - 1,
            row,
            col: self.next_col,
            header,
        });
        self.next_col += 1;
    }

    /// Records a declared title (front matter, `<title>`); the first non-empty one wins.
    pub fn meta_title(&mut self, title: &str) {
        let title = collapse(title);
        if self.doc.meta_title.is_none() && !title.is_empty() {
            self.doc.meta_title = Some(title);
        }
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

/// Where a text a reader parses came from in the file: consecutive runs of
/// it, each copied verbatim from a file range of the same length, or put in
/// place of a file range (a decoded escape `\u00e9` -> `é`, a blanked `${x}`
/// -> a space). Bytes of the file left out (indentation taken off a literal)
/// lie between runs. Pieces are split at run boundaries, so a sentence
/// boundary inside a verbatim run still maps to its exact byte, and one in a
/// replaced run to that run's ends (as an HTML entity).
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    /// Start and length in the parsed text.
    at: usize,
    len: usize,
    /// The file range it stands for.
    file: usize,
    file_len: usize,
}

impl OffsetMap {
    /// A text that is the file's bytes from `file` on.
    pub fn shifted(file: usize, len: usize) -> OffsetMap {
        let mut m = OffsetMap::default();
        m.verbatim(file, len);
        m
    }

    /// The next `len` bytes of the text are the file's from `file` on.
    pub fn verbatim(&mut self, file: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.runs.last_mut() {
            if last.len == last.file_len && last.file + last.file_len == file {
                last.len += len;
                last.file_len += len;
                self.len += len;
                return;
            }
        }
        self.push(len, file..file + len);
    }

    /// The next `len` bytes of the text stand for the file range `file`.
    pub fn replaced(&mut self, len: usize, file: Span) {
        if len == 0 {
            return;
        }
        self.push(len, file);
    }

    fn push(&mut self, len: usize, file: Span) {
        self.runs.push(Run {
            at: self.len,
            len,
            file: file.start,
            file_len: file.len(),
        });
        self.len += len;
    }

    /// The run holding text offset `at` (the last one for the end).
    fn run(&self, at: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.at <= at).checked_sub(1)?;
        self.runs.get(i)
    }

    fn file_start(&self, at: usize) -> usize {
        match self.run(at) {
            Some(r) if r.len == r.file_len => r.file + (at - r.at).min(r.len),
            Some(r) if at >= r.at + r.len => r.file + r.file_len,
            Some(r) => r.file,
            None => 0,
        }
    }

    fn file_end(&self, at: usize) -> usize {
        match self.run(at.saturating_sub(1)) {
            Some(r) if r.len == r.file_len => r.file + (at - r.at).min(r.len),
            Some(r) => r.file + r.file_len,
            None => 0,
        }
    }

    /// The pieces with spans in the file, split where runs meet.
    pub fn place(&self, pieces: &[Piece]) -> Vec<Piece> {
        let mut out = Vec::with_capacity(pieces.len());
        for p in pieces {
            let Range { start, end } = p.span;
            let verbatim = p.text.len() == end.saturating_sub(start);
            if !verbatim || start >= end {
                let (s, e) = (self.file_start(start), self.file_end(end));
                out.push(Piece::new(p.text.clone(), s..e.max(s)));
                continue;
            }
            let mut at = start;
            let mut i = self
                .runs
                .partition_point(|r| r.at <= start)
                .saturating_sub(1);
            while at < end {
                let Some(r) = self.runs.get(i) else {
                    // Past the map: kept where the map ends (never in a valid map).
                    let s = self.file_end(self.len);
                    out.push(Piece::new(&p.text[at - start..], s..s));
                    break;
                };
                let stop = end.min(r.at + r.len);
                if stop <= at {
                    i += 1;
                    continue;
                }
                let text = p.text.get(at - start..stop - start).unwrap_or("");
                let span = if r.len == r.file_len {
                    r.file + (at - r.at)..r.file + (stop - r.at)
                } else {
                    r.file..r.file + r.file_len
                };
                out.push(Piece::new(text, span));
                at = stop;
                i += 1;
            }
        }
        out
    }
}

fn join(pieces: &[Piece]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pieces.len());
    for p in pieces {
        starts.push(text.len());
        text.push_str(&p.text);
    }
    (text, starts)
}

fn covered(pieces: &[Piece]) -> Span {
    let start = pieces.iter().map(|p| p.span.start).min().unwrap_or(0);
    let end = pieces.iter().map(|p| p.span.end).max().unwrap_or(start);
    start..end
}

/// Maps a range of the joined text back to the source, trimming whitespace.
fn map_range(pieces: &[Piece], starts: &[usize], joined: &str, range: Range<usize>) -> Span {
    let locate = |off: usize, is_end: bool| -> usize {
        // The piece holding `off` (for an end offset, the piece holding off - 1).
        let probe = if is_end { off.saturating_sub(1) } else { off };
        let i = starts.partition_point(|&s| s <= probe).saturating_sub(1);
        let p = &pieces[i];
        let within = off - starts[i];
        if p.text.len() == p.span.len() {
            p.span.start + within
        } else if is_end {
            p.span.end
        } else {
            p.span.start
        }
    };
    // Trim whitespace-only pieces at the ends so a span never starts on a soft break.
    let mut s = range.start;
    let mut e = range.end;
    while s < e && joined[s..].starts_with(char::is_whitespace) {
        s += joined[s..].chars().next().map_or(1, char::len_utf8);
    }
    while e > s && joined[..e].ends_with(char::is_whitespace) {
        e -= joined[..e].chars().next_back().map_or(1, char::len_utf8);
    }
    if s >= e {
        return 0..0;
    }
    locate(s, false)..locate(e, true)
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    // Most sentences are already single-spaced ASCII: copy them whole.
    let b = s.as_bytes();
    let single_spaced = b.first().is_some_and(|c| *c != b' ')
        && b.last().is_some_and(|c| *c != b' ')
        && b.iter()
            .all(|c| c.is_ascii() && (*c == b' ' || !c.is_ascii_whitespace()))
        && !s.contains("  ");
    if single_spaced {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn collapse_shortcut_agrees_with_splitting_on_whitespace(s in "[ a-z.\t\n\u{a0}é]{0,40}") {
            let slow = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse(&s), slow);
        }
    }

    #[test]
    fn sentence_spans_skip_entity_pieces_correctly() {
        let src = "Wij &amp; u bewaren. Daarna niet.";
        let pieces = [
            Piece::new("Wij ", 0..4),
            Piece::new("&", 4..9),
            Piece::new(" u bewaren. Daarna niet.", 9..src.len()),
        ];
        let mut b = DocBuilder::new();
        b.block(BlockKind::Paragraph, &pieces);
        let doc = b.finish();
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(&src[doc.sentences[0].span.clone()], "Wij &amp; u bewaren.");
        assert_eq!(doc.sentences[0].text, "Wij & u bewaren.");
        assert_eq!(&src[doc.sentences[1].span.clone()], "Daarna niet.");
    }

    #[test]
    fn sections_nest_by_level() {
        let mut b = DocBuilder::new();
        b.heading(1, &[Piece::new("Privacy", 0..7)]);
        b.heading(2, &[Piece::new("Bewaren", 8..15)]);
        b.heading(2, &[Piece::new("Rechten", 16..23)]);
        let doc = b.finish();
        assert_eq!(doc.sections[1].parent, Some(0));
        assert_eq!(doc.sections[2].parent, Some(0));
    }
}
