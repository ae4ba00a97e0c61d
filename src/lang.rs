//! Document language (nl/en), detected with lingua's statistical models.

use lingua::{LanguageDetector, LanguageDetectorBuilder};
use std::sync::LazyLock;

/// A language avglint has rules and messages for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
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

static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[lingua::Language::Dutch, lingua::Language::English])
        .build()
});

/// The language of a text sample; Dutch when the models cannot tell.
pub fn detect(sample: &str) -> Language {
    match DETECTOR.detect_language_of(sample) {
        Some(lingua::Language::English) => Language::En,
        _ => Language::Nl,
    }
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
}
