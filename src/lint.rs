//! Assessment -> findings: one per absent (error) or vague (warning) element,
//! then one per check of `rules/checks/` that fires.

use crate::assess_tilt::TiltAssessment;
use crate::assessment::{Assessment, DocKind, Status};
use crate::document::Document;
use crate::document::{BlockKind, Span};
use crate::finding::Finding;
use crate::finding::Related;
use crate::lang::Language;
use crate::rules::check::{Atom, Check, Kind, ReportAs};
use crate::rules::schema::Register;
use crate::rules::{Registry, ELEMENTS};

/// The findings for a document; none for a text that is no notice.
pub fn findings(doc: &Document, a: &Assessment, reg: &Registry, lang: Language) -> Vec<Finding> {
    if a.kind == DocKind::NotANotice {
        return Vec::new();
    }
    let register = register(doc, lang);
    let mut out = Vec::new();
    for (rule, result) in reg.elements.iter().zip(&a.elements) {
        let (spec, span) = match result.status {
            Status::Absent => (&rule.missing, doc.title_span()),
            Status::Vague => match (&rule.vague, result.evidence.first()) {
                (Some(spec), Some(&s)) => (spec, doc.sentences[s].span.clone()),
                _ => continue,
            },
            _ => continue,
        };
        out.push(Finding {
            rule: spec.rule.clone(),
            element: Some(rule.element.clone()),
            check: None,
            severity: spec.severity,
            article: rule.article.clone(),
            message: spec.message.get(lang).to_owned(),
            help: spec.help.get_in(lang, register).to_owned(),
            span,
            related: Vec::new(),
            also: Vec::new(),
            focus: None,
        });
    }
    for check in &reg.checks {
        if let Some(f) = run_check(check, doc, a, lang, register) {
            out.push(f);
        }
    }
    merge_refined(&mut out, a, reg);
    out.sort_by(|x, y| (x.span.start, &x.rule).cmp(&(y.span.start, &y.rule)));
    out
}

/// How a Dutch notice addresses its reader, so that the example sentences
/// of the help speak as the notice does: "je" when the informal pronouns
/// (je, jij, jou, jouw) outnumber the formal ones (u, uw) and occur at
/// least three times; else "u", the form of most Dutch notices. These are
/// the closed class of Dutch second-person pronouns, not tunable wording.
pub fn register(doc: &Document, lang: Language) -> Register {
    if lang != Language::Nl {
        return Register::U;
    }
    let (mut je, mut u) = (0usize, 0usize);
    for s in &doc.sentences {
        for w in s
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            match w.to_lowercase().as_str() {
                "je" | "jij" | "jou" | "jouw" | "jezelf" => je += 1,
                "u" | "uw" | "uzelf" => u += 1,
                _ => {}
            }
        }
    }
    if je >= 3 && je > u {
        Register::Je
    } else {
        Register::U
    }
}

/// One gap, one finding: when a check refines the gap of an absent element
/// (consent without withdrawal refines a missing withdrawal right), the
/// element's `missing-*` finding is folded into the check's finding, which
/// keeps its more specific message and related spans, takes the higher
/// severity, and lists the element rule in `also`, so that ignoring either
/// id silences it.
fn merge_refined(out: &mut Vec<Finding>, a: &Assessment, reg: &Registry) {
    let missing_of = |f: &Finding| -> Option<usize> {
        let e = reg
            .elements
            .iter()
            .position(|r| Some(&r.element) == f.element.as_ref())?;
        (f.check.is_none()
            && a.elements[e].status == Status::Absent
            && reg.elements[e].missing.rule == f.rule)
            .then_some(e)
    };
    let mut drop = vec![false; out.len()];
    for i in 0..out.len() {
        let Some(e) = missing_of(&out[i]) else {
            continue;
        };
        let refined = (0..out.len()).find(|&j| {
            j != i
                && !drop[j]
                && out[j].element.as_deref() == Some(reg.elements[e].element.as_str())
                && out[j].rule != out[i].rule
                && missing_of(&out[j]).is_none()
        });
        if let Some(j) = refined {
            let (rule, severity) = (out[i].rule.clone(), out[i].severity);
            let f = &mut out[j];
            f.also.push(rule);
            f.severity = f.severity.max(severity);
            drop[i] = true;
        }
    }
    let mut drop = drop.into_iter();
    out.retain(|_| !drop.next().unwrap_or(false));
}

/// A TILT document's findings: element findings (pointing at the fields
/// concerned) plus TILT checks and schema deviations.
pub fn tilt_findings(
    doc: &Document,
    t: &TiltAssessment,
    reg: &Registry,
    lang: Language,
) -> Vec<Finding> {
    let mut out = findings(doc, &t.assessment, reg, lang);
    for f in &mut out {
        if let Some(e) = f
            .element
            .as_deref()
            .and_then(|e| ELEMENTS.iter().position(|x| *x == e))
        {
            if t.assessment.elements[e].status == Status::Absent {
                f.span = t.anchors[e].clone();
            }
        }
    }
    if t.assessment.kind == DocKind::NotANotice {
        return out;
    }
    for (key, span, detail) in &t.extra {
        let Some(spec) = reg.tilt.checks.get(*key) else {
            continue;
        };
        let mut message = spec.message.get(lang).to_owned();
        if !detail.is_empty() {
            message = format!("{message}: {detail}");
        }
        out.push(Finding {
            rule: spec.rule.clone(),
            element: None,
            check: spec.check.clone(),
            severity: spec.severity,
            article: spec.article.clone(),
            message,
            help: spec.help.get(lang).to_owned(),
            span: span.clone(),
            related: Vec::new(),
            also: Vec::new(),
            focus: None,
        });
    }
    out.sort_by(|x, y| (x.span.start, &x.rule).cmp(&(y.span.start, &y.rule)));
    out
}

