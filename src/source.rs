//! Source bytes -> decoded text, with a map back to the bytes on disk.
//!
//! Everything downstream works on the decoded text (`&str`); spans are
//! converted to file offsets only when a report is written, so a UTF-16 or
//! lossily decoded file still reports positions in its own bytes.

use std::fmt;

/// Largest file judged; larger ones are a per-file error.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// How the bytes on disk were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: invalid sequences were replaced by U+FFFD.
    Lossy,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8 (bom)",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Lossy => "invalid utf-8 (decoded lossily)",
        })
    }
}

/// Why a file's bytes cannot be judged as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("the file is empty"),
            DecodeError::Binary => f.write_str(
                "the file is binary, not text (it contains NUL bytes or mostly undecodable bytes)",
            ),
        }
    }
}

/// Decoded text of one file plus what is needed to point back into its bytes.
#[derive(Debug, Clone)]
pub struct SourceText {
    raw: Vec<u8>,
    text: String,
    encoding: Encoding,
    /// For transcoded text: file offset of every text byte, plus one past the end.
    map: Option<Vec<u32>>,
    /// Text offsets where lines start.
    line_starts: Vec<usize>,
    /// For text extracted from a container (docx, pdf): the unit locations name.
    units: Option<Units>,
    /// On lines longer than [`COLUMN_STRIDE`] bytes: (text offset, column
    /// there), every stride, so a column is counted from the nearest mark
    /// instead of from the line start (thousands of findings on one long
    /// line made that quadratic).
    column_marks: Vec<(usize, usize)>,
}

/// Distance between column marks on a long line, in bytes.
const COLUMN_STRIDE: usize = 4096;

/// Column marks of every long line (see `SourceText::column_marks`).
fn column_marks(text: &str, line_starts: &[usize]) -> Vec<(usize, usize)> {
    let mut marks = Vec::new();
    for (i, &start) in line_starts.iter().enumerate() {
        let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
        if end - start <= COLUMN_STRIDE {
            continue;
        }
        let (mut at, mut col) = (start, 1);
        loop {
            let next = floor_char_boundary(text, at + COLUMN_STRIDE);
            if next >= end || next <= at {
                break;
            }
            col += text[at..next].chars().count();
            marks.push((next, col));
            at = next;
        }
    }
    marks
}

/// Numbered parts of extracted text ("page", "paragraph") and where each starts.
#[derive(Debug, Clone)]
pub struct Units {
    pub name: &'static str,
    /// Text offset where unit `i + 1` starts, ascending.
    pub starts: Vec<usize>,
}

impl SourceText {
    /// Decodes `raw`: UTF-8 with or without BOM, UTF-16 with BOM, else lossy UTF-8.
    pub fn decode(raw: Vec<u8>) -> Result<SourceText, DecodeError> {
        if raw.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(DecodeError::Empty);
        }
        let (text, encoding, map) = if let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF") {
            match std::str::from_utf8(rest) {
                Ok(s) => (s.to_owned(), Encoding::Utf8Bom, None),
                Err(_) => {
                    let (t, m) = lossy(&raw, 3);
                    (t, Encoding::Lossy, Some(m))
                }
            }
        } else if raw.starts_with(b"\xFF\xFE") {
            let (t, m) = utf16(&raw, true);
            (t, Encoding::Utf16Le, Some(m))
        } else if raw.starts_with(b"\xFE\xFF") {
            let (t, m) = utf16(&raw, false);
            (t, Encoding::Utf16Be, Some(m))
        } else {
            match std::str::from_utf8(&raw) {
                Ok(s) => (s.to_owned(), Encoding::Utf8, None),
                Err(_) => {
                    let (t, m) = lossy(&raw, 0);
                    (t, Encoding::Lossy, Some(m))
                }
            }
        };
        if looks_binary(&text) {
            return Err(DecodeError::Binary);
        }
        let line_starts = line_starts(&text);
        Ok(SourceText {
            raw,
            column_marks: column_marks(&text, &line_starts),
            text,
            encoding,
            map,
            line_starts,
            units: None,
        })
    }

    /// Text extracted from a container format (docx, pdf): offsets are into
    /// this text, since the file's own bytes are compressed.
    pub fn extracted(text: String, units: Option<Units>) -> SourceText {
        let starts = line_starts(&text);
        SourceText {
            raw: text.clone().into_bytes(),
            column_marks: column_marks(&text, &starts),
            line_starts: starts,
            text,
            encoding: Encoding::Utf8,
            map: None,
            units,
        }
    }

    /// Text offsets where lines start (CR, LF and CRLF end a line).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The numbered unit (1-based) a text offset is in, for extracted text.
    pub fn unit(&self, text_offset: usize) -> Option<(&'static str, usize)> {
        let u = self.units.as_ref()?;
        let n = u.starts.partition_point(|&s| s <= text_offset).max(1);
        Some((u.name, n))
    }

    /// The decoded text every parser works on.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The bytes as they are on disk.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A warning worth showing the user about how the file was read.
    pub fn warning(&self) -> Option<String> {
        (self.encoding == Encoding::Lossy)
            .then(|| "the file is not valid UTF-8; invalid bytes were replaced".to_owned())
    }

    /// File byte offset of a text byte offset.
    pub fn file_offset(&self, text_offset: usize) -> usize {
        let off = text_offset.min(self.text.len());
        match (&self.map, self.encoding) {
            (Some(map), _) => map[off] as usize,
            (None, Encoding::Utf8Bom) => off + 3,
            (None, _) => off,
        }
    }

    /// 1-based line and 1-based column (in characters) of a text offset.
    pub fn line_col(&self, text_offset: usize) -> (usize, usize) {
        let off = floor_char_boundary(&self.text, text_offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= off);
        let start = self.line_starts[line - 1];
        let k = self.column_marks.partition_point(|&(at, _)| at <= off);
        let (from, col) = match k.checked_sub(1).map(|k| self.column_marks[k]) {
            Some((at, col)) if at > start => (at, col),
            _ => (start, 1),
        };
        (line, self.text[from..off].chars().count() + col)
    }

    /// The text a report shows for a text range: exactly the file's bytes
    /// decoded as UTF-8, or (UTF-16, invalid UTF-8) the decoded text they hold.
    pub fn file_slice(&self, start: usize, end: usize) -> String {
        let start = floor_char_boundary(&self.text, start);
        let end = floor_char_boundary(&self.text, end).max(start);
        self.text[start..end].to_owned()
    }
}

/// Largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn looks_binary(text: &str) -> bool {
    let head = &text[..floor_char_boundary(text, 8192)];
    if head.contains('\0') {
        return true;
    }
    let total = head.chars().count().max(1);
    let bad = head
        .chars()
        .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace()))
        .count();
    bad * 10 > total * 3
}

fn lossy(raw: &[u8], skip: usize) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let mut pos = skip;
    for chunk in raw[skip..].utf8_chunks() {
        let valid = chunk.valid();
        text.push_str(valid);
        map.extend((0..valid.len()).map(|i| (pos + i) as u32));
        pos += valid.len();
        if !chunk.invalid().is_empty() {
            text.push('\u{FFFD}');
            map.extend(std::iter::repeat_n(pos as u32, 3));
            pos += chunk.invalid().len();
        }
    }
    map.push(pos as u32);
    (text, map)
}

fn utf16(raw: &[u8], le: bool) -> (String, Vec<u32>) {
    let units = raw[2..].chunks(2).map(|c| {
        let pair = [c[0], *c.get(1).unwrap_or(&0)];
        if le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = String::with_capacity(raw.len() / 2);
    let mut map = Vec::with_capacity(raw.len() / 2 + 1);
    let mut pos = 2usize;
    for r in char::decode_utf16(units) {
        let (c, width) = match r {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => ('\u{FFFD}', 2),
        };
        map.extend(std::iter::repeat_n(pos as u32, c.len_utf8()));
        text.push(c);
        pos += width;
    }
    map.push(raw.len().min(pos) as u32);
    (text, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_long_lines_count_from_marks_and_agree() {
        let line: String = "aé€𝄞 ".repeat(3000);
        let text = format!("x\n{line}\n{line}");
        let src = SourceText::decode(text.clone().into_bytes()).unwrap();
        assert!(!src.column_marks.is_empty());
        for off in (0..text.len()).step_by(997).chain([text.len()]) {
            let off = floor_char_boundary(&text, off);
            let start = text[..off].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..off].matches('\n').count() + 1;
            assert_eq!(
                src.line_col(off),
                (line, text[start..off].chars().count() + 1),
                "{off}"
            );
        }
    }

    #[test]
    fn bom_shifts_offsets_by_three() {
        let src = SourceText::decode(b"\xEF\xBB\xBFHallo wereld".to_vec()).unwrap();
        assert_eq!(src.text(), "Hallo wereld");
        assert_eq!(src.file_offset(6), 9);
        assert_eq!(src.file_slice(6, 12), "wereld");
    }

    #[test]
    fn utf16_maps_back_to_file_bytes() {
        let mut raw = vec![0xFF, 0xFE];
        for u in "Wij bewaren é".encode_utf16() {
            raw.extend(u.to_le_bytes());
        }
        let src = SourceText::decode(raw.clone()).unwrap();
        assert_eq!(src.encoding(), Encoding::Utf16Le);
        assert_eq!(src.file_offset(4), 2 + 8);
        assert_eq!(src.file_offset(src.text().len()), raw.len());
    }

    #[test]
    fn invalid_utf8_is_lossy_with_warning() {
        let src = SourceText::decode(b"caf\xE9 ouvert ici".to_vec()).unwrap();
        assert_eq!(src.encoding(), Encoding::Lossy);
        assert!(src.warning().is_some());
        let at = src.text().find("ouvert").unwrap();
        assert_eq!(src.file_offset(at), 5);
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(
            SourceText::decode(b"  \n".to_vec()).unwrap_err(),
            DecodeError::Empty
        );
        assert_eq!(
            SourceText::decode(b"ab\0cd".to_vec()).unwrap_err(),
            DecodeError::Binary
        );
    }

    #[test]
    fn line_col_handles_cr_crlf_and_lf() {
        let src = SourceText::decode(b"a\r\nb\rc\nd\xC3\xA9x".to_vec()).unwrap();
        assert_eq!(src.line_col(3), (2, 1));
        assert_eq!(src.line_col(5), (3, 1));
        assert_eq!(src.line_col(7), (4, 1));
        assert_eq!(src.line_col(10), (4, 3));
    }
}
