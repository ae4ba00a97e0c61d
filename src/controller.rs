//! The controller resolver: finds the names a notice gives for the
//! organisation (or person) responsible for it, weighs the cues each name
//! gets (a definitions clause, "built by", "(hereinafter "we")", the subject
//! of what the controller does, the title), and types the strongest name from
//! the lexicons in `rules/controller.toml`. The assessment uses it to decide
//! `controller_identity` and the organisation type from the controller
//! itself rather than from words anywhere in the text.

pub use crate::assessment::Candidate;
use crate::assessment::Organisation;
use crate::document::{BlockKind, Document};
use crate::rules::resolver::ControllerRules;
use std::collections::BTreeMap;

/// The names found, strongest first (ties: first found).
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub candidates: Vec<Candidate>,
}

impl Resolution {
    /// The controller: the strongest candidate.
    pub fn controller(&self) -> Option<&Candidate> {
        self.candidates.first()
    }
}

/// Finds and weighs controller names in `doc`.
pub fn resolve(doc: &Document, rules: &ControllerRules) -> Resolution {
    // key: the name folded for comparison -> (candidate, order found, best cue weight)
    let mut found: BTreeMap<String, (Candidate, usize, u32)> = BTreeMap::new();
    let mut add = |name: &str, weight: u32, sentence: Option<usize>| {
        let Some(name) = clean(name, weight, rules) else {
            return;
        };
        let key = name.to_lowercase();
        let order = found.len();
        let entry = found.entry(key).or_insert_with(|| {
            (
                Candidate {
                    name: name.clone(),
                    weight: 0,
                    sentence: None,
                    organisation: None,
                },
                order,
                0,
            )
        });
        entry.0.weight += weight;
        if weight > entry.2 || entry.0.sentence.is_none() && sentence.is_some() {
            entry.2 = weight;
            if sentence.is_some() {
                entry.0.sentence = sentence;
            }
        }
    };
    let mut seen = rules.gate.scratch();
    for (si, s) in doc.sentences.iter().enumerate() {
        if doc.blocks[s.block].kind == BlockKind::Heading {
            continue;
        }
        // Only the cues whose literals the sentence has; a cue that does not
        // match finds nothing, so this is every cue that matches, in order.
        rules.gate.possible(&s.text, &mut seen, |i| {
            let cue = &rules.sentence_cues[i];
            for caps in cue.regex.captures_iter(&s.text) {
                if caps.name("not").is_some() {
                    continue;
                }
                if let Some(m) = caps.name("name").or_else(|| caps.name("name2")) {
                    add(m.as_str(), cue.weight, Some(si));
                }
            }
        });
    }
    // The declared title has no sentence to point at; a heading has its own.
    let heading_sentence = |section: usize| {
        doc.sentences.iter().position(|s| {
            s.section == Some(section) && doc.blocks[s.block].kind == BlockKind::Heading
        })
    };
    let titles = doc.meta_title.iter().map(|t| (t.as_str(), None)).chain(
        doc.sections
            .iter()
            .enumerate()
            .take(3)
            .map(|(i, s)| (s.heading.as_str(), heading_sentence(i))),
    );
    for (title, sentence) in titles {
        for cue in &rules.title_cues {
            if let Some(m) = cue.regex.captures(title).and_then(|c| c.name("name")) {
                add(m.as_str(), cue.weight, sentence);
            }
        }
    }
    let found = found
        .into_values()
        .filter(|(c, _, _)| !common_word(&c.name, doc))
        .collect();
    let mut candidates: Vec<(Candidate, usize)> = merge_aliases(found, rules)
        .into_iter()
        .map(|(mut c, order, _)| {
            c.organisation = c.organisation.or_else(|| type_of(&c.name, rules));
            (c, order)
        })
        .collect();
    candidates.sort_by(|a, b| b.0.weight.cmp(&a.0.weight).then(a.1.cmp(&b.1)));
    Resolution {
        candidates: candidates.into_iter().map(|(c, _)| c).collect(),
    }
}