/// Sentences apart (same section) that still count as "near".
const NEAR: usize = 2;
/// Most related spans reported per `[[related]]` entry.
const MAX_RELATED: usize = 3;

/// The finding a check of `rules/checks/` raises on a document, if it fires.
pub fn run_check(
    check: &Check,
    doc: &Document,
    a: &Assessment,
    lang: Language,
    register: Register,
) -> Option<Finding> {
    let ctx = Ctx { doc, a };
    let mut witnesses: Vec<Vec<usize>> = Vec::new();
    for atom in &check.all {
        witnesses.push(ctx.eval(atom)?);
    }
    if !check.any.is_empty() {
        let held: Vec<Vec<usize>> = check.any.iter().filter_map(|x| ctx.eval(x)).collect();
        if held.is_empty() {
            return None;
        }
        witnesses.extend(held);
    }
    if check.none.iter().any(|x| ctx.eval(x).is_some()) {
        return None;
    }
    let mut message = check.file.message.get(lang).to_owned();
    let by_atom = check
        .primary
        .as_ref()
        .and_then(|p| ctx.eval(p))
        .filter(|w| !w.is_empty());
    let witnessed = || witnesses.iter().find(|w| !w.is_empty()).cloned();
    let primary: Vec<usize> = match check.file.kind {
        Kind::Condition => by_atom.or_else(witnessed).unwrap_or_default(),
        Kind::EmptyList => {
            let intros = empty_lists(check, doc);
            if intros.is_empty() {
                return None;
            }
            intros
        }
        Kind::Coverage => {
            let missing: Vec<&str> = check
                .coverage
                .iter()
                .filter(|(f, _)| a.facts[*f].is_empty())
                .map(|(_, name)| name.get(lang))
                .collect();
            if missing.is_empty() || missing.len() == check.coverage.len() {
                return None;
            }
            message = message.replace("{missing}", &missing.join(", "));
            by_atom.or_else(witnessed).unwrap_or_default()
        }
    };
    let mut related = Vec::new();
    let mut required_met = !check.related.iter().any(|r| r.2);
    for (atom, msg, required) in &check.related {
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
    if check.file.kind == Kind::EmptyList {
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
    let is_check = check.file.report_as == ReportAs::Check;
    Some(Finding {
        rule: check.file.rule.clone(),
        element: check.file.element.clone(),
        check: is_check.then(|| check.file.id.clone()),
        severity: check.file.severity,
        article: check.file.article.clone(),
        message,
        help: check.file.help.get_in(lang, register).to_owned(),
        span,
        related,
        also: Vec::new(),
        focus: None,
    })
}

/// Sentences that introduce a list that never came: a paragraph ending
/// with ':' followed by a heading or the end of the document, not by list
/// items, a table or text; or an introduction whose value (after its ':' or
/// in the next block) is only an unfilled template field.
/// Whether the items of the line ending block `bi` follow as sub-sections:
/// at least two headings deeper than the line's own section before the next
/// heading at its level (one deeper heading is the next topic, not a list).
fn sub_headings_follow(doc: &Document, bi: usize) -> bool {
    let level = |b: &crate::document::Block| b.section.map_or(0, |s| doc.sections[s].level);
    let own = level(&doc.blocks[bi]);
    let mut deeper = 0;
    for b in doc.blocks[bi + 1..]
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
    {
        if level(b) <= own {
            break;
        }
        deeper += 1;
        if deeper >= 2 {
            return true;
        }
    }
    false
}

fn empty_lists(check: &Check, doc: &Document) -> Vec<usize> {
    let min_words = check.file.empty_list.as_ref().map_or(0, |s| s.min_words);
    let placeholder = |t: &str| {
        let t = t.trim().trim_end_matches(['.', ';', ',']).trim_end();
        !t.is_empty() && check.placeholders.iter().any(|r| r.is_match(t))
    };
    let introduces = |text: &str| {
        text.split_whitespace().count() >= min_words
            && !check.exclude.iter().any(|r| r.is_match(text))
    };
    let mut out = Vec::new();
    for (bi, block) in doc.blocks.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) {
            continue;
        }
        for si in block.sentences.clone() {
            let text = doc.sentences[si].text.trim_end();
            if let Some((intro, value)) = text.rsplit_once(':') {
                if !value.trim().is_empty() && placeholder(value) && introduces(intro) {
                    out.push(si);
                }
            }
        }
        let last = block.sentences.end - 1;
        let text = doc.sentences[last].text.trim_end();
        if !text.ends_with(':') || !introduces(text) {
            continue;
        }
        let followed_by_items = match doc.blocks.get(bi + 1) {
            None => false,
            Some(next) if next.kind == BlockKind::Heading => {
                // A plain-text export may render the first item "1. ..." as a heading.
                let first = &doc.sentences[next.sentences.start].text;
                first.starts_with("1.") || first.starts_with("1)") || sub_headings_follow(doc, bi)
            }
            Some(next) => {
                let whole: Vec<&str> = next
                    .sentences
                    .clone()
                    .map(|s| doc.sentences[s].text.as_str())
                    .collect();
                !placeholder(&whole.join(" "))
            }
        };
        if !followed_by_items {
            out.push(last);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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
