//! Document -> element statuses, facts and classification, driven by the
//! compiled rules. No text is produced here; `lint` turns this into findings.

pub use crate::assessment::{Assessment, DocKind, ElementResult, NoticeKind, Organisation, Status};
use crate::document::{BlockKind, Document};
use crate::rules::{Registry, Target};

/// Most evidence spans reported per element.
const MAX_EVIDENCE: usize = 3;

/// What the caller knows better than the rules: the organisation (command
/// line, config) and that a text is a notice (rule examples).
#[derive(Debug, Clone, Copy, Default)]
pub struct Assumptions {
    pub organisation: Option<Organisation>,
    /// Judge the text as a notice whatever it looks like (rule examples are one sentence).
    pub force_notice: bool,
}

/// Runs every element rule and fact over the document.
pub fn assess(doc: &Document, reg: &Registry, overrides: Assumptions) -> Assessment {
    let n_el = reg.elements.len();
    let section_cues: Vec<(Vec<usize>, Vec<usize>)> = doc
        .sections
        .iter()
        .map(|s| reg.matcher.heading(&s.heading))
        .collect();
    let mut strong: Vec<Vec<usize>> = vec![Vec::new(); n_el];
    let mut vague: Vec<Vec<usize>> = vec![Vec::new(); n_el];
    let mut facts: Vec<Vec<usize>> = vec![Vec::new(); reg.facts.len()];

    // Reused across sentences: matching allocates nothing per sentence.
    let mut hits = reg.matcher.new_hits();
    let mut chain: Vec<usize> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        if doc.blocks[sentence.block].kind == BlockKind::Heading {
            continue;
        }
        chain.clear();
        chain.extend(std::iter::successors(sentence.section, |&i| {
            doc.sections[i].parent
        }));
        let in_section = |e: usize| chain.iter().any(|&s| section_cues[s].0.contains(&e));
        reg.matcher
            .sentence_into(&sentence.text, in_section, &mut hits);
        for e in 0..n_el {
            if hits.has(Target::Exclude(e)) {
                continue;
            }
            let is_vague = hits.has(Target::Vague(e));
            let concrete = hits.has(Target::Concrete(e));
            let hit =
                hits.has(Target::Sentence(e)) || (hits.has(Target::InSection(e)) && in_section(e));
            if is_vague && !concrete {
                vague[e].push(si);
            } else if hit || (is_vague && concrete) {
                strong[e].push(si);
            }
        }
        for (f, found) in facts.iter_mut().enumerate() {
            let by_heading = chain.iter().any(|&s| section_cues[s].1.contains(&f));
            if (hits.has(Target::Fact(f)) || by_heading) && !hits.has(Target::FactExclude(f)) {
                found.push(si);
            }
        }
    }

    let holds = |id: &str| reg.fact_index(id).is_some_and(|i| !facts[i].is_empty());
    let elements: Vec<ElementResult> = reg
        .elements
        .iter()
        .enumerate()
        .map(|(e, rule)| {
            let applicable = rule.applicability.requires_any_fact.is_empty()
                || rule
                    .applicability
                    .requires_any_fact
                    .iter()
                    .any(|f| holds(f));
            let (status, mut evidence) = if !strong[e].is_empty() {
                (Status::Present, strong[e].clone())
            } else if !vague[e].is_empty() {
                (Status::Vague, vague[e].clone())
            } else if !applicable {
                (Status::NotApplicable, Vec::new())
            } else {
                (Status::Absent, Vec::new())
            };
            evidence.truncate(MAX_EVIDENCE);
            ElementResult { status, evidence }
        })
        .collect();

    let kind = if overrides.force_notice {
        DocKind::Notice
    } else {
        classify_kind(doc, reg, &elements, &facts)
    };
    let nk = &reg.classify.notice_kind;
    let notice_kind = match (holds(&nk.art14_fact), holds(&nk.art13_fact)) {
        (true, false) => NoticeKind::Art14,
        (false, true) => NoticeKind::Art13,
        _ => NoticeKind::General,
    };
    let organisation = overrides.organisation.unwrap_or_else(|| {
        // Who the controller is decides the type: a fact in the sentences that
        // name the controller (or in the title) outweighs passing mentions.
        let identity = reg
            .elements
            .iter()
            .position(|r| r.element == "controller_identity")
            .map_or(&[][..], |i| &elements[i].evidence[..]);
        let title = doc.title_span();
        let weight = |s: &usize| {
            if identity.contains(s) || doc.sentences[*s].span == title {
                reg.classify.organisation.identity_weight
            } else {
                1
            }
        };
        let mut best = (0, Organisation::Unknown);
        for (org, fact) in &reg.classify.organisation.order {
            let count: usize = reg
                .fact_index(fact)
                .map_or(0, |i| facts[i].iter().map(weight).sum());
            if count > best.0 {
                best = (count, Organisation::from_id(org));
            }
        }
        best.1
    });
    Assessment {
        kind,
        notice_kind,
        organisation,
        elements,
        facts,
    }
}

/// A text is a notice when it addresses enough elements and its title does not
/// name another kind of document (cookie policy, terms of use).
fn classify_kind(
    doc: &Document,
    reg: &Registry,
    elements: &[ElementResult],
    facts: &[Vec<usize>],
) -> DocKind {
    let c = &reg.classify.notice;
    let addressed = elements
        .iter()
        .filter(|e| matches!(e.status, Status::Present | Status::Vague))
        .count();
    let title = doc.title();
    let title_hits = reg.matcher.sentence(title);
    let heading_only = |id: &str| {
        reg.fact_index(id).is_some_and(|f| {
            title_hits.has(Target::Fact(f))
                || facts[f]
                    .first()
                    .is_some_and(|&s| s < 2 && doc.sentences[s].span.start < 200)
        })
    };
    let self_titled = heading_only(&c.self_reference_fact);
    let other_document = heading_only(&c.other_document_fact) && !self_titled;
    let needed = if other_document {
        c.min_elements_other_title
    } else if self_titled {
        c.min_elements
    } else {
        c.min_elements_untitled.unwrap_or(c.min_elements)
    };
    if addressed < needed {
        DocKind::NotANotice
    } else {
        DocKind::Notice
    }
}
