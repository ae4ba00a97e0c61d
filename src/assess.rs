//! Document -> element statuses, facts and classification, driven by the
//! compiled rules. No text is produced here; `lint` turns this into findings.

use crate::document::{BlockKind, Document};
use crate::lang::Language;
use crate::rules::{Registry, Target};
use serde::Serialize;

/// How an element is addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Absent,
    Vague,
    NotApplicable,
    Unclear,
}

impl Status {
    /// The status as written in reports and rule files (`not_applicable`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Absent => "absent",
            Status::Vague => "vague",
            Status::NotApplicable => "not_applicable",
            Status::Unclear => "unclear",
        }
    }
}

pub use crate::recognise::{DocKind, Grounds};

/// Which article's information duties the notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Art13,
    Art14,
    General,
}

impl NoticeKind {
    /// The kind as written in reports (`art13`).
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Art13 => "art13",
            NoticeKind::Art14 => "art14",
            NoticeKind::General => "general",
        }
    }
}

/// Who the controller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[clap(rename_all = "snake_case")]
pub enum Organisation {
    PublicAuthority,
    Company,
    Nonprofit,
    Unknown,
}

impl Organisation {
    /// The type as written in reports and config (`public_authority`).
    pub fn as_str(self) -> &'static str {
        match self {
            Organisation::PublicAuthority => "public_authority",
            Organisation::Company => "company",
            Organisation::Nonprofit => "nonprofit",
            Organisation::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Organisation {
        match id {
            "public_authority" => Organisation::PublicAuthority,
            "company" => Organisation::Company,
            "nonprofit" => Organisation::Nonprofit,
            _ => Organisation::Unknown,
        }
    }
}

/// One element's verdict and the sentences it rests on.
#[derive(Debug, Clone)]
pub struct ElementResult {
    pub status: Status,
    /// Sentence indices, strongest evidence first.
    pub evidence: Vec<usize>,
}

/// Everything the rules found in one document.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub kind: DocKind,
    /// Why the text is (not) a notice.
    pub grounds: Grounds,
    /// The controller the resolver settled on, if any name was strong enough.
    pub controller: Option<crate::controller::Candidate>,
    pub notice_kind: NoticeKind,
    pub organisation: Organisation,
    /// In [`crate::rules::ELEMENTS`] order.
    pub elements: Vec<ElementResult>,
    /// Per fact (registry order): the sentences where it holds.
    pub facts: Vec<Vec<usize>>,
}

/// Most evidence spans reported per element.
const MAX_EVIDENCE: usize = 3;

/// Overrides from the command line or config.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub organisation: Option<Organisation>,
    /// Judge the text as a notice whatever it looks like (rule examples are one sentence).
    pub force_notice: bool,
    /// The notice's language: only its patterns (and language-neutral ones)
    /// count, so a Dutch word inside English text cannot decide an element.
    /// `None` applies every language's patterns.
    pub language: Option<crate::lang::Language>,
}