/// Whether a one-word name is an ordinary word of the text, capitalised only
/// where a sentence or a table cell starts ("Wordt gebruikt om ...",
/// "Instellingen"): the text also writes it in lower case and never
/// capitalises it mid-sentence, as it would a name.
fn common_word(name: &str, doc: &Document) -> bool {
    if name.contains(|c: char| c.is_whitespace() || c == '.' || c.is_numeric()) {
        return false;
    }
    let lower = name.to_lowercase();
    let (mut lower_seen, mut capital_mid) = (false, false);
    for s in &doc.sentences {
        let words = s
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
            .filter(|w| !w.is_empty());
        for (i, w) in words.enumerate() {
            if w == lower {
                lower_seen = true;
            } else if i > 0 && w == name {
                capital_mid = true;
            }
        }
        if capital_mid {
            return false;
        }
    }
    lower_seen
}

/// Folds the short forms of a name into its full form: "Syntax" into
/// "S.V. Syntax", "GitHub" into "GitHub, Inc": the words of the short form
/// begin or end the full one. The full form keeps the summed weight, the
/// sentence of the strongest cue, and the type of either form (the long form's
/// first: it carries the legal form).
fn merge_aliases(
    mut found: Vec<(Candidate, usize, u32)>,
    rules: &ControllerRules,
) -> Vec<(Candidate, usize, u32)> {
    fn words(name: &str) -> Vec<String> {
        name.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    }
    // Longest first, so a short form finds every full form before it merges.
    found.sort_by(|a, b| {
        words(&b.0.name)
            .len()
            .cmp(&words(&a.0.name).len())
            .then(a.1.cmp(&b.1))
    });
    let mut out: Vec<(Candidate, usize, u32)> = Vec::new();
    for (c, order, best) in found {
        let short = words(&c.name);
        let full = out
            .iter_mut()
            .filter(|(f, _, _)| {
                let long = words(&f.name);
                long.len() > short.len() && (long.starts_with(&short) || long.ends_with(&short))
            })
            .max_by(|a, b| a.0.weight.cmp(&b.0.weight).then(b.1.cmp(&a.1)));
        match full {
            Some(f) => {
                f.0.weight += c.weight;
                f.1 = f.1.min(order);
                if best > f.2 && c.sentence.is_some() {
                    f.2 = best;
                    f.0.sentence = c.sentence;
                }
                if type_of(&f.0.name, rules).is_none() {
                    f.0.organisation = f.0.organisation.or_else(|| type_of(&c.name, rules));
                }
            }
            None => out.push((c, order, best)),
        }
    }
    out
}

/// Words that open a sentence before its subject.
const CONNECTIVES: &[&str] = &[
    "also",
    "hence",
    "however",
    "thus",
    "therefore",
    "furthermore",
    "moreover",
    "additionally",
    "finally",
    "so",
    "then",
    "ook",
    "daarnaast",
    "verder",
    "echter",
    "dus",
];

/// Trims a captured name to what a name is, or `None` when it is made only
/// of ordinary words ("This Privacy Policy", "The App"), or names a platform
/// through a cue weaker than an explicit one (a platform's own notice says
/// "the controller is <Platform>"; "a service provided by <Platform>" is a
/// recipient).
fn clean(raw: &str, weight: u32, rules: &ControllerRules) -> Option<String> {
    // A final period ends the sentence, unless it closes an abbreviation ("B.V.").
    let raw = raw.trim();
    let last_word = raw.rsplit(' ').next().unwrap_or(raw);
    let keep_period = last_word.trim_end_matches('.').contains('.');
    let name = raw
        .trim_end_matches([',', ':', ';', '\'', '’'])
        .trim_end_matches(|c| c == '.' && !keep_period)
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim();
    let ordinary = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        w.is_empty() || rules.not_name_words.contains(&w)
    };
    // "Hence, Acme", "Also Acme": a connective before the name is not part of it.
    let mut name = name;
    while let Some((first, rest)) = name.split_once(' ') {
        let connective =
            first.ends_with(',') || CONNECTIVES.contains(&first.to_lowercase().as_str());
        if !connective || rest.split_whitespace().all(ordinary) {
            break;
        }
        name = rest.trim_start();
    }
    // Shouting ("UNLESS YOU REQUEST THAT") is capitalised, not a name.
    let shouted = name.split_whitespace().count() >= 3
        && !name.chars().any(char::is_lowercase)
        && name.split_whitespace().any(ordinary);
    if shouted
        || name.chars().count() < 2
        || !name.chars().any(char::is_alphabetic)
        || name.split_whitespace().all(ordinary)
        || (weight < rules.explicit_weight && rules.not_names.iter().any(|p| p.is_match(name)))
        || rules.not_name_shapes.iter().any(|p| p.is_match(name))
    {
        return None;
    }
    // "The Acme Group": the determiner is not part of the name.
    let name = ["The ", "the ", "De ", "de ", "Het ", "het "]
        .iter()
        .find_map(|d| name.strip_prefix(d))
        .unwrap_or(name);
    Some(name.to_string())
}

