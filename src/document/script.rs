//! JavaScript and TypeScript modules -> [`Document`]: a page's JSX elements
//! (as [`super::jsx`] reads them) and the literals that hold the notice as
//! a string.
//!
//! Notices of web projects often live in code: a module exporting
//! `` bodyHtml: `<h2>…</h2><p>…</p>` ``, a Markdown text in a template
//! literal, an i18n module of sentences. [`super::jsx::scan`] blanks all code
//! and lists the closed string and template literals of the code outside
//! attributes and `${}`; each literal is then judged by [`kind`]:
//!
//! - **markup**: it holds an HTML closing tag (`</p>`, `</h2 >`) or a `<br>`:
//!   read as HTML;
//! - **prose**: at least [`MIN_WORDS`] words (runs of letters, with `'`, `’`
//!   or `-` inside), two thirds of its whitespace-separated tokens words
//!   (tokens without a letter or digit, such as `#` or `&&`, not counted), and
//!   a sentence mark (`.`, `!`, `?` after a word, before a space or the
//!   end), a Markdown
//!   heading or list line, or at least [`MANY_WORDS`] words: read as
//!   Markdown, so `# Privacy`, `- item`, blank-line paragraphs and `**bold**`
//!   keep their structure (a one-line sentence is one paragraph);
//! - anything else (identifiers, paths, class lists such as
//!   `flex items-center px-4`, short labels) stays blank.
//!
//! A literal is parsed as its own text, and an [`OffsetMap`] places the
//! pieces read from it back in the file, so spans stay file offsets: escapes
//! are decoded (`\n` is a line break, `\'` a quote, `\u00e9` an `é`; a
//! sentence boundary inside one maps to its ends, as an HTML entity's), a
//! `${…}` reads as one space, and the indentation common to a template
//! literal's lines is taken off, so an indented Markdown text is not read
//! as a code block. The code between literals is read as HTML from the JSX
//! mask, in file order, into the same document: a heading in an HTML literal
//! heads the prose literals after it.
//!
//! Linear on any input: the scan is one pass, every literal is decoded and
//! parsed once, and each stretch of code between literals is tokenized once.

use super::jsx::{self, Literal};
use super::{DocBuilder, Document, OffsetMap};

/// Fewest words of a prose literal.
pub const MIN_WORDS: usize = 4;
/// Words that make a literal prose without a sentence mark.
pub const MANY_WORDS: usize = 8;

/// Words whose mention makes a walked `.js`/`.ts` file worth reading
/// (ASCII, matched without regard to case).
const PRIVACY_WORDS: &[&str] = &[
    "privacy",
    "gdpr",
    "persoonsgegevens",
    "persoonlijke gegevens",
    "gegevensbescherming",
    "personal data",
    "personal information",
    "data protection",
];

/// Whether a module's bytes mention privacy: a directory walk reads
/// `.js`/`.ts` files only then (see [`super::Format::walked_when_it_mentions_privacy`]).
pub fn mentions_privacy(bytes: &[u8]) -> bool {
    use std::sync::LazyLock;
    static WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(PRIVACY_WORDS)
            .expect("valid literals")
    });
    WORDS.is_match(bytes)
}

/// How a literal is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Markup,
    Prose,
    /// Not shown.
    Code,
}

/// Reads a module; `jsx`: whether `<` can open an element (not in TypeScript).
pub fn read(text: &str, jsx: bool) -> Result<Document, String> {
    let (mask, mut literals) = jsx::scan(text, jsx);
    literals.sort_by_key(|l| l.text.start);
    let mut b = DocBuilder::new();
    let mut cursor = 0;
    for lit in &literals {
        if lit.text.start < cursor {
            // Inside a literal already read (a string in its `${}`).
            continue;
        }
        let (local, map) = decode(text, lit, 0);
        let kind = kind(&local);
        if kind == Kind::Code {
            continue;
        }
        markup_between(&mask, cursor..lit.text.start, &mut b)?;
        cursor = lit.text.end;
        match kind {
            Kind::Markup => {
                b.set_map(Some(map));
                super::html::read_into(&local, super::html::Flavor::Html, &mut b)?;
            }
            Kind::Prose => {
                let indent = common_indent(&local);
                let (local, map) = decode(text, lit, indent);
                if super::markdown::check_limits(&local).is_ok() {
                    b.set_map(Some(map));
                    super::markdown::parse_into(&local, &mut b);
                }
            }
            Kind::Code => {}
        }
    }
    markup_between(&mask, cursor..mask.len(), &mut b)?;
    b.set_map(None);
    Ok(b.finish())
}