/// Runs every element rule and fact over the document.
pub fn assess(doc: &Document, reg: &Registry, overrides: Overrides) -> Assessment {
    let n_el = reg.elements.len();
    let section_cues: Vec<(Vec<usize>, Vec<usize>)> = doc
        .sections
        .iter()
        .map(|s| reg.matcher.heading_in(&s.heading, overrides.language))
        .collect();
    let lead_cues = lead_cues(doc, reg, overrides.language);
    let mut strong: Vec<Vec<usize>> = vec![Vec::new(); n_el];
    let mut vague: Vec<Vec<usize>> = vec![Vec::new(); n_el];
    let mut facts: Vec<Vec<usize>> = vec![Vec::new(); reg.facts.len()];

    // Reused across sentences: matching allocates nothing per sentence.
    let mut hits = reg.matcher.new_hits();
    hits.restrict_to(overrides.language);
    let mut chain: Vec<usize> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        if doc.blocks[sentence.block].kind == BlockKind::Heading {
            continue;
        }
        chain.clear();
        chain.extend(std::iter::successors(sentence.section, |&i| {
            doc.sections[i].parent
        }));
        let label = label_cues(&sentence.text, reg, overrides.language);
        let in_section = |e: usize| {
            chain.iter().any(|&s| section_cues[s].0.contains(&e))
                || lead_cues[sentence.block].contains(&e)
                || label.contains(&e)
        };
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
    let mut elements: Vec<ElementResult> = reg
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

    let grounds = if overrides.force_notice {
        Grounds::Assumed
    } else {
        crate::recognise::recognise(doc, reg, &facts)
    };
    let kind = grounds.kind();
    let nk = &reg.classify.notice_kind;
    let notice_kind = match (holds(&nk.art14_fact), holds(&nk.art13_fact)) {
        (true, false) => NoticeKind::Art14,
        (false, true) => NoticeKind::Art13,
        _ => NoticeKind::General,
    };
    let resolution = crate::controller::resolve(doc, &reg.controller);
    let strong_enough =
        |c: &&crate::controller::Candidate| c.weight >= reg.controller.identity_weight;
    let identity = reg
        .elements
        .iter()
        .position(|r| r.element == "controller_identity");
    if let Some(ci) = identity {
        let named = resolution.controller().filter(strong_enough);
        if let (Status::Absent | Status::Vague, Some(s)) =
            (elements[ci].status, named.and_then(|c| c.sentence))
        {
            elements[ci] = ElementResult {
                status: Status::Present,
                evidence: vec![s],
            };
        }
    }
    let organisation = overrides.organisation.unwrap_or_else(|| {
        // The controller's own kind decides; a vote over the text is the
        // fallback for a notice whose controller's name says nothing.
        if let Some(org) = resolution
            .candidates
            .iter()
            .filter(strong_enough)
            .find_map(|c| c.organisation)
        {
            return org;
        }
        // A fact in the sentences that name the controller (or in the title)
        // outweighs passing mentions.
        let identity = identity.map_or(&[][..], |i| &elements[i].evidence[..]);
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
    let controller = resolution.controller().filter(strong_enough).cloned();
    Assessment {
        kind,
        grounds,
        controller,
        notice_kind,
        organisation,
        elements,
        facts,
    }
}

/// Per block: the elements announced by the line that leads into it. A list
/// after "We keep your data for the following periods:" is judged as if that
/// line were its heading, so its items count for the element as they would
/// under a "Retention" heading.
fn lead_cues(doc: &Document, reg: &Registry, lang: Option<Language>) -> Vec<Vec<usize>> {
    let mut cues: Vec<Vec<usize>> = vec![Vec::new(); doc.blocks.len()];
    let mut lead: Option<(usize, Vec<usize>)> = None;
    for (b, block) in doc.blocks.iter().enumerate() {
        match block.kind {
            BlockKind::ListItem => {
                if let Some((_, elements)) = &lead {
                    cues[b] = elements.clone();
                }
            }
            BlockKind::Paragraph => {
                let last = block
                    .sentences
                    .clone()
                    .last()
                    .map(|s| doc.sentences[s].text.trim_end());
                lead = last
                    .filter(|t| t.ends_with(':'))
                    .map(|t| (b, reg.matcher.heading_in(t, lang).0));
            }
            _ => lead = None,
        }
    }
    cues
}

/// The elements a "Label: value" sentence announces with its label
/// ("Lawful basis: legitimate interests", "Bewaartermijn: 7 jaar").
fn label_cues(text: &str, reg: &Registry, lang: Option<Language>) -> Vec<usize> {
    let Some((label, value)) = text.split_once(':') else {
        return Vec::new();
    };
    let words = label.split_whitespace().count();
    if !(1..=5).contains(&words) || value.trim().is_empty() || label.contains(['(', '"']) {
        return Vec::new();
    }
    reg.matcher.heading_in(label, lang).0
}
