//! Markdown -> [`Document`] via pulldown-cmark's offset iterator, so every
//! text run keeps its exact source range.

use super::{BlockKind, DocBuilder, Document, Piece};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    Heading(u8),
    Paragraph,
    Item,
    Cell,
    /// Code and HTML blocks: text here is not prose.
    Skip,
    /// Front matter: not prose, but its `title` names the document.
    Meta,
    Other,
}

/// Most containers (block quotes, list items) opened on one line.
pub const MAX_NESTING: usize = 64;
/// Most emphasis, code and link markers (`*`, `_`, `~`, `` ` ``, `[`) in a file:
/// the inline parser keeps a record per marker (a file of `*a *a ...` took
/// about 130 bytes of memory per input byte).
pub const MAX_INLINE_MARKERS: usize = 200_000;

/// The limits a Markdown text must keep before it is parsed: the parser's
/// time grows with nesting depth times lines, its memory with inline markers.
pub fn check_limits(text: &str) -> Result<(), String> {
    let markers = text
        .bytes()
        .filter(|b| matches!(b, b'*' | b'_' | b'~' | b'`' | b'['))
        .count();
    if markers > MAX_INLINE_MARKERS {
        return Err(format!(
            "the Markdown has {markers} emphasis, code and link markers, over the limit of {MAX_INLINE_MARKERS}"
        ));
    }
    for (n, line) in text.lines().enumerate() {
        let depth = nesting(line.as_bytes());
        if depth > MAX_NESTING {
            return Err(format!(
                "line {} of the Markdown opens {depth} nested block quotes or list items, over the limit of {MAX_NESTING}",
                n + 1
            ));
        }
    }
    Ok(())
}

/// How many block quote and list markers start a line (`> > - 1. x`: 4).
fn nesting(line: &[u8]) -> usize {
    let mut i = 0;
    let mut depth = 0;
    let space = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t') | None);
    loop {
        while matches!(line.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        match line.get(i) {
            Some(b'>') => i += 1,
            Some(b'-' | b'*' | b'+') if space(line.get(i + 1)) => i += 1,
            Some(b'0'..=b'9') => {
                let digits = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = i + digits;
                if digits > 9
                    || !matches!(line.get(after), Some(b'.' | b')'))
                    || !space(line.get(after + 1))
                {
                    return depth;
                }
                i = after + 1;
            }
            _ => return depth,
        }
        depth += 1;
    }
}

/// Parses Markdown (CommonMark plus tables, front matter and heading attributes).
pub fn parse(text: &str) -> Document {
    let mut b = DocBuilder::new();
    parse_into(text, &mut b);
    b.finish()
}

/// [`parse`] into a document being built (a Markdown literal of a script).
pub(super) fn parse_into(text: &str, b: &mut DocBuilder) {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES;
    let mut stack: Vec<Container> = Vec::new();
    // Open code, HTML and front-matter containers: counted, not searched for
    // on every text event (deep nesting made that quadratic).
    let mut hidden = 0usize;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut in_head = false;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if let Some(c) = block_container(&tag) {
                    flush(b, &stack, &mut pieces);
                    hidden += usize::from(matches!(c, Container::Skip | Container::Meta));
                    stack.push(c);
                }
                match tag {
                    Tag::Table(_) => b.table_start(),
                    // The head holds its cells directly, without a row.
                    Tag::TableHead => {
                        b.row_start();
                        in_head = true;
                    }
                    Tag::TableRow => {
                        b.row_start();
                        in_head = false;
                    }
                    Tag::TableCell => b.cell_start(in_head),
                    _ => {}
                }
            }
            Event::End(end) if is_block_end(end) => {
                flush(b, &stack, &mut pieces);
                if let Some(Container::Skip | Container::Meta) = stack.pop() {
                    hidden -= 1;
                }
            }
            Event::Text(t) if stack.last() == Some(&Container::Meta) => {
                if let Some(title) = front_matter_title(&t) {
                    b.meta_title(title);
                }
            }
            Event::Text(t) | Event::Code(t) if hidden == 0 => {
                pieces.push(Piece::new(t.into_string(), range));
            }
            Event::SoftBreak | Event::HardBreak => pieces.push(Piece::new(" ", range)),
            Event::InlineHtml(h) if h.trim_start().to_ascii_lowercase().starts_with("<br") => {
                pieces.push(Piece::new(" ", range))
            }
            _ => {}
        }
    }
    flush(b, &stack, &mut pieces);
}

