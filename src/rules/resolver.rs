//! `rules/controller.toml`: the cues that find the controller's name and the
//! lexicons that type it, compiled. Running them is the controller module's job.

use super::RuleError;
use crate::assessment::Organisation;
use regex::Regex;
use serde::Deserialize;

const FILE: &str = "controller.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ControllerFile {
    identity_weight: u32,
    explicit_weight: u32,
    name: String,
    not_name_words: Vec<String>,
    #[serde(default)]
    not_names: Vec<String>,
    #[serde(default)]
    not_name_shapes: Vec<String>,
    cues: Vec<CueSpec>,
    types: Vec<TypeSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueSpec {
    lang: String,
    weight: u32,
    pattern: String,
    #[serde(default)]
    title: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeSpec {
    organisation: Organisation,
    patterns: Vec<String>,
}

/// One compiled cue.
#[derive(Debug)]
pub struct Cue {
    pub regex: LazyRegex,
    pub weight: u32,
}

/// A cue or lexicon regex, built when first used (it derefs to the
/// [`Regex`]): a run over a few files needs few of them, and building them
/// all (case-folded Unicode classes) was most of the start-up. The syntax is
/// checked when the rules load; rules that are not the built-in ones are
/// built at once, so a pattern over the size limit is a load error.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    regex: std::sync::OnceLock<Regex>,
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).unwrap_or_else(|e| panic!("controller.toml: {}", e.message))
        })
    }
}

/// `p` checked now and built now (`eager`) or on first use.
fn lazy(p: &str, eager: bool) -> Result<LazyRegex, RuleError> {
    let regex = std::sync::OnceLock::new();
    if eager {
        let _ = regex.set(build(p)?);
    } else {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(p)
            .map_err(|e| RuleError {
                file: FILE.into(),
                message: format!("bad pattern {p:?}: {e}"),
                line: None,
            })?;
    }
    Ok(LazyRegex {
        source: p.to_string(),
        regex,
    })
}

/// The compiled resolver rules.
#[derive(Debug)]
pub struct ControllerRules {
    /// A name whose cues add up to this makes `controller_identity` present.
    pub identity_weight: u32,
    /// Cues at least this strong name the controller explicitly, even a platform.
    pub explicit_weight: u32,
    /// Cues matched against sentences, in the order of `set`.
    pub sentence_cues: Vec<Cue>,
    /// The literals each sentence cue needs: most sentences can match none,
    /// and only the cues a sentence has the literals of are run on it.
    pub gate: super::matcher::LiteralGate,
    /// Cues matched against the title window only.
    pub title_cues: Vec<Cue>,
    pub not_name_words: Vec<String>,
    /// A name matching one of these (a platform) is no controller.
    pub not_names: Vec<LazyRegex>,
    /// A name of one of these shapes (an address line) is nobody's, however
    /// strong its cue.
    pub not_name_shapes: Vec<Regex>,
    /// (type, patterns over the name), in order of precedence.
    pub types: Vec<(Organisation, Vec<LazyRegex>)>,
}

fn build(p: &str) -> Result<Regex, RuleError> {
    regex::RegexBuilder::new(p)
        .case_insensitive(true)
        .size_limit(8 << 20)
        .build()
        .map_err(|e| RuleError {
            file: FILE.into(),
            message: format!("bad pattern {p:?}: {e}"),
            line: None,
        })
}

impl ControllerRules {
    /// Parses and compiles `rules/controller.toml`.
    /// `expand` replaces `{vocabulary:...}` references; `eager` builds
    /// every regex now (see [`LazyRegex`]).
    pub fn compile(
        contents: &str,
        expand: impl Fn(&str) -> Result<String, RuleError>,
        eager: bool,
    ) -> Result<ControllerRules, RuleError> {
        let file: ControllerFile = toml::from_str(contents).map_err(|e| RuleError {
            file: FILE.into(),
            message: e.to_string(),
            line: None,
        })?;
        let not_names = file
            .not_names
            .iter()
            .map(|p| lazy(&expand(p)?, eager))
            .collect::<Result<Vec<_>, _>>()?;
        let not_name_shapes = file
            .not_name_shapes
            .iter()
            .map(|p| build(&expand(p)?))
            .collect::<Result<Vec<_>, _>>()?;
        let specs = file.cues;
        for c in &specs {
            if super::parse_lang(&c.lang).is_none() {
                return Err(RuleError {
                    file: FILE.into(),
                    message: format!("unknown language `{}` in a cue", c.lang),
                    line: None,
                });
            }
            if !c.pattern.contains("(?P<name>") {
                return Err(RuleError {
                    file: FILE.into(),
                    message: format!("cue {:?} has no group `name`", c.pattern),
                    line: None,
                });
            }
        }
        let expanded: Vec<String> = specs
            .iter()
            .map(|c| expand(&c.pattern.replace("{name}", &file.name)))
            .collect::<Result<_, _>>()?;
        let mut sentence_cues = Vec::new();
        let mut title_cues = Vec::new();
        for (c, p) in specs.iter().zip(&expanded) {
            let cue = Cue {
                regex: lazy(p, eager)?,
                weight: c.weight,
            };
            if c.title {
                title_cues.push(cue);
            } else {
                sentence_cues.push(cue);
            }
        }
        let gate = super::matcher::LiteralGate::new(
            specs
                .iter()
                .zip(&expanded)
                .filter(|(c, _)| !c.title)
                .map(|(_, p)| p.as_str()),
        );
        let types = file
            .types
            .into_iter()
            .map(|t| {
                let res = t
                    .patterns
                    .iter()
                    .map(|p| lazy(p, eager))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((t.organisation, res))
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        Ok(ControllerRules {
            identity_weight: file.identity_weight,
            explicit_weight: file.explicit_weight,
            sentence_cues,
            gate,
            title_cues,
            not_name_words: file
                .not_name_words
                .into_iter()
                .map(|w| w.to_lowercase())
                .collect(),
            not_names,
            not_name_shapes,
            types,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_builtin_controller_regex_builds() {
        // Built on first use: one over the size limit must fail here.
        let reg = crate::rules::Registry::builtin().unwrap();
        let c = &reg.controller;
        let all = c
            .sentence_cues
            .iter()
            .chain(&c.title_cues)
            .map(|cue| &cue.regex)
            .chain(&c.not_names)
            .chain(c.types.iter().flat_map(|(_, p)| p));
        for r in all {
            assert!(super::build(&r.source).is_ok(), "{}", r.source);
        }
    }
}
