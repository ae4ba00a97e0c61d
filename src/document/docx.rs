//! Word (.docx) -> [`Document`]: unzip `word/document.xml` and read the
//! `w:t` text of every `w:p`. Paragraphs styled as headings (Heading1..9,
//! the Dutch Kop1..9, Title) make sections; numbered paragraphs are list
//! items, paragraphs in `w:tc` table cells.
//!
//! A docx is compressed, so spans cannot be file bytes: the extracted text
//! has one paragraph per line, `start`/`end` are offsets into it, and a
//! location's `line` (and `paragraph`) is the paragraph number. The report's
//! `format` says `docx`.

use super::{BlockKind, DocBuilder, Document, Piece};
use crate::source::{SourceText, Units};
use quick_xml::events::Event;
use std::io::Read;

/// Most zip entries in a docx (a real one has a few dozen).
const MAX_ENTRIES: usize = 10_000;
/// Largest `word/document.xml` expanded, in bytes.
const MAX_XML: u64 = 64 * 1024 * 1024;
/// Largest expansion ratio of the document XML (zip bombs reach 1000:1 and more).
const MAX_RATIO: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Heading(u8),
    Item,
    Cell,
    Paragraph,
}

/// Reads a .docx file into extracted text and its document.
pub fn read(bytes: &[u8]) -> Result<(SourceText, Document), String> {
    let xml = document_xml(bytes)?;
    let paragraphs = paragraphs(&xml)?;
    let mut text = String::new();
    let mut starts = Vec::with_capacity(paragraphs.len());
    let mut b = DocBuilder::new();
    for (kind, para) in &paragraphs {
        starts.push(text.len());
        let span = text.len()..text.len() + para.len();
        text.push_str(para);
        text.push('\n');
        let pieces = [Piece::new(para.clone(), span)];
        match kind {
            Kind::Heading(level) => b.heading(*level, &pieces),
            Kind::Item => b.block(BlockKind::ListItem, &pieces),
            Kind::Cell => b.block(BlockKind::TableCell, &pieces),
            Kind::Paragraph => b.block(BlockKind::Paragraph, &pieces),
        }
    }
    let doc = b.finish();
    if doc.sentences.is_empty() {
        return Err("the Word document has no text".into());
    }
    let units = Units {
        name: "paragraph",
        starts,
    };
    Ok((SourceText::extracted(text, Some(units)), doc))
}

fn document_xml(bytes: &[u8]) -> Result<String, String> {
    // `ZipArchive::new` builds a record for every central directory entry,
    // so a file claiming hundreds of thousands is refused before that.
    if let Some(n) = declared_entries(bytes).filter(|&n| n > MAX_ENTRIES as u64) {
        return Err(format!(
            "the .docx declares {n} zip entries, over the limit of {MAX_ENTRIES}"
        ));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .docx (zip): {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the .docx has {} zip entries, over the limit of {MAX_ENTRIES}",
            zip.len()
        ));
    }
    let mut entry = zip
        .by_name("word/document.xml")
        .map_err(|_| "not a Word document: the zip has no word/document.xml".to_string())?;
    let declared = entry.size();
    let limit = MAX_XML.min(
        entry
            .compressed_size()
            .saturating_mul(MAX_RATIO)
            .max(1 << 20),
    );
    if declared > limit {
        return Err(format!(
            "word/document.xml expands to {declared} bytes, over the limit of {limit} (zip bomb?)"
        ));
    }
    // The declared size can lie: read at most one byte past the limit.
    let mut raw = Vec::new();
    (&mut entry)
        .take(limit + 1)
        .read_to_end(&mut raw)
        .map_err(|e| format!("cannot unpack word/document.xml: {e}"))?;
    if raw.len() as u64 > limit {
        return Err(format!(
            "word/document.xml expands past the limit of {limit} bytes (zip bomb?)"
        ));
    }
    String::from_utf8(raw).map_err(|_| "word/document.xml is not UTF-8".to_string())
}

/// The entry count in the zip's end-of-central-directory record (the zip64
/// record when the classic field is saturated), if the record is found.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const LOCATOR: &[u8] = b"PK\x06\x07";
    const EOCD64: &[u8] = b"PK\x06\x06";
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let at = tail_start + bytes[tail_start..].windows(4).rposition(|w| w == EOCD)?;
    // Offsets come from the file: a zip64 record offset near `u64::MAX` must
    // not overflow (found by fuzzing).
    let field = |from: usize, len: usize| bytes.get(from..from.checked_add(len)?);
    let classic = u16::from_le_bytes(field(at + 10, 2)?.try_into().ok()?);
    if classic != u16::MAX {
        return Some(u64::from(classic));
    }
    let locator = at.checked_sub(20)?;
    if field(locator, 4)? != LOCATOR {
        return None;
    }
    let offset = u64::from_le_bytes(field(locator + 8, 8)?.try_into().ok()?);
    let record = usize::try_from(offset).ok()?;
    if field(record, 4)? != EOCD64 {
        return None;
    }
    Some(u64::from_le_bytes(field(record + 32, 8)?.try_into().ok()?))
}

