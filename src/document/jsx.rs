//! JSX/TSX -> an HTML-like text of the same length, for the HTML reader.
//!
//! [`mask`] scans the JavaScript as a small state machine (strings, template
//! literals, comments, regular expressions, braces) and recognises a JSX
//! element where an expression may start (`return (<div>`, `=> <p>`,
//! `cond && <li>`). Everything is blanked to spaces except what the page
//! shows: the tags of elements, the text children of every element, and the
//! string of a child such as `{' '}` or `{"Tekst"}`. A component's name
//! (`<Link>`, `<ui.Card>`) becomes `x`, an inline tag to the HTML reader, and
//! fragments are blanked, so their children read as inline text (as a
//! link's); `{expression}` children and attribute values
//! are blanked (an attribute value `{x}` becomes `"x"`-shaped, `"   "`, so the
//! tag stays well formed); JSX inside an expression child
//! (`{ok && <p>…</p>}`) is visible, JSX inside an attribute is not.
//!
//! [`scan`] also lists the closed string and template literals of the code
//! outside attributes and `${}` (with the `${}`s of each template literal),
//! for [`super::script`] to show those that hold prose or markup; with
//! `jsx` off (TypeScript), `<` never opens an element.
//!
//! The scan is one pass with an explicit stack (no recursion), and every
//! look-ahead is either consumed afterwards or remembered as failed, so it is
//! linear on any input. Offsets in the result are offsets in the file.

use std::ops::Range;

/// Elements whose content html5gum reads as raw text: a self-closing one
/// (Next.js `<Script … />`) is blanked so the tokenizer never switches state.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"title",
    b"textarea",
    b"iframe",
    b"xmp",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
];

/// Keywords after which an expression starts (`return <p>`).
const EXPR_KEYWORDS: &[&[u8]] = &[
    b"return", b"yield", b"await", b"case", b"default", b"else", b"do", b"in", b"of", b"typeof",
    b"void", b"delete", b"throw",
];

#[derive(Debug, Clone, Copy)]
enum Frame {
    /// JavaScript. `braces` counts open `{`; when `closes`, an unmatched `}`
    /// ends the frame (an expression container, a `${}`). `visible`: JSX
    /// found here is shown. `expr`: an expression may start here. `quote`:
    /// the frame is an attribute value, its braces become quotes.
    Code {
        braces: usize,
        closes: bool,
        visible: bool,
        expr: bool,
        quote: bool,
    },
    /// The text of a template literal.
    Template,
    /// Inside an opening tag, after its name.
    Tag {
        start: usize,
        keep: bool,
        visible: bool,
        raw: bool,
    },
    /// The children of an element or fragment.
    Children { visible: bool },
}

struct Scan<'a> {
    b: &'a [u8],
    out: Vec<u8>,
    stack: Vec<Frame>,
    /// A regular expression looked for at an offset before this one did not
    /// close on its line: a `/` before here is a division.
    no_regex_before: usize,
    /// `<` may open an element (JavaScript, JSX, TSX; not TypeScript).
    jsx: bool,
    /// The string and template literals of visible code, closed ones only.
    literals: Vec<Literal>,
    /// Template literals open now: where their text starts and their `${}`s.
    templates: Vec<(usize, Vec<Range<usize>>, bool)>,
}

/// A string or template literal of the code around the page's elements
/// (not of an attribute or a `${}`): its text between the quotes, and for a
/// template literal the `${…}` substitutions in it (from `$` through `}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub text: Range<usize>,
    pub template: bool,
    pub holes: Vec<Range<usize>>,
}

/// The file with everything but the page's markup and text blanked.
pub fn mask(src: &str) -> String {
    scan(src, true).0
}

