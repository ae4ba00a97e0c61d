//! Template syntax of web frameworks, blanked before the HTML is tokenized.
//!
//! A template engine reads its own tags before any HTML exists, so avglint
//! does the same: [`mask`] returns a copy of the text of the same length in
//! which every template construct is replaced by spaces (line breaks kept).
//! Byte offsets into the copy are offsets into the file, so spans stay exact,
//! and markup inside a construct (`<?php if ($a > 1): ?>`) can no longer
//! confuse the HTML tokenizer.
//!
//! Blanked: `{{ }}` (also `{{{ }}}`, `{{-- --}}`, `{{!-- --}}`), `{% %}`
//! (a `{% comment %}` block through its `{% endcomment %}`), `{# #}`,
//! `{!! !!}`, YAML front matter, `<?php ?>`/`<?= ?>`/`<? ?>` (an unclosed `<?php` runs to the
//! end, as in PHP), `<% %>` in all its forms, Blade directives (`@include(..)`,
//! `@endif`, `@php .. @endphp`), for Smarty `{...}` and `{* *}`, and for
//! FreeMarker (`.ftl`) `<#-- -->`, `<#if ..>`/`</#if>`, `<@macro .. />`/`</@macro>`,
//! `${..}` and `#{..}`. The
//! quoted literal of a translation tag (`{% trans 'x' %}`, `{{ _('x') }}`) is
//! kept: it is the text the page shows.
//!
//! Every closer is looked up through a [`Next`], which remembers the last
//! match (or that there is none after some offset): the scan only moves
//! forward, so the whole pass is linear even for thousands of unclosed `{{`.

use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// Longest Smarty tag (`{$x}`, `{include file="a.tpl"}`): a `{` whose `}` is
/// further away is text.
const MAX_SMARTY_TAG: usize = 1_000;
/// Longest argument list of a Blade directive scanned for its `)`.
const MAX_BLADE_ARGS: usize = 2_000;
/// Longest FreeMarker tag or interpolation scanned for its end.
const MAX_FTL_TAG: usize = 2_000;

/// Which template syntax a file may hold besides the common one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `{{ }}`, `{% %}`, `{# #}`, `<?php ?>`, `<% %>`, Blade and front matter.
    Common,
    /// Common, and Smarty's `{...}` and `{* *}`.
    Smarty,
    /// Common, and FreeMarker's directives, macros, comments and interpolations.
    Freemarker,
}

/// Blade directives (Laravel): `@name` is blanked only for these names, so a
/// handle such as `@privacyteam` stays text.
const BLADE: &[&str] = &[
    "append",
    "auth",
    "aware",
    "break",
    "can",
    "cannot",
    "case",
    "checked",
    "choice",
    "class",
    "component",
    "continue",
    "csrf",
    "dd",
    "default",
    "disabled",
    "dump",
    "each",
    "else",
    "elseauth",
    "elsecan",
    "elseif",
    "empty",
    "endauth",
    "endcan",
    "endcannot",
    "endcomponent",
    "endempty",
    "endenv",
    "endfor",
    "endforeach",
    "endforelse",
    "endfragment",
    "endguest",
    "endif",
    "endisset",
    "endonce",
    "endphp",
    "endprepend",
    "endproduction",
    "endpush",
    "endsection",
    "endslot",
    "endswitch",
    "endunless",
    "endverbatim",
    "endwhile",
    "env",
    "error",
    "enderror",
    "extends",
    "for",
    "foreach",
    "forelse",
    "fragment",
    "guest",
    "hasSection",
    "if",
    "include",
    "includeFirst",
    "includeIf",
    "includeUnless",
    "includeWhen",
    "inject",
    "isset",
    "json",
    "lang",
    "livewire",
    "livewireScripts",
    "livewireStyles",
    "method",
    "once",
    "overwrite",
    "parent",
    "php",
    "prepend",
    "production",
    "props",
    "push",
    "pushOnce",
    "readonly",
    "required",
    "section",
    "sectionMissing",
    "selected",
    "show",
    "slot",
    "stack",
    "stop",
    "style",
    "switch",
    "unless",
    "use",
    "verbatim",
    "vite",
    "while",
    "yield",
];

