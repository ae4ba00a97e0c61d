//! PDF -> [`Document`]: lopdf extracts each page's text, the pages are
//! joined (a blank line between them) and read as plain text (see
//! [`super::text`]). Spans are offsets into that extracted text; locations
//! carry the 1-based `page`. A PDF without a text layer (a scan) is an error.

use super::Document;
use crate::source::{SourceText, Units};

/// Most pages read.
const MAX_PAGES: usize = 2_000;
/// Most objects in a PDF (a 2,000-page report has tens of thousands); checked
/// on the raw bytes before lopdf builds them and again after, for object streams.
pub const MAX_OBJECTS: usize = 250_000;
/// Largest decompressed content per page, in bytes (flate bombs).
pub const MAX_STREAM: usize = 32 * 1024 * 1024;
/// Largest decompressed content of all pages together, in bytes: pages
/// that share one content stream would otherwise multiply the per-page limit.
pub const MAX_DOCUMENT: usize = 64 * 1024 * 1024;
/// Fewer visible characters than this means no text layer.
const MIN_TEXT: usize = 40;

/// Reads a PDF into extracted text and its document.
pub fn read(bytes: &[u8]) -> Result<(SourceText, Document), String> {
    // lopdf is not panic-free on every malformed file: a panic is this file's error.
    let extracted = std::panic::catch_unwind(|| extract(bytes))
        .map_err(|_| "the PDF could not be read (malformed file)".to_string())??;
    let (text, starts, failed) = extracted;
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible < MIN_TEXT {
        return Err(match failed {
            0 => "the PDF has no text layer (a scanned document?); run OCR on it first".to_string(),
            n => format!(
                "the text of {n} of {} page(s) could not be extracted (unsupported or broken content streams), and the rest has no text",
                starts.len()
            ),
        });
    }
    let doc = super::text::parse(&text);
    let units = Units {
        name: "page",
        starts,
    };
    Ok((SourceText::extracted(text, Some(units)), doc))
}

/// The text of every page, where each page starts, and how many pages'
/// text could not be extracted.
fn extract(bytes: &[u8]) -> Result<(String, Vec<usize>, usize), String> {
    let too_many =
        |n: usize| format!("the PDF has {n} objects or more, over the limit of {MAX_OBJECTS}");
    let declared = bytes.windows(4).filter(|w| w == b" obj").count();
    if declared > MAX_OBJECTS {
        return Err(too_many(declared));
    }
    let pdf = lopdf::Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    if pdf.objects.len() > MAX_OBJECTS {
        return Err(too_many(pdf.objects.len()));
    }
    if pdf.is_encrypted() {
        return Err("the PDF is encrypted".into());
    }
    let pages = pdf.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "the PDF has {} pages, over the limit of {MAX_PAGES}",
            pages.len()
        ));
    }
    // Every page's decompressed size is charged to the document before any
    // text is extracted: decompressing is cheap, parsing content is what
    // costs, and pages may share one stream.
    let mut budget = MAX_DOCUMENT;
    for (&n, &id) in &pages {
        let limit = budget.min(MAX_STREAM);
        let size = match pdf.get_page_content_with_limit(id, limit) {
            Ok(content) => content.len(),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(if limit == MAX_STREAM {
                    format!(
                        "page {n}'s content decompresses to more than {} MiB, the limit per page",
                        MAX_STREAM >> 20
                    )
                } else {
                    format!(
                        "the pages' content decompresses to more than {} MiB (by page {n}), the limit per document",
                        MAX_DOCUMENT >> 20
                    )
                });
            }
            // Let extraction below find out what is wrong with it.
            Err(_) => 0,
        };
        budget -= size.min(budget);
    }
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pages.len());
    let mut failed = 0;
    for &n in pages.keys() {
        starts.push(text.len());
        // A page whose text cannot be extracted counts as empty, not as a failed file.
        match pdf.extract_text_with_limit(&[n], MAX_STREAM) {
            Ok(page) => text.push_str(&paragraphs(&page)),
            Err(_) => failed += 1,
        }
        text.push_str("\n\n");
    }
    Ok((text, starts, failed))
}

