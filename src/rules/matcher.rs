//! All sentence patterns of all rules in one `RegexSet`, so each sentence is
//! scanned once; heading cues in a second set, matched once per section.

use super::schema::{ElementRule, FactRule};
use super::RuleError;
use regex::bytes::{RegexSet, RegexSetBuilder};

/// What a pattern is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Sentence(usize),
    InSection(usize),
    Exclude(usize),
    Vague(usize),
    Concrete(usize),
    Fact(usize),
    FactExclude(usize),
}

/// Compiled patterns of every rule.
#[derive(Debug)]
pub struct Matcher {
    sentence_set: RegexSet,
    sentence_targets: Vec<Target>,
    heading_set: RegexSet,
    /// For each heading pattern: `Ok(element)` or `Err(fact)`.
    heading_targets: Vec<Result<usize, usize>>,
}

/// What one sentence (or heading) matched, as pattern target lists.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    pub targets: Vec<Target>,
}

impl Hits {
    pub fn has(&self, t: Target) -> bool {
        self.targets.contains(&t)
    }
}

impl Matcher {
    pub(super) fn compile(
        elements: &[ElementRule],
        facts: &[FactRule],
    ) -> Result<Matcher, RuleError> {
        let mut patterns: Vec<(String, Target, String)> = Vec::new();
        let mut headings: Vec<(String, Result<usize, usize>, String)> = Vec::new();
        for (i, r) in elements.iter().enumerate() {
            let file = format!("elements/{}.toml", r.element);
            for p in r.patterns.values() {
                let groups = [
                    (&p.sentences, Target::Sentence(i)),
                    (&p.in_section, Target::InSection(i)),
                    (&p.exclude, Target::Exclude(i)),
                    (&p.vague, Target::Vague(i)),
                    (&p.concrete, Target::Concrete(i)),
                ];
                for (list, target) in groups {
                    patterns.extend(list.iter().map(|s| (s.clone(), target, file.clone())));
                }
                headings.extend(p.headings.iter().map(|s| (s.clone(), Ok(i), file.clone())));
            }
        }
        for (i, f) in facts.iter().enumerate() {
            for p in f.patterns.values() {
                patterns.extend(
                    p.sentences
                        .iter()
                        .map(|s| (s.clone(), Target::Fact(i), "facts.toml".into())),
                );
                patterns.extend(
                    p.exclude
                        .iter()
                        .map(|s| (s.clone(), Target::FactExclude(i), "facts.toml".into())),
                );
                headings.extend(
                    p.headings
                        .iter()
                        .map(|s| (s.clone(), Err(i), "facts.toml".into())),
                );
            }
        }
        let all = patterns
            .iter()
            .map(|(p, _, f)| (p, f))
            .chain(headings.iter().map(|(p, _, f)| (p, f)));
        for (p, file) in all {
            if let Err(e) = regex::bytes::RegexBuilder::new(&ascii_pattern(p))
                .case_insensitive(true)
                .unicode(false)
                .build()
            {
                return Err(RuleError {
                    file: file.clone(),
                    message: format!("bad pattern {p:?}: {e}"),
                });
            }
        }
        // Patterns are folded like the text they meet (see `fold`).
        let build = |pats: Vec<&String>| {
            RegexSetBuilder::new(pats.into_iter().map(|p| ascii_pattern(p)))
                .case_insensitive(true)
                .unicode(false)
                .size_limit(256 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .map_err(|e| RuleError {
                    file: "rules".into(),
                    message: e.to_string(),
                })
        };
        Ok(Matcher {
            sentence_set: build(patterns.iter().map(|p| &p.0).collect())?,
            sentence_targets: patterns.iter().map(|p| p.1).collect(),
            heading_set: build(headings.iter().map(|p| &p.0).collect())?,
            heading_targets: headings.iter().map(|p| p.1).collect(),
        })
    }

    /// Every target whose pattern matches `text`.
    pub fn sentence(&self, text: &str) -> Hits {
        let mut targets: Vec<Target> = self
            .sentence_set
            .matches(fold(text).as_bytes())
            .iter()
            .map(|i| self.sentence_targets[i])
            .collect();
        targets.dedup();
        Hits { targets }
    }

    /// Elements and facts whose heading cues match a heading.
    pub fn heading(&self, text: &str) -> (Vec<usize>, Vec<usize>) {
        let mut elements = Vec::new();
        let mut facts = Vec::new();
        for i in self.heading_set.matches(fold(text).as_bytes()).iter() {
            match self.heading_targets[i] {
                Ok(e) if !elements.contains(&e) => elements.push(e),
                Err(f) if !facts.contains(&f) => facts.push(f),
                _ => {}
            }
        }
        (elements, facts)
    }
}

/// A rule pattern as it is compiled: folded like the text, with Unicode
/// letter classes narrowed to ASCII. Matching is ASCII-only (`\\w`, `\\b`, `.`
/// on bytes): on folded text that is what the rules mean, and it keeps the
/// compiled automaton of hundreds of case-insensitive patterns small.
fn ascii_pattern(p: &str) -> String {
    fold(p)
        .replace(r"\p{Lu}", "[A-Z]")
        .replace(r"\p{Ll}", "[a-z]")
        .replace(r"\p{L}", "[A-Za-z]")
}

/// Folds accented Latin letters, typographic quotes, dashes and special spaces
/// to ASCII. Matching runs on folded text because the regex crate's fast DFA
/// gives up on Unicode word boundaries in non-ASCII text and falls back to a
/// much slower engine; it also lets "beeindiging" match "beëindiging".
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_char(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'ç' => "c",
        'Ç' => "C",
        'ñ' => "n",
        'Ñ' => "N",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        '‘' | '’' | '‚' | '‛' | '´' | '`' => "'",
        '“' | '”' | '„' | '‟' | '«' | '»' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' => " ",
        '\u{ad}' | '\u{200b}' => "",
        '…' => "...",
        '•' | '·' => "*",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_to_ascii_for_matching() {
        assert_eq!(
            fold("na beëindiging – “financiële” gegevens"),
            "na beeindiging - \"financiele\" gegevens"
        );
        assert!(matches!(fold("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