/// The text with every template construct blanked; borrowed when there is none.
pub fn mask(text: &str, dialect: Dialect) -> Cow<'_, str> {
    let smarty = dialect == Dialect::Smarty;
    let ftl = dialect == Dialect::Freemarker;
    let b = text.as_bytes();
    let mut next = Closers::new(text);
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    if let Some(end) = front_matter(text) {
        blank(out.get_or_insert_with(|| b.to_vec()), 0..end, None);
        i = end;
    }
    while i < b.len() {
        let hit = match b[i] {
            b'$' | b'#' if ftl && b.get(i + 1) == Some(&b'{') => freemarker(text, i, &mut next),
            b'{' => brace(text, i, smarty, &mut next),
            b'<' => match b.get(i + 1) {
                Some(b'?') => php(text, i, &mut next),
                Some(b'%') => erb(text, i, &mut next),
                Some(b'#' | b'@') if ftl => freemarker(text, i, &mut next),
                Some(b'/') if ftl && matches!(b.get(i + 2), Some(b'#' | b'@')) => {
                    freemarker(text, i, &mut next)
                }
                _ => None,
            },
            b'@' => blade(text, i, &mut next),
            _ => None,
        };
        match hit {
            Some(Hit { end, keep }) => {
                let out = out.get_or_insert_with(|| b.to_vec());
                blank(out, i..end, keep);
                i = end;
            }
            None => i += 1,
        }
    }
    match out {
        None => Cow::Borrowed(text),
        // Only whole characters were blanked (every construct starts and ends
        // on ASCII), so this cannot fail; the fallback keeps the length anyway.
        Some(v) => Cow::Owned(String::from_utf8(v).unwrap_or_else(|e| ascii_only(e.into_bytes()))),
    }
}

/// The end of a YAML front matter block (Jekyll, Eleventy): `---` on the
/// first line through the next line that is `---`.
fn front_matter(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("---")?;
    let first = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut at = text.len() - first.len();
    for line in first.split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == "---" {
            return Some(at);
        }
    }
    None
}

/// A construct found at some offset: where it ends and the part of it that is visible text.
struct Hit {
    end: usize,
    keep: Option<Range<usize>>,
}

impl Hit {
    fn to(end: usize) -> Option<Hit> {
        Some(Hit { end, keep: None })
    }
}

/// Spaces over `range` (line breaks kept), except `keep`.
fn blank(out: &mut [u8], range: Range<usize>, keep: Option<Range<usize>>) {
    for (i, byte) in out[range.clone()].iter_mut().enumerate() {
        let at = range.start + i;
        if keep.as_ref().is_some_and(|k| k.contains(&at)) || *byte == b'\n' {
            continue;
        }
        *byte = b' ';
    }
}

/// Every non-ASCII byte as a space: a same-length valid text.
pub(crate) fn ascii_only(mut v: Vec<u8>) -> String {
    for x in &mut v {
        if !x.is_ascii() {
            *x = b' ';
        }
    }
    String::from_utf8(v).unwrap_or_default()
}

/// The next occurrence of one closer at or after an offset, remembered: a
/// lookup from a larger offset reuses the last answer when it still holds,
/// so all lookups of one pass together read the text once.
struct Next<'a> {
    hay: &'a str,
    needle: &'static str,
    /// The last match found.
    found: Option<usize>,
    /// There is no match at or after this offset.
    none_from: Option<usize>,
}

impl<'a> Next<'a> {
    fn new(hay: &'a str, needle: &'static str) -> Next<'a> {
        Next {
            hay,
            needle,
            found: None,
            none_from: None,
        }
    }

    /// The first match starting at or after `from`.
    fn at_or_after(&mut self, from: usize) -> Option<usize> {
        if let Some(f) = self.found.filter(|&f| f >= from) {
            return Some(f);
        }
        if self.none_from.is_some_and(|n| from >= n) {
            return None;
        }
        match self.hay.get(from..).and_then(|s| s.find(self.needle)) {
            Some(k) => {
                self.found = Some(from + k);
                self.found
            }
            None => {
                self.none_from = Some(from);
                None
            }
        }
    }

    /// The offset just past the first match at or after `from`.
    fn end_after(&mut self, from: usize) -> Option<usize> {
        let needle = self.needle.len();
        self.at_or_after(from).map(|k| k + needle)
    }
}

