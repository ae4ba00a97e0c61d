//! HTML -> [`Document`] with html5gum's tokenizer, whose tokens carry byte
//! spans into the text. Only visible text counts: script, style, template,
//! noscript, title, svg and comments are skipped. Headings h1-h6 make
//! sections (not inside nav or footer, whose text is kept as plain blocks);
//! p, li, td/th, dt/dd make blocks; every other tag is transparent, so a
//! sentence split by `<strong>` or `<a>` stays one sentence.
//!
//! Text tokens are re-read from the source bytes rather than taken decoded
//! from the tokenizer: entities become their own [`Piece`]s, so a sentence
//! boundary after `&amp;` still maps to the exact byte.
//!
//! Templates of web frameworks are HTML too: their syntax is blanked first
//! ([`super::template`], or [`super::jsx`] for JSX), in a copy of the same
//! length, and the copy is tokenized. A component file whose markup sits in a
//! top-level `<template>` (Vue) is read from there.

use super::template::Dialect;
use super::{BlockKind, DocBuilder, Document, Piece};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::borrow::Cow;

/// Deepest element nesting: [`read`] rejects a deeper file; [`parse`] treats
/// deeper tags as inline. Either way the cost is linear, never recursion.
pub const MAX_DEPTH: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Heading(u8),
    Paragraph,
    Item,
    Cell,
    /// nav, footer: text kept, headings inside are not sections.
    Aside,
    /// Not visible text.
    Skip,
    /// Any other block container (div, section, table, ul ...).
    Block,
}

#[derive(Debug)]
struct Open {
    name: String,
    role: Role,
}

/// What kind of markup a file holds: how its text is prepared for the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// An HTML page or a template of a web framework (Jinja, Django, Twig,
    /// Blade, ERB, PHP, Handlebars, Vue): the template syntax common to them
    /// is skipped.
    Html,
    /// A Smarty template (`.tpl`): also `{...}` tags.
    Smarty,
    /// A Vue single-file component: only the top-level `<template>` is the page.
    Vue,
    /// JavaScript or TypeScript with JSX: only the elements' markup and text.
    Jsx,
    /// A FreeMarker template (`.ftl`): also its directives, macros and interpolations.
    Freemarker,
}

/// Reads an HTML file: broken markup is tolerated, but elements nested deeper
/// than [`MAX_DEPTH`] (no page needs that; a hostile one does) are an error.
pub fn read(text: &str) -> Result<Document, String> {
    read_as(text, Flavor::Html)
}

/// [`read`] for markup of a given flavor.
pub fn read_as(text: &str, flavor: Flavor) -> Result<Document, String> {
    let mut b = DocBuilder::new();
    read_into(text, flavor, &mut b)?;
    Ok(b.finish())
}

/// [`read_as`] into a document being built (a script's markup and literals
/// are read piece by piece into one document).
pub(super) fn read_into(text: &str, flavor: Flavor, b: &mut DocBuilder) -> Result<(), String> {
    let prepared = prepare(text, flavor);
    build(&prepared, true, component(&prepared, flavor), b).ok_or_else(|| {
        format!("the HTML nests elements deeper than {MAX_DEPTH} levels; not judged")
    })
}

/// Reads markup already prepared (template syntax blanked) into `b`; `None`
/// when it nests deeper than [`MAX_DEPTH`].
pub(super) fn read_prepared(text: &str, b: &mut DocBuilder) -> Option<()> {
    build(text, true, false, b)
}

/// Parses an HTML page or fragment; never fails (broken markup is tolerated).
pub fn parse(text: &str) -> Document {
    let prepared = prepare(text, Flavor::Html);
    let mut b = DocBuilder::new();
    match build(&prepared, false, component(&prepared, Flavor::Html), &mut b) {
        Some(()) => b.finish(),
        None => Document::default(),
    }
}

/// The text the tokenizer reads: the same length, template syntax blanked.
fn prepare(text: &str, flavor: Flavor) -> Cow<'_, str> {
    match flavor {
        Flavor::Html | Flavor::Vue => super::template::mask(text, Dialect::Common),
        Flavor::Smarty => super::template::mask(text, Dialect::Smarty),
        Flavor::Freemarker => super::template::mask(text, Dialect::Freemarker),
        Flavor::Jsx => Cow::Owned(super::jsx::mask(text)),
    }
}

/// Whether the file is a component whose page is its top-level `<template>`:
/// a `.vue` file, or any file whose first tag is `<template>`.
fn component(text: &str, flavor: Flavor) -> bool {
    if flavor == Flavor::Vue {
        return true;
    }
    if flavor == Flavor::Jsx {
        return false;
    }
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        let Some(end) = after.find("-->") else {
            return false;
        };
        rest = after[end + 3..].trim_start();
    }
    rest.get(..9)
        .is_some_and(|t| t.eq_ignore_ascii_case("<template"))
        && rest[9..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
}

