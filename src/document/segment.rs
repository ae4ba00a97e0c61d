//! Sentence segmentation: Unicode sentence bounds (UAX #29), merged back
//! where a period belongs to an abbreviation ("bijv.", "art.", "e.g.").

use std::ops::Range;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// Longest sentence handed to the rules; longer runs (a 1 MB line) are cut at
/// whitespace so matching stays linear and spans stay meaningful.
const MAX_SENTENCE: usize = 2000;

/// Words ending in a period that do not end a sentence: the rules folder's
/// `abbreviations.toml`, set once per process by [`use_abbreviations`]
/// (an organisation's rules folder may replace the file), else the built-in file.
static ABBREVIATIONS: OnceLock<Vec<String>> = OnceLock::new();

/// Makes these abbreviations the process's (before the first text is split;
/// later calls change nothing and return `false`).
pub fn use_abbreviations(list: &[String]) -> bool {
    ABBREVIATIONS
        .set(list.iter().map(|a| a.to_lowercase()).collect())
        .is_ok()
}

fn abbreviations() -> &'static [String] {
    ABBREVIATIONS.get_or_init(|| {
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
    })
}

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
    if text.chars().all(no_sentence_class) {
        if text.trim().is_empty() {
            return Vec::new();
        }
        merge(text, windowed_bounds(text))
    } else {
        merge(text, text.split_sentence_bound_indices().map(|(i, _)| i))
    }
}

/// Characters that cannot end a sentence or a paragraph: ASCII (line breaks
/// are spaces by now), accented Latin letters, typographic quotes, dashes
/// and the no-break space. Text made of them gets [`windowed_bounds`].
fn no_sentence_class(c: char) -> bool {
    c.is_ascii() || matches!(c, 'À'..='ɏ' | '‘' | '’' | '“' | '”' | '–' | '—' | '\u{a0}')
}

/// Where UAX #29 starts a sentence in text of [`no_sentence_class`]
/// characters, asking `unicode-segmentation` only about the stretches where
/// it can. There a boundary falls only after a terminator (`.`, `!`, `?`)
/// and what follows it up to the next letter; the rules look back no
/// further than the character before the terminator (Upper ATerm × Upper).
/// So each stretch from that character to the next ASCII letter is
/// segmented on its own, and the per-character table lookups are spent on
/// a few bytes per sentence instead of all of them.
fn windowed_bounds(text: &str) -> Vec<usize> {
    if text.is_empty() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        if !matches!(bytes[i], b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        let from = crate::source::floor_char_boundary(text, i.saturating_sub(1));
        let mut letter = i;
        while letter < bytes.len() && !bytes[letter].is_ascii_alphabetic() {
            letter += 1;
        }
        let to = (letter + 1).min(bytes.len());
        // The stretch's own start is not a boundary of the whole text.
        starts.extend(
            text[from..to]
                .split_sentence_bound_indices()
                .skip(1)
                .map(|(k, _)| from + k),
        );
        i = letter;
    }
    starts
}

/// Sentence ranges from the Unicode segment starts, merged after
/// abbreviations; whitespace-only segments join the sentence before.
fn merge(text: &str, starts: impl IntoIterator<Item = usize>) -> Vec<Range<usize>> {
    let mut starts = starts.into_iter().peekable();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut merge_next = false;
    while let Some(start) = starts.next() {
        let end = starts.peek().copied().unwrap_or(text.len());
        let s = &text[start..end];
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
    let bare = word
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches('.');
    // A lone letter or number with a period: "A.", "art. 6 lid 1 sub e.", "1."
    if bare.chars().count() == 1 || (!bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit())) {
        return true;
    }
    // Dotted initials ("S.V.", "V.O.F.", "e.V."): a legal form or an
    // association's abbreviation before its name, not the end of a sentence.
    if bare.contains('.') && bare.split('.').all(|p| p.chars().count() == 1) {
        return true;
    }
    abbreviations().contains(&word)
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
        let v = "Privacybeleid van _S.V. Orion_. Wij verwerken weinig.";
        assert_eq!(
            sentences(v),
            vec!["Privacybeleid van _S.V. Orion_.", "Wij verwerken weinig."]
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

    fn all_by_the_crate(text: &str) -> Vec<usize> {
        text.split_sentence_bound_indices()
            .map(|(i, _)| i)
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_stretches_agree_with_the_whole_text(
            t in r#"([a-zA-Z0-9]{0,6}[ .!?,;:()'"\t\x0b\x0c\[\]-]{0,3}){0,60}"#
        ) {
            proptest::prop_assert_eq!(windowed_bounds(&t), all_by_the_crate(&t));
        }

        #[test]
        fn stretches_agree_with_accents_and_quotes(
            t in r#"([a-zA-Z0-9éëÉÖçß]{0,6}[ .!?,;:()'"‘’“”–—\u{a0}]{0,3}){0,60}"#
        ) {
            proptest::prop_assume!(t.chars().all(no_sentence_class));
            proptest::prop_assert_eq!(windowed_bounds(&t), all_by_the_crate(&t));
        }

        #[test]
        fn ascii_stretches_agree_on_sentences(
            t in r#"((e\.g\.|bijv\.|art\.|Mr\.|[A-Z][a-z]{0,8}|[a-z]{1,8}|[0-9]{1,3})[ .!?,)"]{0,3}){0,40}"#
        ) {
            proptest::prop_assert_eq!(windowed_bounds(&t), all_by_the_crate(&t));
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