/// The organisation type the lexicons give a name (or a title).
pub fn type_of(name: &str, rules: &ControllerRules) -> Option<Organisation> {
    rules
        .types
        .iter()
        .find(|(_, pats)| pats.iter().any(|p| p.is_match(name)))
        .map(|(org, _)| *org)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Registry;

    fn resolve_md(text: &str) -> Resolution {
        let reg = Registry::builtin().expect("rules compile");
        resolve(&crate::document::markdown::parse(text), &reg.controller)
    }

    #[test]
    fn an_app_developer_is_the_controller() {
        let r = resolve_md(
            "# Privacy Policy\n\nPixel Orchard built the Garden Notes app as a free app.\n",
        );
        let c = r.controller().expect("a controller");
        assert_eq!(c.name, "Pixel Orchard");
        assert!(c.weight >= 3);
    }

    #[test]
    fn a_definitions_list_names_the_company() {
        let r = resolve_md(
            "## Definitions\n\n- Company (referred to as \"We\" or \"Us\") refers to Brightwater Labs Ltd, 4 Quay Street.\n",
        );
        let c = r.controller().expect("a controller");
        assert_eq!(c.name, "Brightwater Labs Ltd");
        assert_eq!(c.organisation, Some(Organisation::Company));
    }

    #[test]
    fn dutch_alias_and_type() {
        let r = resolve_md(
            "Stichting Groene Heuvel (hierna: \"wij\") verwerkt gegevens van donateurs.\n",
        );
        let c = r.controller().expect("a controller");
        assert_eq!(c.name, "Stichting Groene Heuvel");
        assert_eq!(c.organisation, Some(Organisation::Nonprofit));
    }

    #[test]
    fn ordinary_words_are_no_name() {
        let r = resolve_md("This Privacy Policy uses plain words. The App collects no data.\n");
        assert!(r.controller().is_none(), "{r:?}");
    }

    #[test]
    fn a_short_form_counts_for_the_full_name() {
        let r = resolve_md(
            "# Privacybeleid Studievereniging Orion\n\nOrion respecteert uw privacy. Orion verwerkt alleen ledengegevens.\n",
        );
        let c = r.controller().expect("a controller");
        assert_eq!(c.name, "Studievereniging Orion");
        assert_eq!(c.organisation, Some(Organisation::Nonprofit));
        assert!(c.weight >= 3, "{c:?}");
    }

    #[test]
    fn a_word_capitalised_only_at_a_sentence_start_is_no_name() {
        let r = resolve_md(
            "| Gegeven | Doel |\n|---|---|\n| E-mail | Wordt gebruikt voor de nieuwsbrief |\n| Naam | Wordt gebruikt voor de aanhef |\n\nUw naam wordt niet gedeeld.\n",
        );
        assert!(r.controller().is_none(), "{r:?}");
    }

    #[test]
    fn a_company_titling_its_notice_and_an_operator_clause_name_the_controller() {
        let r = resolve_md(
            "# Kite & Kettle Ltd trading as Teapot Privacy Policy\n\nWe collect little.\n",
        );
        let c = r.controller().expect("a controller");
        assert_eq!(c.name, "Kite & Kettle Ltd");
        assert_eq!(c.organisation, Some(Organisation::Company));
        let r = resolve_md(
            "# Privacy Policy\n\nThank you for trusting Harbor Light Foundation for Learning, which owns and operates the application.\n",
        );
        let c = r.controller().expect("a controller");
        assert_eq!(c.name, "Harbor Light Foundation for Learning");
        assert!(c.weight >= 2);
    }

    #[test]
    fn a_public_body_is_typed() {
        let r = resolve_md("Gemeente Zandvoorde (hierna: de gemeente) verwerkt uw aanvraag.\n");
        let c = r.controller().expect("a controller");
        assert_eq!(c.organisation, Some(Organisation::PublicAuthority));
    }
}