/// The JSX mask's markup in `range` (all code blank), read as HTML.
fn markup_between(
    mask: &str,
    range: std::ops::Range<usize>,
    b: &mut DocBuilder,
) -> Result<(), String> {
    let Some(part) = mask.get(range.clone()) else {
        return Ok(());
    };
    if part.bytes().all(|c| c.is_ascii_whitespace()) {
        return Ok(());
    }
    b.set_map(Some(OffsetMap::shifted(range.start, part.len())));
    super::html::read_prepared(part, b).ok_or_else(|| {
        format!(
            "the HTML nests elements deeper than {} levels; not judged",
            super::html::MAX_DEPTH
        )
    })
}

/// How a literal's decoded text is read (see the module documentation).
pub fn kind(text: &str) -> Kind {
    if has_markup(text) {
        return Kind::Markup;
    }
    let mut tokens = 0usize;
    let mut words = 0usize;
    // Tokens of punctuation only (`#`, `-`, `&&`) are neither words nor not.
    for token in text
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
    {
        tokens += 1;
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        let mut chars = core.chars();
        let word = chars.next().is_some_and(char::is_alphabetic)
            && chars.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
        words += usize::from(word);
    }
    if words < MIN_WORDS || words * 3 < tokens * 2 {
        return Kind::Code;
    }
    // A sentence mark right after a word, before a space or the end.
    let t = text.trim_end().as_bytes();
    let sentence = (1..t.len()).any(|k| {
        matches!(t[k], b'.' | b'!' | b'?')
            && (t[k - 1].is_ascii_alphabetic() || t[k - 1] >= 0x80 || t[k - 1] == b')')
            && t.get(k + 1).is_none_or(u8::is_ascii_whitespace)
    });
    let structure = text.lines().any(|l| {
        let l = l.trim_start();
        let hashes = l.bytes().take_while(|&c| c == b'#').count();
        ((1..=6).contains(&hashes) && l[hashes..].starts_with(' '))
            || l.starts_with("- ")
            || l.starts_with("* ")
    });
    if sentence || structure || words >= MANY_WORDS {
        Kind::Prose
    } else {
        Kind::Code
    }
}

/// An HTML closing tag (`</p>`, `</h2 >`, `</my-tag>`) or a `<br>`.
fn has_markup(text: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = b[from..].iter().position(|&c| c == b'<') {
        let at = from + k;
        let rest = &b[at + 1..];
        if rest.len() >= 2
            && rest[..2].eq_ignore_ascii_case(b"br")
            && rest.get(2).is_none_or(|c| matches!(c, b'>' | b'/' | b' '))
        {
            return true;
        }
        if rest.first() == Some(&b'/') {
            let name = rest[1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
            let after = rest[1 + name..].iter().find(|c| **c != b' ');
            if name > 0 && rest[1].is_ascii_alphabetic() && after == Some(&b'>') {
                return true;
            }
        }
        from = at + 1;
    }
    false
}

/// The indentation (spaces and tabs) common to a text's non-blank lines
/// after its first (the first follows the opening quote).
fn common_indent(text: &str) -> usize {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.bytes().take_while(|c| matches!(c, b' ' | b'\t')).count())
        .min()
        .unwrap_or(0)
}