/// `None` when `strict` and the nesting passes [`MAX_DEPTH`]. In a
/// `component`, text outside the top-level `<template>` is not shown and
/// `<template>` inside it is transparent (`<template v-if>`).
fn build(text: &str, strict: bool, component: bool, b: &mut DocBuilder) -> Option<()> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut stack: Vec<Open> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    // `<template>`s open inside the component's top-level one.
    let mut inner_templates = 0usize;
    for token in Tokenizer::new_with_emitter(text, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if name == "br" {
                    pieces.push(Piece::new(" ", tag.span.start..tag.span.end));
                    continue;
                }
                let role = if component && stack.is_empty() {
                    // The page, unless written in another language (`lang="pug"`).
                    let html = tag
                        .attributes
                        .get(b"lang".as_slice())
                        .is_none_or(|l| l.eq_ignore_ascii_case(b"html"));
                    if name == "template" && html && !tag.self_closing {
                        Role::Block
                    } else {
                        Role::Skip
                    }
                } else if component && name == "template" {
                    if !tag.self_closing {
                        inner_templates += 1;
                    }
                    continue;
                } else {
                    let Some(role) = role(&name) else { continue };
                    role
                };
                flush(b, &stack, &mut pieces);
                close_implied(&mut stack, &name);
                match name.as_str() {
                    "table" => b.table_start(),
                    "tr" => b.row_start(),
                    "td" | "th" => {
                        let in_head = stack.iter().any(|o| o.name == "thead");
                        b.cell_start(name == "th" || in_head);
                    }
                    _ => {}
                }
                if !tag.self_closing && !is_void(&name) {
                    if stack.len() < MAX_DEPTH {
                        stack.push(Open { name, role });
                    } else if strict {
                        return None;
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if component && name == "template" && inner_templates > 0 {
                    inner_templates -= 1;
                    continue;
                }
                // A component's top-level blocks (`<i18n>`) close whatever their name.
                let top_level = component && stack.first().is_some_and(|o| o.name == name);
                if role(&name).is_none() && !top_level {
                    continue;
                }
                flush(b, &stack, &mut pieces);
                if let Some(i) = stack.iter().rposition(|o| o.name == name) {
                    stack.truncate(i);
                }
            }
            Token::String(s) if stack.last().is_some_and(|o| o.name == "title") => {
                let (start, end) = (s.span.start, s.span.end.min(text.len()));
                if let Some(raw) = text.get(start..end) {
                    let mut title = Vec::new();
                    decode(raw, start, &mut title);
                    b.meta_title(&title.iter().map(|p| p.text.as_str()).collect::<String>());
                }
            }
            Token::String(s) => {
                let outside = component && stack.is_empty();
                if !outside && !stack.iter().any(|o| o.role == Role::Skip) {
                    let (start, end) = (s.span.start, s.span.end.min(text.len()));
                    if let Some(raw) = text.get(start..end) {
                        decode(raw, start, &mut pieces);
                    }
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    flush(b, &stack, &mut pieces);
    Some(())
}

/// The role of a tag that shapes blocks; `None` for inline (transparent) tags.
fn role(name: &str) -> Option<Role> {
    Some(match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading(name.as_bytes()[1] - b'0'),
        "p" => Role::Paragraph,
        "li" | "dt" | "dd" => Role::Item,
        "td" | "th" => Role::Cell,
        "nav" | "footer" => Role::Aside,
        "script" | "style" | "template" | "noscript" | "title" | "svg" | "math" | "textarea"
        | "select" | "iframe" | "object" | "head" | "xmp" | "noembed" | "noframes" => Role::Skip,
        "address" | "article" | "aside" | "blockquote" | "body" | "caption" | "center"
        | "details" | "dialog" | "dir" | "div" | "dl" | "fieldset" | "figcaption" | "figure"
        | "form" | "header" | "hgroup" | "hr" | "html" | "legend" | "main" | "menu" | "ol"
        | "pre" | "section" | "summary" | "table" | "tbody" | "tfoot" | "thead" | "tr" | "ul"
        | "option" => Role::Block,
        _ => return None,
    })
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Closes what HTML closes implicitly before a new block tag: an open `p`,
/// the previous `li`/`dt`/`dd` or table cell/row at the same level.
fn close_implied(stack: &mut Vec<Open>, name: &str) {
    // Visible content ends an unclosed <head> (`<head><title>x</title><body>`).
    if role(name) != Some(Role::Skip) {
        if let Some(i) = stack.iter().position(|o| o.name == "head") {
            stack.truncate(i);
        }
    }
    if stack.last().is_some_and(|o| o.name == "p") {
        stack.pop();
    }
    let (siblings, scope): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol", "menu"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            (&["h1", "h2", "h3", "h4", "h5", "h6"], &["div", "section"])
        }
        _ => return,
    };
    for i in (0..stack.len()).rev() {
        let n = stack[i].name.as_str();
        if scope.contains(&n) {
            return;
        }
        if siblings.contains(&n) {
            stack.truncate(i);
            return;
        }
    }
}

fn flush(b: &mut DocBuilder, stack: &[Open], pieces: &mut Vec<Piece>) {
    if pieces.is_empty() {
        return;
    }
    if !stack.iter().any(|o| o.role == Role::Skip) {
        let aside = stack.iter().any(|o| o.role == Role::Aside);
        let in_item = stack.iter().any(|o| o.role == Role::Item);
        let innermost = stack.iter().rev().find(|o| {
            matches!(
                o.role,
                Role::Heading(_) | Role::Paragraph | Role::Item | Role::Cell
            )
        });
        match innermost.map(|o| o.role) {
            Some(Role::Heading(level)) if !aside => b.heading(level, pieces),
            Some(Role::Item) => b.block(BlockKind::ListItem, pieces),
            Some(Role::Cell) => b.block(BlockKind::TableCell, pieces),
            Some(Role::Paragraph) if in_item => b.block(BlockKind::ListItem, pieces),
            _ => b.block(BlockKind::Paragraph, pieces),
        }
    }
    pieces.clear();
}

/// Splits raw text at entities: verbatim runs, decoded entities as pieces of their own.
fn decode(raw: &str, base: usize, out: &mut Vec<Piece>) {
    let bytes = raw.as_bytes();
    let mut run = 0;
    let mut i = 0;
    let push_run = |out: &mut Vec<Piece>, from: usize, to: usize| {
        if to > from {
            out.push(Piece::new(&raw[from..to], base + from..base + to));
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'&' {
            if let Some((decoded, len)) = entity(&raw[i..]) {
                push_run(out, run, i);
                out.push(Piece::new(decoded, base + i..base + i + len));
                i += len;
                run = i;
                continue;
            }
        }
        i += 1;
    }
    push_run(out, run, bytes.len());
}

/// Decodes a character reference at the start of `s`: the text and its length in bytes.
fn entity(s: &str) -> Option<(String, usize)> {
    let end = s.get(1..s.len().min(40))?.find(';')? + 1;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n).unwrap_or('\u{FFFD}').to_string()
    } else {
        named(body)?.to_string()
    };
    Some((c, end + 1))
}

