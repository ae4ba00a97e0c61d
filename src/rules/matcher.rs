//! All sentence patterns of all rules in one `RegexSet`, so each sentence is
//! scanned once; heading cues in a second set, matched once per section.

use super::schema::{ElementRule, FactRule};
use super::RuleError;
use regex::{RegexSet, RegexSetBuilder};

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
            if let Err(e) = regex::RegexBuilder::new(p).case_insensitive(true).build() {
                return Err(RuleError {
                    file: file.clone(),
                    message: format!("bad pattern {p:?}: {e}"),
                });
            }
        }
        let build = |pats: Vec<&String>| {
            RegexSetBuilder::new(pats)
                .case_insensitive(true)
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
            .matches(text)
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
        for i in self.heading_set.matches(text).iter() {
            match self.heading_targets[i] {
                Ok(e) if !elements.contains(&e) => elements.push(e),
                Err(f) if !facts.contains(&f) => facts.push(f),
                _ => {}
            }
        }
        (elements, facts)
    }
}
