//! Checks: rules that combine facts, element statuses, the organisation and
//! the notice kind. Content lives in `rules/checks/<id>.toml` (one check a
//! file); this module parses the small condition language once; `lint`
//! evaluates it per document. See `rules/README.md` ("Checks") for the language.

use super::schema::Localized;
use super::{RuleError, ELEMENTS};
use crate::assessment::{NoticeKind, Organisation, Status};
use crate::finding::Severity;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

/// One `rules/checks/*.toml` file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    /// The check id (`findings[].check`); equals the file stem.
    pub id: String,
    /// Kebab-case rule id (`findings[].rule`).
    pub rule: String,
    /// `check` (default): findings carry `check = id`. `element`: a plain rule
    /// finding about `element`, for checks that are not in the report contract.
    #[serde(default)]
    pub report_as: ReportAs,
    /// The element the finding is about, if any.
    pub element: Option<String>,
    pub article: String,
    pub severity: Severity,
    pub message: Localized,
    pub help: Localized,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub when: When,
    /// The atom whose sentences give the primary span; when it has none: the
    /// first atom of `all`, then `any`, that has sentences; else the title.
    pub primary: Option<String>,
    #[serde(default)]
    pub related: Vec<RelatedSpec>,
    pub empty_list: Option<EmptyListSpec>,
    pub coverage: Option<CoverageSpec>,
    #[serde(default)]
    pub examples: Vec<CheckExample>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportAs {
    #[default]
    Check,
    Element,
}

/// Which code evaluates a check; its content stays in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Fires when `when` holds.
    #[default]
    Condition,
    /// Fires on a line ending in ':' that no list item follows (and `when` holds).
    EmptyList,
    /// Fires when some, not all, of `coverage.items` hold (and `when` holds).
    Coverage,
}

/// Atoms that must all / at least one / none hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct When {
    pub all: Vec<String>,
    pub any: Vec<String>,
    pub none: Vec<String>,
}

/// The other side of a finding: where an atom holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedSpec {
    pub at: String,
    pub message: Localized,
    /// The check fires only if some `required` entry has a sentence that is not a primary sentence.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmptyListSpec {
    /// An introduction needs at least this many words ("E-mail:" is a label, not a list).
    pub min_words: usize,
    /// Introductions matching one of these are never empty lists.
    pub exclude: Vec<String>,
    /// An unfilled template field ("#retention_period", "[naam]"): an
    /// introduction whose value, after its ':' or in the next block, is only
    /// one of these announced something that never came.
    pub placeholders: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageSpec {
    /// Facts that should all hold, with their names for the `{missing}` placeholder.
    pub items: Vec<CoverageItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageItem {
    pub fact: String,
    pub name: Localized,
}

/// A small notice and whether the check fires on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckExample {
    pub lang: String,
    pub text: String,
    pub fires: bool,
    /// Organisation override (`public_authority`, ...), as `--organisation` does.
    pub organisation: Option<String>,
}

/// One condition atom, parsed.
#[derive(Debug, Clone)]
pub(crate) enum Atom {
    Fact(usize),
    Near(usize, usize),
    Element(usize, Vec<Status>),
    Organisation(Vec<Organisation>),
    NoticeKind(Vec<NoticeKind>),
}

/// A check ready to run (the lint stage runs it).
#[derive(Debug)]
pub struct Check {
    pub file: CheckFile,
    pub(crate) all: Vec<Atom>,
    pub(crate) any: Vec<Atom>,
    pub(crate) none: Vec<Atom>,
    pub(crate) primary: Option<Atom>,
    pub(crate) related: Vec<(Atom, Localized, bool)>,
    pub(crate) exclude: Vec<Regex>,
    pub(crate) placeholders: Vec<Regex>,
    pub(crate) coverage: Vec<(usize, Localized)>,
}

