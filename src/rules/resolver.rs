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
    pub regex: Regex,
    pub weight: u32,
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
    pub not_names: Vec<Regex>,
    /// (type, patterns over the name), in order of precedence.
    pub types: Vec<(Organisation, Vec<Regex>)>,
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
    /// `expand` replaces `{vocabulary:...}` references.
    pub fn compile(
        contents: &str,
        expand: impl Fn(&str) -> Result<String, RuleError>,
    ) -> Result<ControllerRules, RuleError> {
        let file: ControllerFile = toml::from_str(contents).map_err(|e| RuleError {
            file: FILE.into(),
            message: e.to_string(),
            line: None,
        })?;
        let not_names = file
            .not_names
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
                regex: build(p)?,
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
                    .map(|p| build(p))
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
            types,
        })
    }
}