/// One [`Next`] per closer the scan looks for.
struct Closers<'a> {
    curly2: Next<'a>,
    curly3: Next<'a>,
    dash_curly2: Next<'a>,
    percent_curly: Next<'a>,
    hash_curly: Next<'a>,
    bang_curly: Next<'a>,
    star_curly: Next<'a>,
    curly: Next<'a>,
    question_angle: Next<'a>,
    percent_angle: Next<'a>,
    endcomment: Next<'a>,
    endphp: Next<'a>,
    comment_end: Next<'a>,
    /// A FreeMarker tag or interpolation opened before here never closed:
    /// one opened before here is not searched again.
    ftl_unclosed_until: usize,
    /// A Blade argument list opened before here never closed: a `(` before
    /// here is not searched again (each byte is read by one failed search).
    unbalanced_until: usize,
}

impl<'a> Closers<'a> {
    fn new(t: &'a str) -> Closers<'a> {
        Closers {
            curly2: Next::new(t, "}}"),
            curly3: Next::new(t, "}}}"),
            dash_curly2: Next::new(t, "--}}"),
            percent_curly: Next::new(t, "%}"),
            hash_curly: Next::new(t, "#}"),
            bang_curly: Next::new(t, "!!}"),
            star_curly: Next::new(t, "*}"),
            curly: Next::new(t, "}"),
            question_angle: Next::new(t, "?>"),
            percent_angle: Next::new(t, "%>"),
            endcomment: Next::new(t, "endcomment"),
            endphp: Next::new(t, "@endphp"),
            comment_end: Next::new(t, "-->"),
            ftl_unclosed_until: 0,
            unbalanced_until: 0,
        }
    }
}

/// `{{ }}`, `{% %}`, `{# #}`, `{!! !!}` and Smarty's `{...}` at `i`.
fn brace(text: &str, i: usize, smarty: bool, next: &mut Closers) -> Option<Hit> {
    let b = text.as_bytes();
    let at = |k: usize| b.get(i + k).copied();
    match at(1)? {
        b'{' => {
            if at(2) == Some(b'{') {
                return Hit::to(next.curly3.end_after(i + 3)?);
            }
            // Blade `{{-- --}}`, Handlebars `{{!-- --}}`: comments that may hold `}}`.
            let comment = match (at(2), at(3), at(4)) {
                (Some(b'-'), Some(b'-'), _) => Some(i + 4),
                (Some(b'!'), Some(b'-'), Some(b'-')) => Some(i + 5),
                _ => None,
            };
            if let Some(from) = comment {
                return Hit::to(next.dash_curly2.end_after(from)?);
            }
            let close = next.curly2.at_or_after(i + 2)?;
            tag_with_literal(text, i + 2..close, close + 2)
        }
        b'%' => {
            let close = next.percent_curly.at_or_after(i + 2)?;
            let body = &text[i + 2..close];
            // Django/Twig `{% comment %} … {% endcomment %}`: all of it is hidden.
            let word = body.trim().trim_matches('-').split_whitespace().next();
            if word == Some("comment") {
                if let Some(end) = next.endcomment.at_or_after(close + 2) {
                    if let Some(stop) = next.percent_curly.end_after(end) {
                        return Hit::to(stop);
                    }
                }
            }
            tag_with_literal(text, i + 2..close, close + 2)
        }
        b'#' => Hit::to(next.hash_curly.end_after(i + 2)?),
        b'!' if at(2) == Some(b'!') => Hit::to(next.bang_curly.end_after(i + 3)?),
        b'*' if smarty => Hit::to(next.star_curly.end_after(i + 2)?),
        c if smarty && !c.is_ascii_whitespace() => {
            // Smarty: `{` followed by whitespace is literal (its auto_literal rule).
            let close = next.curly.at_or_after(i + 1)?;
            (close - i <= MAX_SMARTY_TAG).then_some(Hit {
                end: close + 1,
                keep: None,
            })
        }
        _ => None,
    }
}

/// A tag ending at `end` whose body is `body`: blanked, except the literal
/// of a translation call.
fn tag_with_literal(text: &str, body: Range<usize>, end: usize) -> Option<Hit> {
    let keep =
        translated_literal(&text[body.clone()]).map(|r| body.start + r.start..body.start + r.end);
    Some(Hit { end, keep })
}

/// `<?php … ?>`, `<?= … ?>`, `<? … ?>` at `i` (not `<?xml`).
fn php(text: &str, i: usize, next: &mut Closers) -> Option<Hit> {
    let rest = &text.as_bytes()[i + 2..];
    let long = rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"php");
    let echo = rest.first() == Some(&b'=');
    if !(long || echo || rest.first().is_some_and(u8::is_ascii_whitespace)) {
        return None;
    }
    match next.question_angle.at_or_after(i + 2) {
        Some(close) if echo => tag_with_literal(text, i + 3..close, close + 2),
        Some(close) => Hit::to(close + 2),
        // PHP itself reads an unclosed `<?php` to the end of the file.
        None if long => Hit::to(text.len()),
        None => None,
    }
}