/// The text of every paragraph with its kind.
fn paragraphs(xml: &str) -> Result<Vec<(Kind, String)>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(Kind, String)> = None;
    let mut in_text = false;
    let mut cell_depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("broken word/document.xml: {e}"))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "p" => {
                let kind = if cell_depth > 0 {
                    Kind::Cell
                } else {
                    Kind::Paragraph
                };
                if let Some(p) = current.take() {
                    out.push(p);
                }
                current = Some((kind, String::new()));
            }
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "t" => in_text = true,
                    "tc" => cell_depth += 1,
                    "tab" | "br" | "cr" => {
                        if let Some((_, t)) = &mut current {
                            t.push(' ');
                        }
                    }
                    "pStyle" => {
                        let level = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "val")
                            .and_then(|a| heading_level(&a.value));
                        if let (Some(level), Some((kind, _))) = (level, &mut current) {
                            *kind = Kind::Heading(level);
                        }
                    }
                    "numPr" => {
                        if let Some((kind @ Kind::Paragraph, _)) = &mut current {
                            *kind = Kind::Item;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "tc" => cell_depth = cell_depth.saturating_sub(1),
                "p" => {
                    if let Some(p) = current.take() {
                        out.push(p);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some((_, s)) = &mut current {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text => {
                if let Some((_, s)) = &mut current {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some((_, s)) = &mut current {
                    s.push_str(&resolve(&r.xml10_content()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(p) = current.take() {
        out.push(p);
    }
    // One paragraph is one line of the extracted text.
    for (_, t) in &mut out {
        if t.contains(['\n', '\r']) {
            *t = t.replace(['\n', '\r'], " ");
        }
    }
    Ok(out)
}

/// Heading level of a paragraph style id: Heading1, Kop2, Title ...
fn heading_level(style: &str) -> Option<u8> {
    let lower = style.to_ascii_lowercase();
    if lower == "title" || lower == "titel" {
        return Some(1);
    }
    let digits = ["heading", "kop", "berschrift", "titre"]
        .iter()
        .find_map(|p| lower.find(p).map(|i| &lower[i + p.len()..]))?;
    let n: u8 = digits.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

fn resolve(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        _ => {
            let n = name.strip_prefix("#x").map_or_else(
                || name.strip_prefix('#').and_then(|d| d.parse().ok()),
                |h| u32::from_str_radix(h, 16).ok(),
            );
            n.and_then(char::from_u32)
                .map(String::from)
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx holding `body` (the inside of `w:body`).
    pub fn docx(body: &str) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            z.start_file("[Content_Types].xml", opts).unwrap();
            z.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
            z.start_file("word/document.xml", opts).unwrap();
            write!(
                z,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
            )
            .unwrap();
            z.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn headings_lists_tables_and_offsets() {
        let body = "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Privacy</w:t></w:r></w:p>\
            <w:p><w:r><w:t xml:space=\"preserve\">Wij bewaren </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>uw gegevens &amp; meer</w:t></w:r><w:r><w:t>. Daarna niet.</w:t></w:r></w:p>\
            <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>inzage</w:t></w:r></w:p>\
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Naam</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let (src, doc) = read(&docx(body)).unwrap();
        assert_eq!(
            src.text(),
            "Privacy\nWij bewaren uw gegevens & meer. Daarna niet.\ninzage\nNaam\n"
        );
        assert_eq!(doc.sections[0].heading, "Privacy");
        assert_eq!(&src.text()[doc.sentences[2].span.clone()], "Daarna niet.");
        let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::TableCell
            ]
        );
        assert_eq!(
            src.unit(doc.sentences[2].span.start),
            Some(("paragraph", 2))
        );
    }

    #[test]
    fn hostile_zips_are_errors() {
        assert!(read(b"PK\x03\x04 truncated").is_err());
        let full = docx("<w:p><w:r><w:t>Tekst.</w:t></w:r></w:p>");
        assert!(read(&full[..full.len() / 2]).is_err());
        // 20 MB of spaces compresses to ~20 KB: refused by the expansion ratio.
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            z.start_file("word/document.xml", opts).unwrap();
            let zeros = vec![b' '; 1 << 20];
            for _ in 0..20 {
                z.write_all(&zeros).unwrap();
            }
            z.finish().unwrap();
        }
        let err = read(&buf.into_inner()).unwrap_err();
        assert!(err.contains("zip bomb"), "{err}");
        assert!(read(&docx("")).is_err());
    }

    #[test]
    fn entry_count_is_checked_before_the_central_directory_is_read() {
        let good = docx("<w:p><w:r><w:t>Tekst.</w:t></w:r></w:p>");
        assert_eq!(declared_entries(&good), Some(2));
        // A record claiming 60,000 entries is refused by its count alone.
        let mut claims = good.clone();
        let at = claims.len() - 22;
        assert_eq!(&claims[at..at + 4], b"PK\x05\x06");
        claims[at + 8..at + 12].copy_from_slice(&[0x60, 0xEA, 0x60, 0xEA]);
        let err = read(&claims).unwrap_err();
        assert!(err.contains("declares 60000 zip entries"), "{err}");
        // And a real archive with too many entries.
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for i in 0..=MAX_ENTRIES {
                z.start_file(format!("{i}"), opts).unwrap();
            }
            z.finish().unwrap();
        }
        let err = read(&buf.into_inner()).unwrap_err();
        assert!(err.contains("zip entries, over the limit"), "{err}");
        assert_eq!(declared_entries(b"no zip at all"), None);
    }

    #[test]
    fn heading_styles() {
        assert_eq!(heading_level("Heading2"), Some(2));
        assert_eq!(heading_level("Kop1"), Some(1));
        assert_eq!(heading_level("Title"), Some(1));
        assert_eq!(heading_level("ListParagraph"), None);
    }
}