/// The value of a `title` key in YAML (`title: x`) or TOML (`title = "x"`)
/// front matter; the rest of the block is the site generator's business.
fn front_matter_title(block: &str) -> Option<&str> {
    block.lines().find_map(|line| {
        let rest = line.strip_prefix("title")?.trim_start();
        let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then_some(value)
    })
}

fn block_container(tag: &Tag) -> Option<Container> {
    Some(match tag {
        Tag::Heading { level, .. } => Container::Heading(*level as u8),
        Tag::Paragraph => Container::Paragraph,
        Tag::Item => Container::Item,
        Tag::TableCell => Container::Cell,
        Tag::MetadataBlock(_) => Container::Meta,
        Tag::CodeBlock(_) | Tag::HtmlBlock => Container::Skip,
        Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::Superscript
        | Tag::Subscript
        | Tag::Link { .. }
        | Tag::Image { .. } => return None,
        _ => Container::Other,
    })
}

fn is_block_end(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn flush(b: &mut DocBuilder, stack: &[Container], pieces: &mut Vec<Piece>) {
    if pieces.is_empty() {
        return;
    }
    let innermost = stack.iter().rev().find(|c| !matches!(c, Container::Other));
    match innermost {
        Some(Container::Heading(level)) => b.heading(*level, pieces),
        Some(Container::Skip | Container::Meta) => {}
        Some(Container::Item) => b.block(BlockKind::ListItem, pieces),
        Some(Container::Cell) => b.block(BlockKind::TableCell, pieces),
        // A paragraph inside a list item is still that item's text.
        Some(Container::Paragraph) if stack.contains(&Container::Item) => {
            b.block(BlockKind::ListItem, pieces)
        }
        _ => b.block(BlockKind::Paragraph, pieces),
    }
    pieces.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_know_their_row_and_column() {
        let doc = parse("| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
        let cells: Vec<_> = doc
            .blocks
            .iter()
            .filter_map(|b| b.cell.map(|c| (c.row, c.col, c.header)))
            .collect();
        assert_eq!(
            cells,
            [
                (0, 0, true),
                (0, 1, true),
                (1, 0, false),
                (1, 1, false),
                (2, 0, false),
                (2, 1, false)
            ]
        );
    }

    #[test]
    fn headings_items_and_inline_markup() {
        let src = "---\ntitle: x\n---\n# Privacy\n\nWij **bewaren** uw\ngegevens 7 jaar. Zie [hier](https://x.nl).\n\n## Rechten\n\n- inzage\n- correctie &amp; verwijdering\n";
        let doc = parse(src);
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[0].heading, "Privacy");
        assert_eq!(doc.sentences[1].text, "Wij bewaren uw gegevens 7 jaar.");
        assert_eq!(
            &src[doc.sentences[1].span.clone()],
            "Wij **bewaren** uw\ngegevens 7 jaar."
        );
        let last = doc.sentences.last().unwrap();
        assert_eq!(last.text, "correctie & verwijdering");
        assert_eq!(&src[last.span.clone()], "correctie &amp; verwijdering");
        assert_eq!(doc.blocks.last().unwrap().kind, BlockKind::ListItem);
        assert!(!doc.sentences.iter().any(|s| s.text.contains("title")));
    }

    #[test]
    fn tables_make_cells() {
        let src = "| Gegeven | Doel |\n|---|---|\n| Naam | Contact |\n";
        let doc = parse(src);
        assert!(doc.blocks.iter().all(|b| b.kind == BlockKind::TableCell));
        assert_eq!(doc.sentences.len(), 4);
    }
}