/// [`mask`], where `jsx` says whether `<` can open an element, and the
/// literals of the code (closed ones, in order of their end).
pub fn scan(src: &str, jsx: bool) -> (String, Vec<Literal>) {
    let b = src.as_bytes();
    let mut s = Scan {
        jsx,
        literals: Vec::new(),
        templates: Vec::new(),
        b,
        out: b
            .iter()
            .map(|&c| if c == b'\n' { b'\n' } else { b' ' })
            .collect(),
        stack: vec![Frame::Code {
            braces: 0,
            closes: false,
            visible: true,
            expr: true,
            quote: false,
        }],
        no_regex_before: 0,
    };
    let mut i = 0;
    while i < b.len() {
        let Some(&top) = s.stack.last() else { break };
        i = match top {
            Frame::Code { .. } => s.code(i),
            Frame::Template => s.template(i),
            Frame::Tag {
                start,
                keep,
                visible,
                raw,
            } => s.tag(i, start, keep, visible, raw),
            Frame::Children { visible } => s.children(i, visible),
        };
    }
    // Kept ranges start and end on ASCII, so this holds; the fallback keeps the length.
    let out =
        String::from_utf8(s.out).unwrap_or_else(|e| super::template::ascii_only(e.into_bytes()));
    (out, s.literals)
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

impl Scan<'_> {
    fn keep(&mut self, r: Range<usize>) {
        self.out[r.clone()].copy_from_slice(&self.b[r]);
    }

    /// A component's name (`Link`, `ui.Card`) becomes `x` and spaces: an
    /// unknown, inline tag to the HTML reader, so the component's text joins
    /// the sentence around it as an `<a>`'s would, without a space added.
    fn rename(&mut self, name: Range<usize>) {
        if name.is_empty() {
            return;
        }
        self.out[name.start] = b'x';
        for x in &mut self.out[name.start + 1..name.end] {
            if *x != b'\n' {
                *x = b' ';
            }
        }
    }

    fn set_expr(&mut self, value: bool) {
        if let Some(Frame::Code { expr, .. }) = self.stack.last_mut() {
            *expr = value;
        }
    }

    /// Offset just past the first `needle` at or after `from`, else the end.
    fn past(&self, from: usize, needle: &[u8]) -> usize {
        self.b
            .get(from..)
            .and_then(|s| s.windows(needle.len()).position(|w| w == needle))
            .map_or(self.b.len(), |k| from + k + needle.len())
    }

    /// The end of a '…' or "…" string at `i` (at a line break if unclosed).
    fn string_end(&self, i: usize) -> usize {
        let q = self.b[i];
        let mut k = i + 1;
        while k < self.b.len() {
            match self.b[k] {
                b'\\' => k += 2,
                b'\n' => return k,
                c if c == q => return k + 1,
                _ => k += 1,
            }
        }
        self.b.len()
    }

    fn code(&mut self, i: usize) -> usize {
        let b = self.b;
        let c = b[i];
        let next = b.get(i + 1).copied();
        let Some(Frame::Code {
            braces,
            closes,
            visible,
            expr,
            quote,
        }) = self.stack.last().copied()
        else {
            return i + 1;
        };
        match c {
            c if c.is_ascii_whitespace() => i + 1,
            b'/' if next == Some(b'/') => b[i..]
                .iter()
                .position(|&x| x == b'\n')
                .map_or(b.len(), |k| i + k),
            b'/' if next == Some(b'*') => self.past(i + 2, b"*/"),
            b'\'' | b'"' => {
                self.set_expr(false);
                let end = self.string_end(i);
                if visible && end > i + 1 && b[end - 1] == c {
                    self.literals.push(Literal {
                        text: i + 1..end - 1,
                        template: false,
                        holes: Vec::new(),
                    });
                }
                end
            }
            b'`' => {
                self.set_expr(false);
                self.stack.push(Frame::Template);
                self.templates.push((i + 1, Vec::new(), visible));
                i + 1
            }
            b'/' => {
                if expr && i >= self.no_regex_before {
                    if let Some(end) = self.regex_end(i) {
                        self.set_expr(false);
                        return end;
                    }
                }
                self.set_expr(true);
                i + 1
            }
            b'{' => {
                if let Some(Frame::Code { braces, expr, .. }) = self.stack.last_mut() {
                    *braces += 1;
                    *expr = true;
                }
                i + 1
            }
            b'}' if braces == 0 && closes => {
                self.stack.pop();
                if quote {
                    self.out[i] = b'"';
                }
                if let (Some(Frame::Template), Some((_, holes, _))) =
                    (self.stack.last(), self.templates.last_mut())
                {
                    if let Some(h) = holes.last_mut() {
                        h.end = i + 1;
                    }
                }
                i + 1
            }
            b'}' => {
                if let Some(Frame::Code { braces, expr, .. }) = self.stack.last_mut() {
                    *braces = braces.saturating_sub(1);
                    *expr = false;
                }
                i + 1
            }
            b')' | b']' => {
                self.set_expr(false);
                i + 1
            }
            b'<' if self.jsx
                && expr
                && next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'>') =>
            {
                self.open_element(i, visible).unwrap_or_else(|| {
                    self.set_expr(true);
                    i + 1
                })
            }
            c if is_ident(c) => {
                let end = i + b[i..].iter().take_while(|&&x| is_ident(x)).count();
                self.set_expr(EXPR_KEYWORDS.contains(&&b[i..end]));
                end
            }
            c if !c.is_ascii() => {
                self.set_expr(false);
                i + 1
            }
            _ => {
                self.set_expr(true);
                i + 1
            }
        }
    }

    /// The end of a regular expression literal at `i`, if it closes on its line.
    fn regex_end(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        let mut class = false;
        let mut k = i + 1;
        while k < b.len() {
            match b[k] {
                b'\\' => k += 1,
                b'\n' => break,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => {
                    let flags = b[k + 1..].iter().take_while(|&&x| is_ident(x)).count();
                    return Some(k + 1 + flags);
                }
                _ => {}
            }
            k += 1;
        }
        self.no_regex_before = k;
        None
    }

    fn template(&mut self, i: usize) -> usize {
        match self.b[i] {
            b'\\' => i + 2,
            b'`' => {
                self.stack.pop();
                if let Some((start, holes, visible)) = self.templates.pop() {
                    if visible && i > start {
                        self.literals.push(Literal {
                            text: start..i,
                            template: true,
                            holes,
                        });
                    }
                }
                i + 1
            }
            b'$' if self.b.get(i + 1) == Some(&b'{') => {
                if let Some((_, holes, _)) = self.templates.last_mut() {
                    holes.push(i..i + 2);
                }
                self.stack.push(Frame::Code {
                    braces: 0,
                    closes: true,
                    visible: false,
                    expr: true,
                    quote: false,
                });
                i + 2
            }
            _ => i + 1,
        }
    }

    /// Starts an element or fragment at the `<` at `i`; `None` if what
    /// follows is no tag (a TypeScript `<T,>`).
    fn open_element(&mut self, i: usize, visible: bool) -> Option<usize> {
        let b = self.b;
        if b.get(i + 1) == Some(&b'>') {
            self.stack.push(Frame::Children { visible });
            return Some(i + 2);
        }
        let name_end = i
            + 1
            + b[i + 1..]
                .iter()
                .take_while(|&&c| is_ident(c) || matches!(c, b'.' | b':' | b'-'))
                .count();
        if name_end == i + 1 {
            // `< x` or `<(`: a comparison or a cast, no tag.
            return None;
        }
        let after = b[name_end..]
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .map(|k| b[name_end + k]);
        if !after.is_none_or(|c| matches!(c, b'>' | b'/' | b'{') || is_ident(c)) {
            return None;
        }
        let name = &b[i + 1..name_end];
        let intrinsic = name[0].is_ascii_lowercase() && !name.contains(&b'.');
        if visible {
            self.keep(i..name_end);
            if !intrinsic {
                self.rename(i + 1..name_end);
            }
        }
        let raw = intrinsic && RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name));
        self.stack.push(Frame::Tag {
            start: i,
            keep: visible,
            visible,
            raw,
        });
        Some(name_end)
    }

    /// An element ended: the code around it continues after an operand.
    fn element_done(&mut self) {
        self.set_expr(false);
    }

    fn tag(&mut self, i: usize, start: usize, keep: bool, visible: bool, raw: bool) -> usize {
        let b = self.b;
        match b[i] {
            c if c.is_ascii_whitespace() => i + 1,
            b'/' if b.get(i + 1) == Some(&b'>') => {
                self.stack.pop();
                if keep && raw {
                    // Blank the whole tag: `<script/>` must not open raw text.
                    for x in &mut self.out[start..i + 2] {
                        if *x != b'\n' {
                            *x = b' ';
                        }
                    }
                } else if keep {
                    self.keep(i..i + 2);
                }
                self.element_done();
                i + 2
            }
            b'>' => {
                self.stack.pop();
                if keep {
                    self.keep(i..i + 1);
                }
                self.stack.push(Frame::Children { visible });
                i + 1
            }
            b'{' => {
                if keep {
                    self.out[i] = b'"';
                }
                self.stack.push(Frame::Code {
                    braces: 0,
                    closes: true,
                    visible: false,
                    expr: true,
                    quote: keep,
                });
                i + 1
            }
            q @ (b'"' | b'\'') => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |k| i + 1 + k + 1);
                if keep {
                    self.keep(i..end);
                }
                end
            }
            b'<' => self.open_element(i, false).unwrap_or(i + 1),
            _ => {
                if keep {
                    self.keep(i..i + 1);
                }
                i + 1
            }
        }
    }

    fn children(&mut self, i: usize, visible: bool) -> usize {
        let b = self.b;
        match b[i] {
            b'{' => {
                if let Some((text, end)) = self.simple_child(i) {
                    if let (true, Some(r)) = (visible, text) {
                        self.keep(r);
                    }
                    return end;
                }
                self.stack.push(Frame::Code {
                    braces: 0,
                    closes: true,
                    visible,
                    expr: true,
                    quote: false,
                });
                i + 1
            }
            b'<' => match b.get(i + 1) {
                Some(b'/') => {
                    let end = self.past(i + 2, b">");
                    let name = &b[i + 2..end];
                    let intrinsic = name.first().is_some_and(u8::is_ascii_lowercase)
                        && !name.iter().take_while(|&&c| c != b'>').any(|&c| c == b'.');
                    let name_end = end - usize::from(b[end - 1] == b'>');
                    // `</>` closes a fragment: blank, as its `<>` is.
                    let fragment = b[i + 2..name_end].trim_ascii().is_empty();
                    if visible && !fragment {
                        self.keep(i..end);
                        if !intrinsic {
                            self.rename(i + 2..name_end);
                        }
                    }
                    self.stack.pop();
                    self.element_done();
                    end
                }
                Some(b'>') => {
                    self.stack.push(Frame::Children { visible });
                    i + 2
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    self.open_element(i, visible).unwrap_or(i + 1)
                }
                _ => i + 1,
            },
            _ => {
                let end = i + b[i..]
                    .iter()
                    .position(|&c| c == b'{' || c == b'<')
                    .unwrap_or(b.len() - i);
                if visible {
                    self.keep(i..end);
                }
                end
            }
        }
    }

    /// A child that is only a comment, nothing, or one string literal
    /// (`{' '}`, `{"Tekst"}`, `` {`Tekst`} `` without `${}`): the string's
    /// content (if any) and the end of the child.
    fn simple_child(&self, i: usize) -> Option<(Option<Range<usize>>, usize)> {
        let b = self.b;
        let skip_ws = |mut k: usize| {
            while b.get(k).is_some_and(u8::is_ascii_whitespace) {
                k += 1;
            }
            k
        };
        let mut j = skip_ws(i + 1);
        let mut text = None;
        if b[j..].starts_with(b"/*") {
            let end = self.past(j + 2, b"*/");
            j = skip_ws(end);
        } else if let Some(&q) = b.get(j).filter(|&&q| matches!(q, b'\'' | b'"' | b'`')) {
            let mut k = j + 1;
            loop {
                match *b.get(k)? {
                    b'\\' => k += 2,
                    b'\n' if q != b'`' => return None,
                    b'$' if q == b'`' && b.get(k + 1) == Some(&b'{') => return None,
                    c if c == q => break,
                    _ => k += 1,
                }
            }
            text = Some(j + 1..k);
            j = skip_ws(k + 1);
        }
        (b.get(j) == Some(&b'}')).then_some((text, j + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str) -> Vec<String> {
        let out = mask(src);
        assert_eq!(out.len(), src.len());
        out.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn code_is_blank_markup_and_text_stay() {
        let src = "import X from 'y';\nconst a = 'Niet zichtbaar';\nexport default function P() {\n  return (\n    <div className='c'>\n      <h1>Privacy</h1>\n      <p>Wij bewaren{' '}\n        <X href='/a'>niets</X>.{/* noot */}\n      </p>\n    </div>\n  );\n}\n";
        assert_eq!(
            words(src),
            [
                "<div",
                "className='c'>",
                "<h1>Privacy</h1>",
                "<p>Wij",
                "bewaren",
                "<x",
                "href='/a'>niets</x>.",
                "</p>",
                "</div>"
            ]
        );
    }

    #[test]
    fn attribute_expressions_become_empty_quotes_and_hide_their_jsx() {
        let src = "const P = () => <a href={url(1)} title=\"t\" icon={<i>x</i>}>Klik</a>;";
        let out = mask(src);
        assert!(
            out.contains("<a href=\"      \" title=\"t\" icon=\"        \">Klik</a>"),
            "{out}"
        );
    }

    #[test]
    fn expression_children_and_strings() {
        let src = "const P = () => (<ul>{items.map(i => <li key={i}>Punt</li>)}{\"Tekst\"}{`Meer`}{`${x}`}</ul>);";
        assert_eq!(
            words(src),
            [
                "<ul>",
                "<li",
                "key=\"",
                "\">Punt</li>",
                "Tekst",
                "Meer",
                "</ul>"
            ]
        );
    }

    #[test]
    fn comparisons_generics_regexes_and_strings_are_no_jsx() {
        let src = "if (a < b && c<d) {}\nconst f = useState<string>('');\nconst g = <T,>(x: T) => x;\nconst r = /<p>/g;\nconst s = \"<p>nee</p>\";\nconst t = `<p>${'<b>'}</p>`;";
        assert!(words(src).is_empty(), "{:?}", words(src));
    }

    #[test]
    fn self_closing_raw_text_tags_are_blanked() {
        let src = "const P = () => <><script src='x' /><Head><title>T</title></Head><p>Na</p></>;";
        // `<Head>` is a component: an inline `x`; `<script />` is gone.
        assert_eq!(words(src), ["<x", "><title>T</title></x", "><p>Na</p>"]);
    }

    #[test]
    fn hostile_input_is_linear_and_never_panics() {
        for src in [
            "(/".repeat(50_000),
            "return <a>".repeat(20_000),
            "{/*".repeat(30_000),
            "<p>{'".repeat(30_000),
            "x = <p>é{".to_owned(),
            "<".to_owned(),
            "return <".to_owned(),
        ] {
            let started = std::time::Instant::now();
            assert_eq!(mask(&src).len(), src.len());
            assert!(started.elapsed().as_secs() < 5);
        }
    }
}