/// A literal's text as the program sees it, with its map into the file:
/// escapes decoded, each `${…}` one space, and up to `indent` spaces or
/// tabs taken off the start of every line after the first (all of them off
/// the first line when `indent` > 0).
fn decode(src: &str, lit: &Literal, indent: usize) -> (String, OffsetMap) {
    let b = src.as_bytes();
    let mut out = String::with_capacity(lit.text.len());
    let mut map = OffsetMap::default();
    let mut holes = lit.holes.iter().filter(|h| h.end > h.start).peekable();
    let mut run = lit.text.start;
    let mut i = lit.text.start;
    // Indentation still to take off the current line.
    let mut skip = if indent > 0 { usize::MAX } else { 0 };
    let flush = |out: &mut String, map: &mut OffsetMap, run: usize, to: usize| {
        if let Some(text) = src.get(run..to).filter(|t| !t.is_empty()) {
            map.verbatim(run, text.len());
            out.push_str(text);
        }
    };
    while i < lit.text.end {
        if let Some(h) = holes.peek().filter(|h| h.start <= i) {
            let end = h.end.min(lit.text.end);
            if end <= i {
                // Passed already (never for a scan's own holes).
                holes.next();
                continue;
            }
            flush(&mut out, &mut map, run, i);
            map.replaced(1, i..end);
            out.push(' ');
            holes.next();
            i = end;
            run = i;
            skip = 0;
            continue;
        }
        match b[i] {
            b'\\' if i + 1 < lit.text.end => {
                flush(&mut out, &mut map, run, i);
                let (decoded, len) = escape(&src[i..lit.text.end]);
                map.replaced(decoded.len(), i..i + len);
                out.push_str(&decoded);
                i += len;
                run = i;
                skip = if decoded == "\n" { indent } else { 0 };
            }
            b'\n' => {
                i += 1;
                skip = indent;
            }
            b' ' | b'\t' if skip > 0 => {
                flush(&mut out, &mut map, run, i);
                i += 1;
                run = i;
                skip -= 1;
            }
            _ => {
                i += 1;
                skip = 0;
            }
        }
    }
    flush(&mut out, &mut map, run, lit.text.end.max(run));
    (out, map)
}

