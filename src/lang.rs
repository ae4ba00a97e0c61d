//! Document language (nl/en), detected with lingua's statistical models.

#[cfg(feature = "lingua")]
use lingua::{LanguageDetector, LanguageDetectorBuilder};
#[cfg(feature = "lingua")]
use std::sync::LazyLock;

/// A language avglint has rules and messages for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nl,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

#[cfg(feature = "lingua")]
static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[lingua::Language::Dutch, lingua::Language::English])
        .build()
});

/// The language of a text sample; Dutch when the models cannot tell.
///
/// A sample with a clear majority of Dutch or English function words is
/// decided by counting them (a few microseconds); only a short or mixed one
/// goes to lingua's models, which cost about a millisecond for a notice's
/// sample and were a fifth of all the work in a batch.
pub fn detect(sample: &str) -> Language {
    if let Some(lang) = by_function_words(sample) {
        return lang;
    }
    by_models(sample)
}

#[cfg(feature = "lingua")]
fn by_models(sample: &str) -> Language {
    match DETECTOR.detect_language_of(sample) {
        Some(lingua::Language::English) => Language::En,
        _ => Language::Nl,
    }
}

/// Without lingua (a build measured for the browser, not shipped): the
/// larger function-word count, Dutch on a tie.
#[cfg(not(feature = "lingua"))]
fn by_models(sample: &str) -> Language {
    let (nl, en) = function_words(sample);
    if en > nl {
        Language::En
    } else {
        Language::Nl
    }
}

/// Frequent words of one language that are not words of the other.
const DUTCH: &[&str] = &[
    "de", "het", "een", "van", "en", "uw", "wij", "zijn", "worden", "niet", "voor", "met", "op",
    "dat", "die", "deze", "bij", "naar", "ook", "om", "te", "wordt", "kunt", "heeft", "u",
];
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "your", "our", "are", "for", "with", "not", "on", "that", "this",
    "which", "be", "by", "you", "we", "will", "can", "has", "have", "from",
];

/// Words counted at most; enough for a stable majority.
const MAX_WORDS: usize = 400;

fn by_function_words(sample: &str) -> Option<Language> {
    let (nl, en) = function_words(sample);
    if nl + en < 20 {
        None
    } else if nl >= 4 * en {
        Some(Language::Nl)
    } else if en >= 4 * nl {
        Some(Language::En)
    } else {
        None
    }
}

/// How many Dutch and English function words the sample's first words hold.
fn function_words(sample: &str) -> (usize, usize) {
    let (mut nl, mut en) = (0usize, 0usize);
    let words = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 6)
        .take(MAX_WORDS);
    for w in words {
        let is = |list: &[&str]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
        if is(DUTCH) {
            nl += 1;
        } else if is(ENGLISH) {
            en += 1;
        }
    }
    (nl, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_short_notice_lines() {
        assert_eq!(
            detect("Wij bewaren uw persoonsgegevens niet langer dan nodig."),
            Language::Nl
        );
        assert_eq!(
            detect("We keep your personal data for no longer than necessary."),
            Language::En
        );
    }

    #[test]
    fn function_words_decide_clear_texts_and_leave_mixed_ones_to_the_models() {
        let nl = "Wij bewaren uw gegevens niet langer dan nodig. ".repeat(8);
        let en = "We keep your data for the period that is needed. ".repeat(8);
        assert_eq!(by_function_words(&nl), Some(Language::Nl));
        assert_eq!(by_function_words(&en), Some(Language::En));
        assert_eq!(by_function_words(&format!("{nl} {en}")), None);
        assert_eq!(by_function_words("Privacy"), None);
    }
}
