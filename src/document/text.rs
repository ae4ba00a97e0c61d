//! Plain text -> [`Document`]. Exported notices mark headings by layout only:
//! a short line without final punctuation standing alone between blank
//! lines, or a numbered line such as "3. Bewaartermijn".

use super::{BlockKind, DocBuilder, Document, Piece, Span};
use regex::Regex;
use std::sync::LazyLock;

static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:artikel|article|hoofdstuk|section)\s+)?(\d{1,2})((?:\.\d{1,2})*)\.?\s+\p{Lu}",
    )
    .unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*•·▪◦‣–—o]|\d{1,2}[.)]|[a-z][.)]|\(\w{1,3}\))\s+").unwrap()
});

/// Parses a plain-text notice.
pub fn parse(text: &str) -> Document {
    let mut b = DocBuilder::new();
    let lines = lines(text);
    let mut i = 0;
    let mut first_heading = true;
    while i < lines.len() {
        if is_blank(text, &lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !is_blank(text, &lines[i]) {
            i += 1;
        }
        let para = &lines[start..i];
        let mut rest = para;
        let head = text[para[0].clone()].trim();
        let numbered = NUMBERED_HEADING.is_match(head) && heading_like(head);
        if (para.len() == 1 && heading_like(head) && !starts_with_bullet(head))
            || (para.len() > 1 && numbered)
        {
            let level = heading_level(head, first_heading);
            first_heading = false;
            b.heading(level, &[piece(text, &para[0])]);
            rest = &para[1..];
        }
        paragraph(&mut b, text, rest);
    }
    b.finish()
}

fn heading_level(line: &str, first: bool) -> u8 {
    match NUMBERED_HEADING.captures(line) {
        Some(c) => 2 + c.get(2).map_or(0, |m| m.as_str().matches('.').count()) as u8,
        None if first => 1,
        None => 2,
    }
}

/// Lines of a paragraph: bulleted lines start list items, other lines continue the block.
fn paragraph(b: &mut DocBuilder, text: &str, lines: &[Span]) {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut kind = BlockKind::Paragraph;
    for line in lines {
        let s = &text[line.clone()];
        if let Some(m) = BULLET.find(s) {
            if !pieces.is_empty() {
                b.block(kind, &pieces);
                pieces.clear();
            }
            kind = BlockKind::ListItem;
            pieces.push(piece(text, &(line.start + m.end()..line.end)));
            continue;
        }
        if let Some(prev) = pieces.last() {
            pieces.push(Piece::new(" ", prev.span.end..line.start));
        }
        pieces.push(piece(text, line));
    }
    if !pieces.is_empty() {
        b.block(kind, &pieces);
    }
}

fn piece(text: &str, span: &Span) -> Piece {
    Piece::new(&text[span.clone()], span.clone())
}

fn starts_with_bullet(s: &str) -> bool {
    BULLET.is_match(s) && !NUMBERED_HEADING.is_match(s)
}

fn heading_like(line: &str) -> bool {
    let chars = line.chars().count();
    let words = line.split_whitespace().count();
    let first = line.chars().next().unwrap_or(' ');
    (1..=90).contains(&chars)
        && words <= 12
        && (first.is_uppercase() || first.is_ascii_digit())
        && !line.ends_with(['.', ',', ';', ':', '!'])
        && !line.contains('@')
        && !line.contains("://")
}

fn is_blank(text: &str, line: &Span) -> bool {
    text[line.clone()].trim().is_empty()
}

/// Line contents (terminators excluded); LF, CRLF and CR-only endings.
fn lines(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(start..i);
                start = i + 1;
            }
            b'\r' => {
                out.push(start..i);
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < b.len() {
        out.push(start..b.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_headings_and_numbered_headings() {
        let src = "Privacyverklaring\r\n\r\n3. Bewaartermijn\r\nWij bewaren uw gegevens\r\n7 jaar.\r\n\r\nUw rechten\r\n\r\nU heeft recht op:\r\n- inzage\r\n- correctie\r\n";
        let doc = parse(src);
        let heads: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            heads,
            ["Privacyverklaring", "3. Bewaartermijn", "Uw rechten"]
        );
        let s = doc
            .sentences
            .iter()
            .find(|s| s.text.starts_with("Wij"))
            .unwrap();
        assert_eq!(s.text, "Wij bewaren uw gegevens 7 jaar.");
        assert_eq!(&src[s.span.clone()], "Wij bewaren uw gegevens\r\n7 jaar.");
        assert_eq!(
            doc.blocks
                .iter()
                .filter(|b| b.kind == BlockKind::ListItem)
                .count(),
            2
        );
    }

    #[test]
    fn cr_only_line_ends() {
        let doc = parse("Titel\r\rEen zin hier.\rNog een.");
        assert_eq!(doc.sections[0].heading, "Titel");
        assert_eq!(doc.sentences.len(), 3);
    }
}