/// PDF text has a line per text line and no paragraph breaks: a blank line is
/// put after a line that ends a sentence and around short heading-like
/// lines, so the plain-text reader sees paragraphs and headings.
fn paragraphs(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + page.len() / 8);
    let lines: Vec<&str> = page
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let headingish = line.chars().count() <= 80
            && !line.ends_with(['.', ',', ';', ':', '!', '?'])
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && lines
                .get(i.wrapping_sub(1))
                .is_none_or(|prev| prev.ends_with(['.', ':', ';', '!', '?']));
        if headingish && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        if headingish || line.ends_with(['.', '!', '?']) {
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Object, Stream};

    /// A PDF with one page per item of `pages`, one text line per string.
    pub fn pdf(pages: &[Vec<&str>]) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut kids: Vec<Object> = Vec::new();
        for lines in pages {
            let mut ops = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 10.into()]),
                Operation::new("TL", vec![14.into()]),
                Operation::new("Td", vec![40.into(), 800.into()]),
            ];
            for line in lines {
                ops.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
                ops.push(Operation::new("T*", vec![]));
            }
            ops.push(Operation::new("ET", vec![]));
            let content = Content { operations: ops };
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            });
            kids.push(page_id.into());
        }
        finish(doc, pages_id, kids, Some(resources_id))
    }

    /// Writes the page tree (A4 pages, `resources` shared) and the catalog,
    /// and saves the document.
    fn finish(
        mut doc: lopdf::Document,
        pages_id: lopdf::ObjectId,
        kids: Vec<Object>,
        resources: Option<lopdf::ObjectId>,
    ) -> Vec<u8> {
        let mut pages = dictionary! {
            "Type" => "Pages", "Count" => kids.len() as i64, "Kids" => kids,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        };
        if let Some(id) = resources {
            pages.set("Resources", id);
        }
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut buf = Vec::new();
        doc.save_to(&mut buf).unwrap();
        buf
    }

    #[test]
    fn pages_text_and_page_numbers() {
        let bytes = pdf(&[
            vec![
                "Privacy notice",
                "",
                "We keep your order records for six years.",
            ],
            vec!["Your rights", "", "You can ask us for a copy of your data."],
        ]);
        let (src, doc) = read(&bytes).unwrap();
        let s = doc
            .sentences
            .iter()
            .find(|s| s.text.starts_with("You can ask"))
            .unwrap_or_else(|| panic!("page 2 text in {:?}", src.text()));
        assert_eq!(src.unit(s.span.start), Some(("page", 2)));
        assert_eq!(
            &src.text()[s.span.clone()],
            "You can ask us for a copy of your data."
        );
    }

    #[test]
    fn scanned_truncated_and_garbage_pdfs_are_errors() {
        let scan = pdf(&[vec![]]);
        assert!(read(&scan).unwrap_err().contains("no text layer"));
        let full = pdf(&[vec![
            "Some text that is long enough to count as a text layer here.",
        ]]);
        assert!(read(&full[..full.len() / 3]).is_err());
        assert!(read(b"%PDF-1.7\n%%EOF").is_err());
    }

    /// `pages` pages that all show one flate-compressed content stream of
    /// `size` bytes.
    pub fn shared_stream_pdf(pages: usize, size: usize) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let line = b"BT /F1 10 Tf 40 800 Td (padding words) Tj ET\n";
        let content: Vec<u8> = line.iter().copied().cycle().take(size).collect();
        let mut stream = Stream::new(dictionary! {}, content);
        stream.compress().unwrap();
        let content_id = doc.add_object(stream);
        let kids: Vec<Object> = (0..pages)
            .map(|_| {
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                })
                .into()
            })
            .collect();
        finish(doc, pages_id, kids, None)
    }

    #[test]
    fn shared_content_streams_count_once_per_page_against_the_document() {
        let started = std::time::Instant::now();
        let bytes = shared_stream_pdf(16, MAX_STREAM - 1024);
        assert!(bytes.len() < 1 << 20, "{}", bytes.len());
        let err = read(&bytes).unwrap_err();
        assert!(err.contains("limit per document"), "{err}");
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    }

    #[test]
    fn one_page_over_the_limit_says_so() {
        let err = read(&shared_stream_pdf(1, MAX_STREAM + 1024)).unwrap_err();
        assert!(err.contains("limit per page"), "{err}");
    }

    #[test]
    fn too_many_objects_is_an_error_before_parsing() {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        for i in 1..=MAX_OBJECTS + 1 {
            bytes.extend(format!("{i} 0 obj\nnull\nendobj\n").as_bytes());
        }
        let err = read(&bytes).unwrap_err();
        assert!(err.contains("over the limit of 250000"), "{err}");
    }
}