/// `<% … %>`, `<%= … %>`, `<%# … %>` (ERB, EJS, ASP) at `i`; `<%%` is an escape.
fn erb(text: &str, i: usize, next: &mut Closers) -> Option<Hit> {
    if text.as_bytes().get(i + 2) == Some(&b'%') {
        return None;
    }
    Hit::to(next.percent_angle.end_after(i + 2)?)
}

/// A Blade directive at `i`: `@name`, `@name(...)`, `@php … @endphp`.
fn blade(text: &str, i: usize, next: &mut Closers) -> Option<Hit> {
    let b = text.as_bytes();
    // Not inside a word, an e-mail address or a URL.
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b"._-@+/:\\'\"=".contains(&b[i - 1])) {
        return None;
    }
    let name_end = i
        + 1
        + b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
    let name = &text[i + 1..name_end];
    if !BLADE.contains(&name) {
        return None;
    }
    let mut k = name_end;
    while b.get(k).is_some_and(|c| *c == b' ' || *c == b'\t') {
        k += 1;
    }
    if b.get(k) == Some(&b'(') && k >= next.unbalanced_until {
        match matching_paren(b, k) {
            Ok(close) => return Hit::to(close + 1),
            Err(scanned) => next.unbalanced_until = scanned,
        }
    } else if name == "php" {
        if let Some(end) = next.endphp.end_after(name_end) {
            return Hit::to(end);
        }
    }
    Hit::to(name_end)
}

/// A FreeMarker construct at `i`: a comment `<#-- -->`, a directive
/// `<#name ..>`/`</#name>`, a macro call `<@name .. />`/`</@name>`, or an
/// interpolation `${..}`/`#{..}`. A tag ends at the first `>` outside
/// quotes and parentheses (FreeMarker reads `<#if a > b>` so too), an
/// interpolation at its `}` outside quotes and nested braces; one that does
/// not end within [`MAX_FTL_TAG`] bytes is only its opener.
fn freemarker(text: &str, i: usize, next: &mut Closers) -> Option<Hit> {
    let b = text.as_bytes();
    if b[i] == b'<' && b[i + 1..].starts_with(b"#--") {
        return Hit::to(next.comment_end.end_after(i + 4).unwrap_or(text.len()));
    }
    let (opener, closer) = match b[i] {
        b'<' => (if b[i + 1] == b'/' { 3 } else { 2 }, b'>'),
        _ => (2, b'}'),
    };
    // A tag needs a name: `<# ` or `<@>` is text.
    if b[i] == b'<' && !b.get(i + opener).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if i >= next.ftl_unclosed_until {
        match ftl_end(b, i + opener, closer) {
            Ok(end) => return Hit::to(end),
            Err(scanned) => next.ftl_unclosed_until = scanned,
        }
    }
    Hit::to(i + opener)
}

/// The end of a FreeMarker tag or interpolation: just past the first
/// `closer` outside quotes and brackets at or after `from`, within
/// [`MAX_FTL_TAG`]; else how far the search read.
fn ftl_end(b: &[u8], from: usize, closer: u8) -> Result<usize, usize> {
    closing(b, from, closer, MAX_FTL_TAG).map(|k| k + 1)
}

