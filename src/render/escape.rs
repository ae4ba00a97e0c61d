//! The one escaping of text that reaches a terminal or a CI log: file names,
//! notice text, messages. A file named with a newline and `::error ...::`,
//! a notice line with a bare CR, an OSC 8 hyperlink or a title change in a
//! notice must print as visible characters, never act.
//!
//! Escaped: C0 controls (tab kept; a line break kept only where a caller
//! shows text over several lines), DEL, C1 controls (U+0080-U+009F, which
//! some terminals read as CSI and OSC), and the bidirectional overrides and
//! isolates that reorder what a reader sees (U+202A-U+202E, U+2066-U+2069).

use std::borrow::Cow;

fn dangerous(c: char) -> bool {
    matches!(c, '\0'..='\u{08}' | '\u{0A}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line of text: every dangerous character, line breaks included, as
/// `\n`, `\r`, `\e` or `\u{NN}`.
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1B}' => out.push_str("\\e"),
            c if dangerous(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// As [`line`], but line breaks (`\n`, `\r`) stay for a caller that
/// encodes them itself (GitHub's `%0A`).
pub fn keep_breaks(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| dangerous(c) && c != '\n' && c != '\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(c),
            '\u{1B}' => out.push_str("\\e"),
            c if dangerous(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Serialised JSON with the characters JSON leaves raw but a terminal may
/// act on or reorder (DEL, C1 controls, bidi controls, U+2028/U+2029)
/// written as `\\uXXXX` escapes: the same JSON value, safe to `cat`. Outside
/// strings JSON text is ASCII, so every such character is inside a string.
pub fn json(text: &str) -> Cow<'_, str> {
    // Not C0: serde escapes those inside strings, and outside them a line
    // break is layout.
    let raw = |c: char| {
        matches!(
            c,
            '\u{7F}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !text.chars().any(raw) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text shown with byte spans into it (a diagnostic's source lines): the
/// same byte length, so spans stay valid. Line feeds and CRLF stay; a bare
/// CR, other C0 controls and DEL become `?`, a C1 control (two bytes) `¿`,
/// a bidi control (three bytes) U+FFFD.
pub fn same_length(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let keep = |i: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    if !s.char_indices().any(|(i, c)| dangerous(c) && !keep(i, c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if !dangerous(c) || keep(i, c) {
            out.push(c);
            continue;
        }
        out.push(match c.len_utf8() {
            1 => '?',
            2 => '¿',
            _ => '\u{FFFD}',
        });
    }
    debug_assert_eq!(out.len(), s.len());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_show_controls_as_visible_escapes() {
        assert_eq!(line("plain.md"), "plain.md");
        assert_eq!(
            line("a\n::error file=x::forged\r\u{1b}]8;;http://x\u{7}"),
            "a\\n::error file=x::forged\\r\\e]8;;http://x\\u{7}"
        );
        assert_eq!(line("\u{9b}31m \u{202e}x"), "\\u{9B}31m \\u{202E}x");
        assert_eq!(line("tab\tok"), "tab\tok");
    }

    #[test]
    fn json_escapes_what_a_terminal_would_act_on_and_stays_the_same_value() {
        let value = serde_json::json!({"t": "a\u{9b}2J \u{202e}b\u{7f} é"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json(&text);
        assert!(safe.contains('\n'), "layout kept");
        assert!(!safe.chars().any(|c| dangerous(c) && c != '\n'), "{safe}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            value
        );
        assert_eq!(json("{\"a\":\"é\"}"), "{\"a\":\"é\"}");
    }

    #[test]
    fn same_length_keeps_spans() {
        for s in [
            "line\r\nnext\rbare \u{1b}[2J \u{9b} \u{202e} é\n",
            "ok\n",
            "\u{7f}",
        ] {
            let e = same_length(s);
            assert_eq!(e.len(), s.len(), "{s:?}");
            assert!(!e.chars().any(|c| dangerous(c) && c != '\n' && c != '\r'));
        }
        assert_eq!(same_length("a\r\nb\rc"), "a\r\nb?c");
    }
}