/// The named character references notices use (the full table has 2231).
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "euro" => "€",
        "pound" => "£",
        "sect" => "§",
        "para" => "¶",
        "deg" => "°",
        "middot" => "·",
        "bull" => "•",
        "hellip" => "…",
        "ndash" => "–",
        "mdash" => "—",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "times" => "×",
        "aacute" => "á",
        "agrave" => "à",
        "acirc" => "â",
        "auml" => "ä",
        "aring" => "å",
        "ccedil" => "ç",
        "eacute" => "é",
        "egrave" => "è",
        "ecirc" => "ê",
        "euml" => "ë",
        "iacute" => "í",
        "igrave" => "ì",
        "icirc" => "î",
        "iuml" => "ï",
        "ntilde" => "ñ",
        "oacute" => "ó",
        "ograve" => "ò",
        "ocirc" => "ô",
        "ouml" => "ö",
        "oslash" => "ø",
        "uacute" => "ú",
        "ugrave" => "ù",
        "ucirc" => "û",
        "uuml" => "ü",
        "szlig" => "ß",
        "Aacute" => "Á",
        "Agrave" => "À",
        "Auml" => "Ä",
        "Eacute" => "É",
        "Egrave" => "È",
        "Euml" => "Ë",
        "Iuml" => "Ï",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(src: &'a str, doc: &Document, i: usize) -> &'a str {
        &src[doc.sentences[i].span.clone()]
    }

    #[test]
    fn inline_tags_are_transparent_and_entities_map_back() {
        let src = "<h1>Privacy</h1><p>Wij <strong>bewaren</strong> uw gegevens &amp; documenten 7&nbsp;jaar. Daarna <a href=\"x\">niet</a>.</p>";
        let doc = parse(src);
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.sections[0].heading, "Privacy");
        assert_eq!(
            doc.sentences[1].text,
            "Wij bewaren uw gegevens & documenten 7 jaar."
        );
        assert_eq!(
            slice(src, &doc, 1),
            "Wij <strong>bewaren</strong> uw gegevens &amp; documenten 7&nbsp;jaar."
        );
        assert_eq!(slice(src, &doc, 2), "Daarna <a href=\"x\">niet</a>.");
    }

    #[test]
    fn invisible_text_is_skipped() {
        let src = "<html><head><title>T</title><style>p{x:1}</style></head><body>\
            <script>var s = \"Wij bewaren alles.\";</script><!-- Wij bewaren -->\
            <noscript>Zet JS aan.</noscript><template><p>Sjabloon.</p></template>\
            <p>Zichtbaar.</p></body></html>";
        let unclosed_head = "<head><title>T</title><body><p>Zichtbaar.</p>";
        assert_eq!(parse(unclosed_head).sentences[0].text, "Zichtbaar.");
        let doc = parse(src);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Zichtbaar."]);
    }

    #[test]
    fn nav_and_footer_kept_without_sections() {
        let src = "<nav><h2>Menu</h2><a>Home</a></nav><h1>Privacy</h1><p>Tekst.</p>\
            <footer><h3>Contact</h3><p>privacy@x.nl</p></footer>";
        let doc = parse(src);
        let heads: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(heads, ["Privacy"]);
        assert!(doc.sentences.iter().any(|s| s.text == "privacy@x.nl"));
        assert!(doc.sentences.iter().any(|s| s.text == "Menu"));
    }

    #[test]
    fn blocks_lists_tables_and_implied_closes() {
        let src = "<ul><li>inzage<li>correctie</ul><p>Een<p>Twee<table><tr><td>Naam<td>Doel</table><dl><dt>A<dd>B</dl>";
        let doc = parse(src);
        let kinds: Vec<(BlockKind, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, &src[b.span.clone()]))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::ListItem, "inzage"),
                (BlockKind::ListItem, "correctie"),
                (BlockKind::Paragraph, "Een"),
                (BlockKind::Paragraph, "Twee"),
                (BlockKind::TableCell, "Naam"),
                (BlockKind::TableCell, "Doel"),
                (BlockKind::ListItem, "A"),
                (BlockKind::ListItem, "B"),
            ]
        );
    }

    #[test]
    fn template_syntax_and_broken_markup_are_tolerated() {
        let src = "{% extends 'base.html' %}<h1>Privacy {{ org }}</h1><p>Wij {# x #}bewaren <b>niet</i> lang.</p></div></div><p>Open <p";
        let doc = parse(src);
        assert_eq!(doc.sections[0].heading, "Privacy");
        assert!(doc
            .sentences
            .iter()
            .any(|s| s.text == "Wij bewaren niet lang."));
        assert!(!doc.sentences.iter().any(|s| s.text.contains('{')));
        let src =
            "<p>{% trans 'Wij bewaren &amp; wissen.' %} {{ _(\"Daarna niet.\") }}{% url 'x' %}</p>";
        let doc = parse(src);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Wij bewaren & wissen.", "Daarna niet."]);
        assert_eq!(slice(src, &doc, 0), "Wij bewaren &amp; wissen.");
        assert_eq!(slice(src, &doc, 1), "Daarna niet.");
    }

    #[test]
    fn a_component_is_read_from_its_top_level_template() {
        let texts = |src: &str, flavor| -> Vec<String> {
            let doc = read_as(src, flavor).unwrap();
            doc.sentences.into_iter().map(|s| s.text).collect()
        };
        let sfc = "<!-- c --><template><p>Wij <template v-if=\"a\">bewaren</template> niets.</p></template>\
            <i18n>{\"nl\": \"Verborgen.\"}</i18n>Los.";
        assert_eq!(texts(sfc, Flavor::Html), ["Wij bewaren niets."]);
        let script_first =
            "<script setup>const a = 1</script>\n<template><p>Zichtbaar.</p></template>Los.";
        assert_eq!(texts(script_first, Flavor::Vue), ["Zichtbaar."]);
        assert_eq!(texts(script_first, Flavor::Html), ["Los."]);
        let pug = "<template lang=\"pug\">p Tekst</template>";
        assert!(texts(pug, Flavor::Vue).is_empty());
    }

    #[test]
    fn deep_nesting_and_truncation_do_not_hurt() {
        let mut src = "<div>".repeat(100_000);
        src.push_str("<p>Diep.");
        let doc = parse(&src);
        assert_eq!(doc.sentences.len(), 1);
        let doc = parse("<p>Afgebroken &am");
        assert_eq!(doc.sentences[0].text, "Afgebroken &am");
    }

    #[test]
    fn read_rejects_nesting_past_the_limit_and_accepts_it_at_the_limit() {
        let deep = |n: usize| format!("{}<p>Diep.</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        let err = read(&deep(MAX_DEPTH + 1)).unwrap_err();
        assert!(err.contains("deeper than 512"), "{err}");
        assert_eq!(read(&deep(MAX_DEPTH - 1)).unwrap().sentences.len(), 1);
        // Siblings are not nesting: many closed divs in a row are fine.
        let wide = "<div><p>Breed.</p></div>".repeat(10_000);
        assert_eq!(read(&wide).unwrap().sentences.len(), 10_000);
    }
}