/// The `)` matching the `(` at `open`, quotes respected, within
/// [`MAX_BLADE_ARGS`]; else how far the search read.
fn matching_paren(b: &[u8], open: usize) -> Result<usize, usize> {
    // The limit counts from the `(` itself.
    closing(b, open + 1, b')', MAX_BLADE_ARGS - 1)
}

/// The first `closer` at or after `from` outside quotes (with backslash
/// escapes) and outside the brackets opened after `from`, searched over at
/// most `limit` bytes; else how far the search read.
fn closing(b: &[u8], from: usize, closer: u8, limit: usize) -> Result<usize, usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let stop = b.len().min(from.saturating_add(limit));
    let mut k = from;
    while k < stop {
        let c = b[k];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    k += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                c if c == closer && depth == 0 => return Ok(k),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        k += 1;
    }
    Err(k)
}

/// The range of the quoted literal in a translation tag's body
/// (`trans 'x'`, `_("x")`, `gettext('x')`), relative to `body`; a literal
/// that looks like a message key (`privacy.title`) is no visible text.
fn translated_literal(body: &str) -> Option<Range<usize>> {
    static CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^[\s\-~+]*(?:trans|translate|_\(|gettext\(|t\()\s*(['"])"#)
            .expect("valid pattern")
    });
    // Twig: `{{ 'Tekst'|trans }}`.
    static FILTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^[\s\-~]*(?:'([^'\\]*)'|"([^"\\]*)")\s*\|\s*trans\b"#).expect("valid pattern")
    });
    let (start, end) = if let Some(m) = CALL.captures(body) {
        let quote = m.get(1)?;
        let start = quote.end();
        (start, start + body[start..].find(quote.as_str())?)
    } else {
        let m = FILTER.captures(body)?;
        let lit = m.get(1).or_else(|| m.get(2))?;
        (lit.start(), lit.end())
    };
    let lit = &body[start..end];
    let key = !lit.contains(char::is_whitespace)
        && lit.contains(['.', '_', ':'])
        && lit
            .chars()
            .all(|c| c.is_alphanumeric() || "._:-".contains(c));
    (!key).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        mask(s, Dialect::Common).into_owned()
    }

    #[test]
    fn constructs_become_spaces_of_the_same_length() {
        let src = "a{{ x }}b{% if y > 1 %}c{# n\n #}d{!! raw !!}e";
        let out = m(src);
        assert_eq!(out.len(), src.len());
        let blanked = |s: &str| " ".repeat(s.len());
        let expected = format!(
            "a{}b{}c{}\n{}d{}e",
            blanked("{{ x }}"),
            blanked("{% if y > 1 %}"),
            blanked("{# n"),
            blanked(" #}"),
            blanked("{!! raw !!}")
        );
        assert_eq!(out, expected);
        assert!(matches!(
            mask("plain <p>text</p>", Dialect::Common),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn translation_literals_stay_and_keys_do_not() {
        assert_eq!(m("{% trans 'Wij bewaren' %}").trim(), "Wij bewaren");
        assert_eq!(m("{{ _(\"We keep\") }}").trim(), "We keep");
        assert_eq!(m("{%- trans \"Privacy\" -%}").trim(), "Privacy");
        assert_eq!(m("{{ t('privacy.title') }}").trim(), "");
        assert_eq!(m("<?= _('Wij') ?>").trim(), "Wij");
        assert_eq!(
            m("{{ 'Privacy statement'|trans }}").trim(),
            "Privacy statement"
        );
        assert_eq!(m("{{ 'a'|upper }}").trim(), "");
    }

    #[test]
    fn php_erb_and_handlebars() {
        assert_eq!(m("<?php if ($a->b > 1): ?>X<?php endif ?>").trim(), "X");
        assert_eq!(
            m("<p>Y</p><?php\nclass A { function b() { return '<p>no</p>'; } }").trim(),
            "<p>Y</p>"
        );
        assert_eq!(
            m("<?xml version=\"1.0\"?><p>Z</p>"),
            "<?xml version=\"1.0\"?><p>Z</p>"
        );
        assert_eq!(m("<%= link_to 'x', y %>V<%# note %>").trim(), "V");
        assert_eq!(m("<%% literal").trim(), "<%% literal");
        assert_eq!(m("{{#if a}}W{{/if}}{{{raw}}}{{!-- a }} b --}}").trim(), "W");
        assert_eq!(m("{{-- a }} b --}}Q").trim(), "Q");
    }

    #[test]
    fn front_matter_is_hidden() {
        assert_eq!(m("---\nlayout: base\n---\n<p>A</p>").trim(), "<p>A</p>");
        assert_eq!(m("---\r\nx: 1\r\n---\r\nB").trim(), "B");
        assert_eq!(m("--- no\nA").trim(), "--- no\nA");
    }

    #[test]
    fn django_comment_blocks_are_hidden() {
        let src = "A{% comment %}<p>oud</p>{% endcomment %}B";
        assert_eq!(m(src).split_whitespace().collect::<Vec<_>>(), ["A", "B"]);
    }

    #[test]
    fn blade_directives_but_not_addresses_or_handles() {
        let src = "@extends('layouts.app')\n@section('title', 'Privacy')\n<p>Mail privacy@include.nl of @privacyteam.</p>\n@if ($a)\nX\n@endif @php $x = 1; @endphp";
        let out = m(src);
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(
            words,
            [
                "<p>Mail",
                "privacy@include.nl",
                "of",
                "@privacyteam.</p>",
                "X"
            ]
        );
    }

    #[test]
    fn smarty_only_when_asked() {
        let src = "{* note *}{$name} woont { niet } {if $a}hier{/if}";
        assert_eq!(
            mask(src, Dialect::Smarty)
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["woont", "{", "niet", "}", "hier"]
        );
        assert_eq!(mask(src, Dialect::Common), src);
    }

    #[test]
    fn freemarker_only_when_asked() {
        let src = "<#-- kop <p>oud</p> -->\n<#include \"h.ftl\">\n<#if (a > 1)>\n<p>Wij bewaren ${naam!\"uw\"} gegevens #{n}.</p>\n</#if>\n<@site.link href=\"/x\">Meer</@site.link>\n<p>Mail <# niet> of <@>.</p>";
        let out = mask(src, Dialect::Freemarker);
        assert_eq!(out.len(), src.len());
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            [
                "<p>Wij", "bewaren", "gegevens", ".</p>", "Meer", "<p>Mail", "<#", "niet>", "of",
                "<@>.</p>"
            ]
        );
        // The `>` inside parentheses does not end the `<#if>`; the line breaks stay.
        assert_eq!(out.matches('\n').count(), src.matches('\n').count());
        assert_eq!(mask(src, Dialect::Common), src);
    }

    #[test]
    fn unclosed_freemarker_tags_are_searched_once() {
        let src = "<#if (".repeat(50_000);
        let started = std::time::Instant::now();
        let out = mask(&src, Dialect::Freemarker);
        assert_eq!(out.len(), src.len());
        assert!(started.elapsed().as_secs() < 5);
        let src = "${".repeat(100_000);
        assert_eq!(mask(&src, Dialect::Freemarker).trim(), "");
    }

    #[test]
    fn an_unclosed_blade_argument_list_is_searched_once() {
        let src = "@if(".repeat(10_000);
        let mut next = Closers::new(&src);
        assert_eq!(blade(&src, 0, &mut next).map(|h| h.end), Some(3));
        assert_eq!(next.unbalanced_until, 3 + MAX_BLADE_ARGS);
        // Inside the part already read: only the name is blanked, nothing is read again.
        assert_eq!(blade(&src, 4, &mut next).map(|h| h.end), Some(7));
        assert_eq!(next.unbalanced_until, 3 + MAX_BLADE_ARGS);
    }

    #[test]
    fn unclosed_openers_are_linear() {
        // Each lookup after the first reuses "no `}}` after here".
        let src = "{{ a ".repeat(100_000);
        let out = m(&src);
        assert_eq!(out, src);
        let mut next = Next::new(&src, "}}");
        assert_eq!(next.at_or_after(0), None);
        assert_eq!(next.none_from, Some(0));
    }
}
