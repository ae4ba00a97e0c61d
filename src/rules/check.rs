//! Checks: rules that combine facts, element statuses, the organisation and
//! the notice kind. Content lives in `rules/checks/<id>.toml` (one check a
//! file); this module parses the small condition language once and evaluates
//! it per document. See `rules/README.md` ("Checks") for the language.

use super::schema::Localized;
use super::{RuleError, ELEMENTS};
use crate::assess::{Assessment, NoticeKind, Organisation, Status};
use crate::document::{BlockKind, Document, Span};
use crate::finding::{Finding, Related, Severity};
use crate::lang::Language;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

/// Sentences apart (same section) that still count as "near".
const NEAR: usize = 2;
/// Most related spans reported per `[[related]]` entry.
const MAX_RELATED: usize = 3;

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
enum Atom {
    Fact(usize),
    Near(usize, usize),
    Element(usize, Vec<Status>),
    Organisation(Vec<Organisation>),
    NoticeKind(Vec<NoticeKind>),
}

/// A check ready to run.
#[derive(Debug)]
pub struct Check {
    pub file: CheckFile,
    all: Vec<Atom>,
    any: Vec<Atom>,
    none: Vec<Atom>,
    primary: Option<Atom>,
    related: Vec<(Atom, Localized, bool)>,
    exclude: Vec<Regex>,
    coverage: Vec<(usize, Localized)>,
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
        let mut coverage = Vec::new();
        match file.kind {
            Kind::Condition => {}
            Kind::EmptyList => {
                let spec = file
                    .empty_list
                    .as_ref()
                    .ok_or_else(|| err("kind `empty_list` needs an [empty_list] table".into()))?;
                for p in &spec.exclude {
                    exclude.push(
                        RegexBuilder::new(p)
                            .case_insensitive(true)
                            .build()
                            .map_err(|e| err(format!("bad pattern {p:?}: {e}")))?,
                    );
                }
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
            coverage,
        })
    }

    /// The finding this check raises on a document, if it fires.
    pub fn run(&self, doc: &Document, a: &Assessment, lang: Language) -> Option<Finding> {
        let ctx = Ctx { doc, a };
        let mut witnesses: Vec<Vec<usize>> = Vec::new();
        for atom in &self.all {
            witnesses.push(ctx.eval(atom)?);
        }
        if !self.any.is_empty() {
            let held: Vec<Vec<usize>> = self.any.iter().filter_map(|x| ctx.eval(x)).collect();
            if held.is_empty() {
                return None;
            }
            witnesses.extend(held);
        }
        if self.none.iter().any(|x| ctx.eval(x).is_some()) {
            return None;
        }
        let mut message = self.file.message.get(lang).to_owned();
        let by_atom = self
            .primary
            .as_ref()
            .and_then(|p| ctx.eval(p))
            .filter(|w| !w.is_empty());
        let witnessed = || witnesses.iter().find(|w| !w.is_empty()).cloned();
        let primary: Vec<usize> = match self.file.kind {
            Kind::Condition => by_atom.or_else(witnessed).unwrap_or_default(),
            Kind::EmptyList => {
                let intros = self.empty_lists(doc);
                if intros.is_empty() {
                    return None;
                }
                intros
            }
            Kind::Coverage => {
                let missing: Vec<&str> = self
                    .coverage
                    .iter()
                    .filter(|(f, _)| a.facts[*f].is_empty())
                    .map(|(_, name)| name.get(lang))
                    .collect();
                if missing.is_empty() || missing.len() == self.coverage.len() {
                    return None;
                }
                message = message.replace("{missing}", &missing.join(", "));
                by_atom.or_else(witnessed).unwrap_or_default()
            }
        };
        let mut related = Vec::new();
        let mut required_met = !self.related.iter().any(|r| r.2);
        for (atom, msg, required) in &self.related {
            let others: Vec<usize> = ctx
                .eval(atom)
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !primary.contains(s))
                .collect();
            required_met |= *required && !others.is_empty();
            for &s in others.iter().take(MAX_RELATED) {
                related.push(Related {
                    span: doc.sentences[s].span.clone(),
                    message: msg.get(lang).to_owned(),
                });
            }
        }
        if !required_met {
            return None;
        }
        // Further empty lists are related spans of the first.
        if self.file.kind == Kind::EmptyList {
            for &s in primary.iter().skip(1).take(MAX_RELATED) {
                related.push(Related {
                    span: doc.sentences[s].span.clone(),
                    message: message.clone(),
                });
            }
        }
        let span: Span = primary
            .first()
            .map_or_else(|| doc.title_span(), |&s| doc.sentences[s].span.clone());
        let is_check = self.file.report_as == ReportAs::Check;
        Some(Finding {
            rule: self.file.rule.clone(),
            element: self.file.element.clone(),
            check: is_check.then(|| self.file.id.clone()),
            severity: self.file.severity,
            article: self.file.article.clone(),
            message,
            help: self.file.help.get(lang).to_owned(),
            span,
            related,
        })
    }

    /// Sentences that end a paragraph with ':' and are followed by a heading
    /// or the end of the document, not by list items, a table or text.
    fn empty_lists(&self, doc: &Document) -> Vec<usize> {
        let min_words = self.file.empty_list.as_ref().map_or(0, |s| s.min_words);
        let mut out = Vec::new();
        for (bi, block) in doc.blocks.iter().enumerate() {
            if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) {
                continue;
            }
            let last = block.sentences.end - 1;
            let text = doc.sentences[last].text.trim_end();
            if !text.ends_with(':')
                || text.split_whitespace().count() < min_words
                || self.exclude.iter().any(|r| r.is_match(text))
            {
                continue;
            }
            let followed_by_items = match doc.blocks.get(bi + 1) {
                None => false,
                Some(next) if next.kind == BlockKind::Heading => {
                    // A plain-text export may render the first item "1. ..." as a heading.
                    let first = &doc.sentences[next.sentences.start].text;
                    first.starts_with("1.") || first.starts_with("1)")
                }
                Some(_) => true,
            };
            if !followed_by_items {
                out.push(last);
            }
        }
        out
    }
}

/// What atoms are evaluated against.
struct Ctx<'a> {
    doc: &'a Document,
    a: &'a Assessment,
}

impl Ctx<'_> {
    /// `None` when the atom does not hold; else the sentences it holds in
    /// (empty for atoms about the whole document).
    fn eval(&self, atom: &Atom) -> Option<Vec<usize>> {
        let some = |v: Vec<usize>| (!v.is_empty()).then_some(v);
        match atom {
            Atom::Fact(f) => some(self.a.facts[*f].clone()),
            Atom::Near(f, g) => some(
                self.a.facts[*f]
                    .iter()
                    .copied()
                    .filter(|&s| {
                        self.a.facts[*g].iter().any(|&t| {
                            s.abs_diff(t) <= NEAR
                                && self.doc.sentences[s].section == self.doc.sentences[t].section
                        })
                    })
                    .collect(),
            ),
            Atom::Element(e, statuses) => {
                let r = &self.a.elements[*e];
                statuses.contains(&r.status).then(|| r.evidence.clone())
            }
            Atom::Organisation(orgs) => orgs.contains(&self.a.organisation).then(Vec::new),
            Atom::NoticeKind(kinds) => kinds.contains(&self.a.notice_kind).then(Vec::new),
        }
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
