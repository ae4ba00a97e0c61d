//! Is a text a privacy notice? Decided from what the text calls itself (its
//! title window and its references to itself) and, for a text without any
//! such name, from how much of it says what the writer does with personal
//! data. Not from how many elements it addresses: a thin notice is still a
//! notice, and its gaps are what its user needs to see.

pub use crate::assessment::{DocKind, Grounds};
use crate::document::{BlockKind, Document};
use crate::rules::schema::NoticeClassify;
use crate::rules::{Registry, Target};

/// Longest opening sentence (in words) that can be a title: a longer one is
/// prose, which speaks through its self-references instead.
const TITLE_WORDS: usize = 12;

/// Decides whether `doc` is a notice. `facts` holds, per fact, the sentences
/// where it holds (as the assessment computed them).
pub fn recognise(doc: &Document, reg: &Registry, facts: &[Vec<usize>]) -> Grounds {
    let c = &reg.classify.notice;
    let count = |id: &str| reg.fact_index(id).map_or(0, |f| facts[f].len());
    let names_itself = count(&c.self_reference_fact);
    let names_other = count(&c.other_self_reference_fact);
    if names_other >= c.min_other_self_references && names_other > 2 * names_itself {
        return Grounds::NamesItselfOther;
    }
    match title_verdict(doc, reg, c) {
        Some(Grounds::OtherDocumentTitle) if names_itself >= 2 && names_itself > names_other => {}
        Some(grounds) => return grounds,
        None => {}
    }
    if names_itself > 0 {
        return Grounds::NamesItself;
    }
    let prose = doc
        .sentences
        .iter()
        .filter(|s| doc.blocks[s.block].kind != BlockKind::Heading)
        .count()
        .max(1);
    let statements = count(&c.processing_fact);
    let dense = statements >= c.min_processing_statements
        && statements * 100 >= c.min_processing_share * prose;
    if dense || statements >= c.enough_processing_statements {
        Grounds::ProcessingStatements
    } else {
        Grounds::FewProcessingStatements
    }
}

/// The verdict of the first title in the window that names a kind of document.
fn title_verdict(doc: &Document, reg: &Registry, c: &NoticeClassify) -> Option<Grounds> {
    let fact = |id: &str| reg.fact_index(id);
    let (privacy, about, other) = (
        fact(&c.privacy_title_fact),
        fact(&c.about_notices_fact),
        fact(&c.other_title_fact),
    );
    let headings = doc
        .sections
        .iter()
        .filter(|s| s.span.start < c.title_window_bytes)
        .take(c.title_headings)
        .map(|s| s.heading.as_str());
    let opening = doc
        .sentences
        .iter()
        .filter(|s| doc.blocks[s.block].kind != BlockKind::Heading)
        .filter(|s| s.span.start < c.title_window_bytes)
        .take(c.title_sentences)
        .map(|s| s.text.as_str())
        .filter(|t| t.split_whitespace().count() <= TITLE_WORDS);
    let holds = |hits: &crate::rules::Hits, f: Option<usize>| {
        f.is_some_and(|f| hits.has(Target::Fact(f)) && !hits.has(Target::FactExclude(f)))
    };
    // A page title often carries the site's name: "Privacy | Bakkerij Korrel".
    let meta = doc.meta_title.as_deref().into_iter().flat_map(|t| {
        std::iter::once(t).chain(
            t.split(['|', '–', '—', '·', '»'])
                .flat_map(|p| p.split(" - "))
                .map(str::trim)
                .filter(move |p| !p.is_empty() && p.len() < t.len()),
        )
    });
    meta.chain(headings).chain(opening).find_map(|title| {
        let hits = reg.matcher.sentence(title);
        if holds(&hits, about) {
            Some(Grounds::AboutNotices)
        } else if holds(&hits, privacy) {
            Some(Grounds::PrivacyTitle)
        } else if holds(&hits, other) {
            Some(Grounds::OtherDocumentTitle)
        } else {
            None
        }
    })
}
