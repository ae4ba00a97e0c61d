//! Which format a file is in. A specific extension decides (`.md` is
//! Markdown whatever its first bytes say, so a comment holding `%PDF-` at
//! the top of a notice cannot turn it into an unreadable PDF); only for
//! `.txt` and names without a known extension do the first bytes decide:
//! magic bytes at the very start (zip -> docx, `%PDF-` -> PDF), then a look
//! at the text (`notice.txt` that is HTML or JSON).

use super::Format;
use std::path::Path;

/// The format of a file from its path and its first bytes.
pub fn detect(path: &Path, bytes: &[u8]) -> Format {
    match Format::from_extension(path) {
        Some(Format::Text) | None => magic(bytes)
            .or_else(|| from_content(bytes))
            .unwrap_or(Format::Text),
        // A `.docx`/`.pdf` without its magic is truncated or mislabelled: let
        // the format's reader say so.
        Some(f) => f,
    }
}

/// Binary formats recognised by their first bytes, at the very start.
fn magic(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Format::Docx);
    }
    bytes.starts_with(b"%PDF-").then_some(Format::Pdf)
}

/// Text formats recognised by how the text starts.
fn from_content(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let start = text.trim_start();
    let lower = start
        .get(..start.len().min(512))
        .unwrap_or(start)
        .to_ascii_lowercase();
    if ["<!doctype html", "<html", "<head", "<body", "<?xml"]
        .iter()
        .any(|p| lower.starts_with(p))
        || (lower.starts_with('<')
            && ["</p>", "</div>", "</h1>", "</h2>", "</li>"]
                .iter()
                .any(|t| text.to_ascii_lowercase().contains(t)))
    {
        return Some(Format::Html);
    }
    if start.starts_with('{') {
        return Some(Format::Json);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_decides_only_where_the_extension_does_not() {
        assert_eq!(detect(Path::new("a.txt"), b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(detect(Path::new("notice"), b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(detect(Path::new("a.md"), b"%PDF-1.7\n"), Format::Markdown);
        assert_eq!(
            detect(Path::new("a.md"), b"<!-- %PDF- -->\n# Privacy\n"),
            Format::Markdown
        );
        // Magic only at the start: a text that mentions it later is text.
        assert_eq!(
            detect(Path::new("a.txt"), b"Privacy\n\nsee %PDF-1.4 files"),
            Format::Text
        );
    }

    #[test]
    fn html_and_json_in_a_txt_file() {
        assert_eq!(
            detect(Path::new("a.txt"), b"\n  <!DOCTYPE html><p>x</p>"),
            Format::Html
        );
        assert_eq!(
            detect(Path::new("notice"), b"<div><p>Wij</p></div>"),
            Format::Html
        );
        assert_eq!(detect(Path::new("a.txt"), b" {\"a\": 1}"), Format::Json);
        assert_eq!(detect(Path::new("a.txt"), b"Privacy <b>"), Format::Text);
    }

    #[test]
    fn extension_when_nothing_else_says() {
        assert_eq!(detect(Path::new("a.yml"), b"a: 1"), Format::Yaml);
        assert_eq!(detect(Path::new("a.md"), b"<p>x</p>"), Format::Markdown);
        assert_eq!(detect(Path::new("x.docx"), b"truncated"), Format::Docx);
    }

    #[test]
    fn templates_and_components_by_extension() {
        for (name, format) in [
            ("privacy.blade.php", Format::Template),
            ("privacy.php", Format::Template),
            ("privacy.html.erb", Format::Template),
            ("privacy.twig", Format::Template),
            ("privacy.njk", Format::Template),
            ("privacy.hbs", Format::Template),
            ("privacy.dtl", Format::Template),
            ("privacy.tpl", Format::Smarty),
            ("Privacy.vue", Format::Vue),
            ("privacy.jsx", Format::Jsx),
            ("page.TSX", Format::Jsx),
        ] {
            assert_eq!(detect(Path::new(name), b"<p>x</p>"), format, "{name}");
        }
    }
}
