//! Document -> element statuses, facts and classification, driven by the
//! compiled rules. No text is produced here; `lint` turns this into findings.

pub use crate::assessment::{
    Assessment, DocKind, ElementResult, Grounds, NoticeKind, Organisation, Status,
};
use crate::document::{BlockKind, Document};
use crate::lang::Language;
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
    /// The notice's language: only its patterns (and language-neutral ones)
    /// count, so a Dutch word inside English text cannot decide an element.
    /// `None` applies every language's patterns.
    pub language: Option<crate::lang::Language>,
}

/// Runs every element rule and fact over the document.
pub fn assess(doc: &Document, reg: &Registry, overrides: Assumptions) -> Assessment {
    let n_el = reg.elements.len();
    let section_cues: Vec<(Vec<usize>, Vec<usize>)> = doc
        .sections
        .iter()
        .map(|s| reg.matcher.heading_in(&s.heading, overrides.language))
        .collect();
    let lead_cues = lead_cues(doc, reg, overrides.language);
    let cell_cues = cell_cues(doc, reg, overrides.language);
    // Per element: (sentence, weight) of every sentence that counted.
    let mut strong: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n_el];
    let mut vague: Vec<Vec<usize>> = vec![Vec::new(); n_el];
    let mut facts: Vec<Vec<usize>> = vec![Vec::new(); reg.facts.len()];
    let mut excluded: Vec<Vec<usize>> = vec![Vec::new(); n_el];

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
                || cell_cues[sentence.block].contains(&e)
                || label.contains(&e)
        };
        reg.matcher
            .sentence_into(&sentence.text, in_section, &mut hits);
        for e in 0..n_el {
            if hits.has(Target::Exclude(e)) {
                excluded[e].push(si);
                continue;
            }
            let is_vague = hits.has(Target::Vague(e));
            let concrete = hits.has(Target::Concrete(e));
            let hit =
                hits.has(Target::Sentence(e)) || (hits.has(Target::InSection(e)) && in_section(e));
            let w = &reg.elements[e].weights;
            let base = if hit || (is_vague && concrete) {
                1.0
            } else if hits.has(Target::Weak(e)) {
                let boost = if in_section(e) { w.boost } else { 1.0 };
                (w.weak * boost).min(1.0)
            } else {
                0.0
            };
            let against = if hits.has(Target::Against(e)) {
                w.against
            } else {
                0.0
            };
            let weight = (base - against).max(0.0);
            if is_vague && !concrete {
                vague[e].push(si);
            } else if weight > 0.0 {
                strong[e].push((si, weight));
            }
        }
        for (f, found) in facts.iter_mut().enumerate() {
            let by_heading = chain.iter().any(|&s| section_cues[s].1.contains(&f));
            if (hits.has(Target::Fact(f)) || by_heading) && !hits.has(Target::FactExclude(f)) {
                found.push(si);
            }
        }
    }

    let bound = Bound {
        facts: &facts,
        excluded: &excluded,
        vague: &vague,
        cell_cues: &cell_cues,
        lang: overrides.language,
    };
    answer_questions(doc, reg, &section_cues, &bound, &mut strong);
    bind_records(doc, reg, &bound, &mut strong);

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
            let score = strong[e].iter().fold(0.0_f32, |sum, (_, w)| sum + w);
            // Strongest first; a stable sort keeps the text's order among equals.
            let mut counted = strong[e].clone();
            counted.sort_by(|a, b| b.1.total_cmp(&a.1));
            counted.truncate(MAX_EVIDENCE);
            let (status, evidence, weights) = if score >= rule.weights.threshold {
                let (s, w) = counted.into_iter().unzip();
                (Status::Present, s, w)
            } else if !vague[e].is_empty() {
                let mut v = vague[e].clone();
                v.truncate(MAX_EVIDENCE);
                (Status::Vague, v, Vec::new())
            } else if !applicable {
                (Status::NotApplicable, Vec::new(), Vec::new())
            } else {
                (Status::Absent, Vec::new(), Vec::new())
            };
            ElementResult {
                status,
                evidence,
                weights,
                score: Some(score),
            }
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
            elements[ci] = ElementResult::decided(Status::Present, vec![s]);
        }
    }
    let organisation = overrides.organisation.unwrap_or_else(|| {
        // The controller's own kind decides; a vote over the text is the
        // fallback for a notice whose controller's name says nothing.
        // A name too weakly cued to claim the controller's identity (a title
        // alone) still says what kind of organisation the text speaks for.
        let typed = |strong: bool| {
            resolution
                .candidates
                .iter()
                .filter(|c| !strong || strong_enough(c))
                .find_map(|c| c.organisation)
        };
        if let Some(org) = typed(true).or_else(|| typed(false)) {
            return org;
        }
        // The title may say it where no name does ("... (registered charity)").
        if let Some(org) = crate::controller::type_of(doc.title(), &reg.controller) {
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
        match (
            &reg.classify.organisation.untyped_name,
            resolution.controller(),
        ) {
            (Some(org), Some(_)) if best.1 == Organisation::Unknown => Organisation::from_id(org),
            _ => best.1,
        }
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
/// under a "Retention" heading; so are the sub-sections that follow such a
/// line (one sub-heading per period), up to the next heading at the lead's
/// own level.
fn lead_cues(doc: &Document, reg: &Registry, lang: Option<Language>) -> Vec<Vec<usize>> {
    let mut cues: Vec<Vec<usize>> = vec![Vec::new(); doc.blocks.len()];
    let mut lead: Option<(usize, Vec<usize>)> = None;
    let level = |block: &crate::document::Block| block.section.map_or(0, |s| doc.sections[s].level);
    // Elements of a lead-in that sub-headings follow, and the lead's level.
    let mut over_subsections: Option<(Vec<usize>, u8)> = None;
    for (b, block) in doc.blocks.iter().enumerate() {
        if block.kind == BlockKind::Heading {
            let deeper = |lead_level: u8| level(block) > lead_level;
            over_subsections = match (over_subsections.take(), &lead) {
                (Some((e, l)), _) if deeper(l) => Some((e, l)),
                (None, Some((lb, e))) if !e.is_empty() && deeper(level(&doc.blocks[*lb])) => {
                    Some((e.clone(), level(&doc.blocks[*lb])))
                }
                _ => None,
            };
        } else if let Some((e, _)) = &over_subsections {
            cues[b] = e.clone();
        }
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

/// Per block: the elements a table cell's column header ("Bewaartermijn",
/// "Lawful basis") or its row's label (the first cell, when short) announce,
/// so "2 years" under "Retention period" counts as it would under such a
/// heading.
fn cell_cues(doc: &Document, reg: &Registry, lang: Option<Language>) -> Vec<Vec<usize>> {
    let mut cues: Vec<Vec<usize>> = vec![Vec::new(); doc.blocks.len()];
    if !doc.blocks.iter().any(|b| b.cell.is_some()) {
        return cues;
    }
    let text = |b: &crate::document::Block| {
        doc.sentences[b.sentences.clone()]
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // (table, col) -> header cues; (table, row) -> label cues.
    let mut headers: std::collections::HashMap<(usize, usize), Vec<usize>> = Default::default();
    let mut labels: std::collections::HashMap<(usize, usize), Vec<usize>> = Default::default();
    for b in &doc.blocks {
        let Some(pos) = b.cell else { continue };
        let t = text(b);
        if pos.header {
            headers
                .entry((pos.table, pos.col))
                .or_default()
                .extend(reg.matcher.heading_in(&t, lang).0);
        } else if pos.col == 0 && t.split_whitespace().count() <= 6 {
            labels.insert((pos.table, pos.row), reg.matcher.heading_in(&t, lang).0);
        }
    }
    for (bi, b) in doc.blocks.iter().enumerate() {
        let Some(pos) = b.cell.filter(|p| !p.header) else {
            continue;
        };
        let mut c: Vec<usize> = headers
            .get(&(pos.table, pos.col))
            .cloned()
            .unwrap_or_default();
        if pos.col > 0 {
            c.extend(labels.get(&(pos.table, pos.row)).into_iter().flatten());
        }
        c.sort_unstable();
        c.dedup();
        cues[bi] = c;
    }
    cues
}

/// What [`answer_questions`] and [`bind_records`] read of the sentence pass.
struct Bound<'a> {
    facts: &'a [Vec<usize>],
    excluded: &'a [Vec<usize>],
    vague: &'a [Vec<usize>],
    cell_cues: &'a [Vec<usize>],
    lang: Option<Language>,
}

/// Evidence from records: in a table row or a run of "Label: value" lines
/// where one field states an element's binding fact (a basis cell saying
/// "legitimate interests"), the row's other fields say what it is about.
fn bind_records(
    doc: &Document,
    reg: &Registry,
    bound: &Bound<'_>,
    strong: &mut [Vec<(usize, f32)>],
) {
    if reg.elements.iter().all(|r| r.binding.is_none()) {
        return;
    }
    let records = records(doc);
    if records.iter().all(Option::is_none) {
        return;
    }
    for (e, rule) in reg.elements.iter().enumerate() {
        let Some(binding) = &rule.binding else {
            continue;
        };
        let Some(f) = reg.fact_index(&binding.fact) else {
            continue;
        };
        let stating: std::collections::BTreeSet<usize> = bound.facts[f]
            .iter()
            .map(|&s| doc.sentences[s].block)
            .collect();
        let bound_records: std::collections::BTreeSet<usize> =
            stating.iter().filter_map(|&b| records[b]).collect();
        if bound_records.is_empty() {
            continue;
        }
        let about = |c: &usize| {
            binding
                .fields_about
                .iter()
                .any(|id| reg.elements[*c].element == *id)
        };
        for (b, record) in records.iter().enumerate() {
            if !record.is_some_and(|r| bound_records.contains(&r)) || stating.contains(&b) {
                continue;
            }
            let block = &doc.blocks[b];
            let Some(si) = block.sentences.clone().next() else {
                continue;
            };
            let text = &doc.sentences[si].text;
            let (cues, value) = match block.cell {
                Some(_) => (bound.cell_cues[b].clone(), text.as_str()),
                None => {
                    let (label, value) = text.split_once(':').unwrap_or(("", text));
                    (reg.matcher.heading_in(label, bound.lang).0, value)
                }
            };
            let words = value.split_whitespace().count() + block.sentences.len() - 1;
            if words < binding.min_words
                || !cues.iter().all(about)
                || bound.excluded[e].contains(&si)
                || bound.vague[e].contains(&si)
                || strong[e].iter().any(|(s, _)| *s == si)
            {
                continue;
            }
            strong[e].push((si, 1.0));
        }
    }
}

/// Evidence from a question heading answered with a short "no": "Geven wij
/// uw gegevens aan derden?" over "Dat doen wij nooit." answers the element the
/// question asks about, though the answer names none of its words.
fn answer_questions(
    doc: &Document,
    reg: &Registry,
    section_cues: &[(Vec<usize>, Vec<usize>)],
    bound: &Bound<'_>,
    strong: &mut [Vec<(usize, f32)>],
) {
    let Some(answer) = &reg.classify.answer else {
        return;
    };
    let Some(f) = reg.fact_index(&answer.fact) else {
        return;
    };
    let asks = |s: usize| {
        doc.sections[s].heading.trim_end().ends_with('?') && !section_cues[s].0.is_empty()
    };
    // Per question section: its first body sentence and how many it has.
    let mut bodies: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for (i, sentence) in doc.sentences.iter().enumerate() {
        match sentence.section {
            Some(s) if doc.blocks[sentence.block].kind != BlockKind::Heading && asks(s) => {
                bodies.entry(s).or_insert((i, 0)).1 += 1;
            }
            _ => {}
        }
    }
    for (s, (first, count)) in bodies {
        if count > answer.max_sentences
            || doc.sentences[first].text.split_whitespace().count() > answer.max_words
            || !bound.facts[f].contains(&first)
        {
            continue;
        }
        for &e in &section_cues[s].0 {
            if !bound.excluded[e].contains(&first)
                && !bound.vague[e].contains(&first)
                && !strong[e].iter().any(|(si, _)| *si == first)
            {
                strong[e].push((first, 1.0));
            }
        }
    }
}

/// Per block: the record it is a field of. A record is a table row (its
/// body cells) or a run of consecutive "Label: value" paragraphs or items in
/// one section; a label that repeats starts the next record ("Purpose: ...",
/// "Basis: ...", "Purpose: ...").
fn records(doc: &Document) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.blocks.len()];
    let mut rows: std::collections::HashMap<(usize, usize), usize> = Default::default();
    let mut next = 0;
    let mut run: Option<(usize, Option<usize>, Vec<String>)> = None;
    for (b, block) in doc.blocks.iter().enumerate() {
        if let Some(pos) = block.cell {
            run = None;
            if !pos.header {
                out[b] = Some(*rows.entry((pos.table, pos.row)).or_insert_with(|| {
                    next += 1;
                    next - 1
                }));
            }
            continue;
        }
        let label = match block.kind {
            BlockKind::Paragraph | BlockKind::ListItem => block
                .sentences
                .clone()
                .next()
                .and_then(|s| field_label(&doc.sentences[s].text)),
            _ => None,
        };
        let Some(label) = label else {
            run = None;
            continue;
        };
        match &mut run {
            Some((id, section, labels))
                if *section == block.section && !labels.contains(&label) =>
            {
                labels.push(label);
                out[b] = Some(*id);
            }
            _ => {
                out[b] = Some(next);
                run = Some((next, block.section, vec![label]));
                next += 1;
            }
        }
    }
    out
}

/// The label of a "Label: value" line, lower-cased: one to five words before
/// the colon, a value after it.
fn field_label(text: &str) -> Option<String> {
    let (label, value) = text.split_once(':')?;
    let words = label.split_whitespace().count();
    ((1..=5).contains(&words) && !value.trim().is_empty() && !label.contains(['(', '"']))
        .then(|| label.trim().to_lowercase())
}

/// The elements a "Label: value" sentence announces with its label
/// ("Lawful basis: legitimate interests", "Bewaartermijn: 7 jaar").
fn label_cues(text: &str, reg: &Registry, lang: Option<Language>) -> Vec<usize> {
    match field_label(text) {
        Some(label) => reg.matcher.heading_in(&label, lang).0,
        None => Vec::new(),
    }
}