/// The text of the escape at the start of `s` (which starts with `\`) and
/// its length in bytes. An escape that names no character stays as written.
fn escape(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    let hex = |from: usize, len: usize| -> Option<char> {
        let digits = s.get(from..from + len)?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, 16).ok()?).filter(|c| !c.is_control())
    };
    let simple = |c: &str| (c.to_owned(), 2);
    match b.get(1) {
        Some(b'n') => simple("\n"),
        Some(b't' | b'r' | b'v' | b'f' | b'b' | b'0') => simple(" "),
        // A line continuation: nothing.
        Some(b'\n') => (String::new(), 2),
        Some(b'\r') if b.get(2) == Some(&b'\n') => (String::new(), 3),
        Some(b'x') => hex(2, 2).map_or_else(|| simple("\\x"), |c| (c.to_string(), 4)),
        Some(b'u') if b.get(2) == Some(&b'{') => {
            let close = b[3..].iter().take(7).position(|&c| c == b'}');
            match close.and_then(|k| hex(3, k).map(|c| (c, k))) {
                Some((c, k)) => (c.to_string(), 3 + k + 1),
                None => simple("\\u"),
            }
        }
        Some(b'u') => hex(2, 4).map_or_else(|| simple("\\u"), |c| (c.to_string(), 6)),
        Some(&c) if c.is_ascii() => (char::from(c).to_string(), 2),
        // `\` before a non-ASCII character: that character.
        _ => {
            let c = s[1..].chars().next().map_or(0, char::len_utf8);
            (s[1..1 + c].to_owned(), 1 + c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(src: &str, jsx: bool) -> Vec<(String, String)> {
        let doc = read(src, jsx).expect("readable");
        doc.sentences
            .iter()
            .map(|s| (s.text.clone(), src[s.span.clone()].to_owned()))
            .collect()
    }

    fn texts(src: &str, jsx: bool) -> Vec<String> {
        sentences(src, jsx).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn the_kind_of_a_literal() {
        assert_eq!(
            kind("<h2>Bewaren</h2><p>Wij bewaren niets.</p>"),
            Kind::Markup
        );
        assert_eq!(kind("Eerste regel<br/>tweede"), Kind::Markup);
        assert_eq!(kind("We keep your e-mail address for a year."), Kind::Prose);
        assert_eq!(
            kind("# Privacy\n\n- naam\n- adres en woonplaats"),
            Kind::Prose
        );
        assert_eq!(
            kind("flex items-center justify-between px-4 py-2"),
            Kind::Code
        );
        assert_eq!(kind("Privacyverklaring"), Kind::Code);
        assert_eq!(kind("./components/Layout"), Kind::Code);
        assert_eq!(kind("a < b && c > d"), Kind::Code);
        assert_eq!(kind("SELECT id, name FROM users WHERE id = ?"), Kind::Code);
    }

    #[test]
    fn html_in_a_template_literal_is_read_as_html() {
        let src = "export const page = {\n  title: 'Privacy',\n  bodyHtml: `<h2>Bewaren</h2><p>Wij bewaren uw naam. Daarna wissen wij ${x} alles.</p>`,\n};\n";
        assert_eq!(
            sentences(src, false),
            [
                ("Bewaren".to_owned(), "Bewaren".to_owned()),
                (
                    "Wij bewaren uw naam.".to_owned(),
                    "Wij bewaren uw naam.".to_owned()
                ),
                (
                    "Daarna wissen wij alles.".to_owned(),
                    "Daarna wissen wij ${x} alles.".to_owned()
                ),
            ]
        );
        let doc = read(src, false).unwrap();
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(&src[doc.sections[0].span.clone()], "Bewaren");
    }

    #[test]
    fn a_markdown_literal_keeps_headings_and_list_items() {
        let src = "const x = 1;\nexport const policy = `\n    # Privacy statement\n\n    We keep your name and address.\n\n    ## Your rights\n\n    - You may **see** your data.\n    - You may have it deleted.\n`;\n";
        let doc = read(src, false).unwrap();
        let heads: Vec<_> = doc
            .sections
            .iter()
            .map(|s| (s.level, s.heading.as_str()))
            .collect();
        assert_eq!(heads, [(1, "Privacy statement"), (2, "Your rights")]);
        let items: Vec<_> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == crate::document::BlockKind::ListItem)
            .map(|b| &src[b.span.clone()])
            .collect();
        assert_eq!(
            items,
            ["You may **see** your data.", "You may have it deleted."]
        );
        for s in &doc.sentences {
            assert_eq!(
                crate::document::collapse(&src[s.span.clone()].replace("**", "")),
                s.text
            );
        }
    }

    #[test]
    fn escapes_are_decoded_and_spans_stay_on_the_file() {
        let src = "t = {\n  intro: 'Wij bewaren uw gegevens niet langer dan nodig.\\n\\nU kunt ze opvragen via caf\\u00e9@example.nl, ook als u\\'t vergeten bent.',\n};";
        let got = sentences(src, false);
        assert_eq!(
            got,
            [
                (
                    "Wij bewaren uw gegevens niet langer dan nodig.".to_owned(),
                    "Wij bewaren uw gegevens niet langer dan nodig.".to_owned()
                ),
                (
                    "U kunt ze opvragen via café@example.nl, ook als u't vergeten bent.".to_owned(),
                    "U kunt ze opvragen via caf\\u00e9@example.nl, ook als u\\'t vergeten bent."
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn jsx_and_literals_in_file_order() {
        let src = "const intro = 'Wij verwerken uw gegevens alleen voor de ledenlijst.';\nexport default function P() {\n  return (<main><h1>Privacy</h1><p>{intro}</p><p>Vragen? Mail ons.</p></main>);\n}\nconst rest = \"Na uw opzegging wissen wij uw gegevens binnen een maand.\";\n";
        assert_eq!(
            texts(src, true),
            [
                "Wij verwerken uw gegevens alleen voor de ledenlijst.",
                "Privacy",
                "Vragen?",
                "Mail ons.",
                "Na uw opzegging wissen wij uw gegevens binnen een maand."
            ]
        );
    }

    #[test]
    fn typescript_type_assertions_are_no_elements() {
        let src = "const a = <any>window;\nconst s: string = 'We delete your account data after two years.';\nconst b = <Foo>(x as unknown);\n";
        assert_eq!(
            texts(src, false),
            ["We delete your account data after two years."]
        );
    }

    #[test]
    fn code_literals_stay_blank() {
        let src = "import x from './layout';\nconst cls = 'flex items-center justify-between px-4 py-2';\nconst q = `SELECT * FROM t WHERE id = ${id}`;\nconsole.log('done');\n";
        assert!(texts(src, false).is_empty());
    }

    #[test]
    fn hostile_input_is_linear_and_never_panics() {
        for src in [
            "'Wij bewaren uw naam hier. '+".repeat(20_000),
            "`<p>Wij bewaren ${'uw'} naam.</p>`,".repeat(10_000),
            "`# Kop\n\n- a b c d.\n`;".repeat(20_000),
            "'\\u{".repeat(30_000),
            "`${`${`".repeat(20_000),
            "'a b c d.\\".to_owned(),
            "`\\u00".to_owned(),
            "'é\\é'".to_owned(),
        ] {
            let started = std::time::Instant::now();
            for jsx in [true, false] {
                let doc = read(&src, jsx).expect("readable");
                for s in &doc.sentences {
                    assert!(src.get(s.span.clone()).is_some());
                }
            }
            assert!(started.elapsed().as_secs() < 10, "{}", &src[..20]);
        }
    }
}
