//! Sentence segmentation: Unicode sentence bounds (UAX #29), merged back
//! where a period belongs to an abbreviation ("bijv.", "art.", "e.g.").

use std::ops::Range;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// Longest sentence handed to the rules; longer runs (a 1 MB line) are cut at
/// whitespace so matching stays linear and spans stay meaningful.
const MAX_SENTENCE: usize = 2000;

static ABBREVIATIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    #[derive(serde::Deserialize)]
    struct File {
        abbreviations: Vec<String>,
    }
    let file: File = toml::from_str(include_str!("../../rules/abbreviations.toml"))
        .expect("rules/abbreviations.toml is checked by the test suite");
    file.abbreviations
        .into_iter()
        .map(|a| a.to_lowercase())
        .collect()
});

/// Byte ranges of the sentences in `text`.
/// Line breaks inside a block (HTML source lines, `<br>` runs) are not
/// sentence ends, so they are read as spaces; byte offsets stay the same.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let flat;
    let text = if text.contains(['\n', '\r']) {
        flat = text.replace(['\n', '\r'], " ");
        flat.as_str()
    } else {
        text
    };
    // UAX #29 breaks only after a terminator or a paragraph separator; in
    // ASCII those are `.`, `!` and `?` (line breaks are spaces here), so
    // text without them is one sentence. This skips the per-character
    // table lookups for headings and most list items.
    if text.is_ascii() && !text.contains(['.', '!', '?']) {
        if text.trim().is_empty() {
            return Vec::new();
        }
        return cut_long(text, 0..text.len());
    }
    by_uax29(text)
}

/// Sentence ranges by the Unicode rules, merged after abbreviations.
fn by_uax29(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut merge_next = false;
    for (start, s) in text.split_sentence_bound_indices() {
        let end = start + s.len();
        if s.trim().is_empty() {
            if let Some(last) = out.last_mut() {
                last.end = end;
            }
            continue;
        }
        match out.last_mut() {
            Some(last) if merge_next => last.end = end,
            _ => out.push(start..end),
        }
        merge_next = ends_with_abbreviation(s.trim_end());
    }
    out.into_iter().flat_map(|r| cut_long(text, r)).collect()
}

fn ends_with_abbreviation(s: &str) -> bool {
    if !s.ends_with('.') {
        return false;
    }
    let last = s
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let word = last.to_lowercase();
    let bare = word.trim_end_matches('.');
    // A lone letter or number with a period: "A.", "art. 6 lid 1 sub e.", "1."
    if bare.chars().count() == 1 || (!bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit())) {
        return true;
    }
    ABBREVIATIONS.contains(&word)
}

fn cut_long(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    if r.len() <= MAX_SENTENCE {
        return vec![r];
    }
    let mut out = Vec::new();
    let mut start = r.start;
    while r.end - start > MAX_SENTENCE {
        let limit = crate::source::floor_char_boundary(text, start + MAX_SENTENCE);
        let cut = text[start..limit]
            .rfind(char::is_whitespace)
            .map_or(limit, |i| start + i + 1);
        let cut = if cut <= start { limit } else { cut };
        out.push(start..cut);
        start = cut;
    }
    out.push(start..r.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        let t = "Wij delen gegevens met o.a. de Belastingdienst, bijv. Voor controle. Zie art. 6 AVG. Daarna niet.";
        assert_eq!(
            sentences(t),
            vec![
                "Wij delen gegevens met o.a. de Belastingdienst, bijv. Voor controle.",
                "Zie art. 6 AVG.",
                "Daarna niet."
            ]
        );
        let e = "We use processors, e.g. Mailchimp. Acme Inc. Is based in Delft. Done.";
        assert_eq!(
            sentences(e),
            vec![
                "We use processors, e.g. Mailchimp.",
                "Acme Inc. Is based in Delft.",
                "Done."
            ]
        );
    }

    #[test]
    fn line_breaks_inside_a_block_do_not_end_a_sentence() {
        let t = "The Data Protection Officer\n  Ministry of Justice\r\n  London E14 4PU";
        assert_eq!(split_sentences(t), vec![0..t.len()]);
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_agrees_with_the_unicode_rules(
            t in "[a-zA-Z0-9 ,;:()'\"\t\n-]{0,300}"
        ) {
            let flat = t.replace('\n', " ");
            proptest::prop_assert_eq!(split_sentences(&t), by_uax29(&flat));
        }
    }

    #[test]
    fn a_one_megabyte_line_is_cut_into_bounded_sentences() {
        let t = "woord ".repeat(200_000);
        let parts = split_sentences(&t);
        assert!(parts.iter().all(|r| r.len() <= MAX_SENTENCE));
        assert_eq!(parts.last().unwrap().end, t.len());
    }
}