impl Check {
    /// Parses the atoms against the registry's facts; errors name the file.
    pub(super) fn compile(
        file: CheckFile,
        path: &str,
        fact_index: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Check, RuleError> {
        let err = |message: String| RuleError {
            file: path.to_string(),
            message,
            line: None,
        };
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".toml");
        if file.id != stem {
            return Err(err(format!("id `{}` differs from the file name", file.id)));
        }
        if let Some(e) = &file.element {
            if !ELEMENTS.contains(&e.as_str()) {
                return Err(err(format!("unknown element `{e}`")));
            }
        }
        let atoms = |list: &[String]| -> Result<Vec<Atom>, RuleError> {
            list.iter()
                .map(|s| parse_atom(s, fact_index).map_err(&err))
                .collect()
        };
        let (all, any, none) = (
            atoms(&file.when.all)?,
            atoms(&file.when.any)?,
            atoms(&file.when.none)?,
        );
        let primary = match &file.primary {
            Some(p) => Some(parse_atom(p, fact_index).map_err(&err)?),
            None => None,
        };
        let related = file
            .related
            .iter()
            .map(|r| {
                parse_atom(&r.at, fact_index)
                    .map(|a| (a, r.message.clone(), r.required))
                    .map_err(&err)
            })
            .collect::<Result<_, _>>()?;
        let mut exclude = Vec::new();
        let mut placeholders = Vec::new();
        let mut coverage = Vec::new();
        match file.kind {
            Kind::Condition => {}
            Kind::EmptyList => {
                let spec = file
                    .empty_list
                    .as_ref()
                    .ok_or_else(|| err("kind `empty_list` needs an [empty_list] table".into()))?;
                let compile = |p: &String| {
                    RegexBuilder::new(p)
                        .case_insensitive(true)
                        .build()
                        .map_err(|e| err(format!("bad pattern {p:?}: {e}")))
                };
                exclude = spec.exclude.iter().map(compile).collect::<Result<_, _>>()?;
                placeholders = spec
                    .placeholders
                    .iter()
                    .map(compile)
                    .collect::<Result<_, _>>()?;
            }
            Kind::Coverage => {
                let spec = file
                    .coverage
                    .as_ref()
                    .ok_or_else(|| err("kind `coverage` needs a [coverage] table".into()))?;
                for item in &spec.items {
                    let f = fact_index(&item.fact)
                        .ok_or_else(|| err(format!("unknown fact `{}`", item.fact)))?;
                    coverage.push((f, item.name.clone()));
                }
            }
        }
        for ex in &file.examples {
            if super::parse_lang(&ex.lang).is_none() {
                return Err(err(format!("example language `{}`", ex.lang)));
            }
        }
        Ok(Check {
            file,
            all,
            any,
            none,
            primary,
            related,
            exclude,
            placeholders,
            coverage,
        })
    }
}

/// Parses one atom:
/// `fact F`, `fact F near G`, `element E is S[|S...]`,
/// `organisation is O[|O...]`, `notice_kind is K[|K...]`.
fn parse_atom(s: &str, fact_index: &dyn Fn(&str) -> Option<usize>) -> Result<Atom, String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let fact = |id: &str| fact_index(id).ok_or_else(|| format!("unknown fact `{id}` in {s:?}"));
    let alternatives = |list: &str| list.split('|').map(str::to_owned).collect::<Vec<_>>();
    match words.as_slice() {
        ["fact", f] => Ok(Atom::Fact(fact(f)?)),
        ["fact", f, "near", g] => Ok(Atom::Near(fact(f)?, fact(g)?)),
        ["element", e, "is", list] => {
            let idx = ELEMENTS
                .iter()
                .position(|x| x == e)
                .ok_or_else(|| format!("unknown element `{e}` in {s:?}"))?;
            let statuses = alternatives(list)
                .iter()
                .map(|x| parse_status(x).ok_or_else(|| format!("unknown status `{x}` in {s:?}")))
                .collect::<Result<_, _>>()?;
            Ok(Atom::Element(idx, statuses))
        }
        ["organisation", "is", list] => Ok(Atom::Organisation(
            alternatives(list)
                .iter()
                .map(|x| match Organisation::from_id(x) {
                    Organisation::Unknown if x != "unknown" => {
                        Err(format!("unknown organisation `{x}` in {s:?}"))
                    }
                    o => Ok(o),
                })
                .collect::<Result<_, _>>()?,
        )),
        ["notice_kind", "is", list] => Ok(Atom::NoticeKind(
            alternatives(list)
                .iter()
                .map(|x| match x.as_str() {
                    "art13" => Ok(NoticeKind::Art13),
                    "art14" => Ok(NoticeKind::Art14),
                    "general" => Ok(NoticeKind::General),
                    _ => Err(format!("unknown notice kind `{x}` in {s:?}")),
                })
                .collect::<Result<_, _>>()?,
        )),
        _ => Err(format!("cannot read condition {s:?}")),
    }
}

fn parse_status(s: &str) -> Option<Status> {
    Some(match s {
        "present" => Status::Present,
        "absent" => Status::Absent,
        "vague" => Status::Vague,
        "not_applicable" => Status::NotApplicable,
        "unclear" => Status::Unclear,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(id: &str) -> Option<usize> {
        ["a", "b"].iter().position(|x| *x == id)
    }

    #[test]
    fn atoms_parse_and_unknown_names_are_errors() {
        assert!(matches!(parse_atom("fact a", &facts), Ok(Atom::Fact(0))));
        assert!(matches!(
            parse_atom("fact a near b", &facts),
            Ok(Atom::Near(0, 1))
        ));
        assert!(matches!(
            parse_atom("element dpo_contact is absent|vague", &facts),
            Ok(Atom::Element(2, ref s)) if s.len() == 2
        ));
        assert!(parse_atom("fact c", &facts).is_err());
        assert!(parse_atom("element dpo is absent", &facts).is_err());
        assert!(parse_atom("organisation is gemeente", &facts).is_err());
        assert!(parse_atom("notice_kind is art15", &facts).is_err());
        assert!(parse_atom("fact", &facts).is_err());
    }
}
