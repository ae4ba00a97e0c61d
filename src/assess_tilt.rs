//! TILT documents -> an [`Assessment`], the stage `assess` is for prose:
//! element statuses come from the field mapping in `rules/formats/tilt.toml`,
//! not from text patterns (a structured document says exactly which field
//! answers which duty), and TILT's own checks and schema deviations are found
//! here; `lint::tilt_findings` turns them into findings.

use crate::assessment::{
    Assessment, DocKind, ElementResult, Grounds, NoticeKind, Organisation, Status,
};
use crate::document::tilt::tree::{Node, Value};
use crate::document::tilt::{leaf_text, schema, TiltRead};
use crate::document::Span;
use crate::rules::schema::{TiltElement, TiltMapping};
use crate::rules::{Registry, ELEMENTS};

/// Most evidence spans reported per element (as the text path).
const MAX_EVIDENCE: usize = 3;
/// Most schema deviations reported per file; the rest are counted.
const MAX_DEVIATIONS: usize = 20;

/// A TILT document's assessment, with what its findings need.
#[derive(Debug)]
pub struct TiltAssessment {
    pub assessment: Assessment,
    /// Where each element's fields are (or would be): missing-element findings point here.
    pub anchors: Vec<Span>,
    /// TILT checks that hold: (check key in `tilt.toml`, span, detail).
    pub extra: Vec<(&'static str, Span, String)>,
}

/// The assessment of a read structured file; `not_a_notice` unless it is TILT.
pub fn assess(
    read: &TiltRead,
    reg: &Registry,
    organisation: Option<Organisation>,
) -> TiltAssessment {
    let map = &reg.tilt;
    let (root, by_start, is_tilt) = (&read.root, &read.by_start, read.is_tilt);
    let facts = vec![Vec::new(); reg.facts.len()];
    if !is_tilt {
        return TiltAssessment {
            assessment: Assessment {
                kind: DocKind::NotANotice,
                grounds: Grounds::StructuredData,
                controller: None,
                notice_kind: NoticeKind::General,
                organisation: Organisation::Unknown,
                elements: ELEMENTS
                    .iter()
                    .map(|_| ElementResult::decided(Status::Absent, Vec::new()))
                    .collect(),
                facts,
            },
            anchors: vec![0..0; ELEMENTS.len()],
            extra: Vec::new(),
        };
    }

    let sentence_of = |n: &Node| by_start.get(&n.span.start).copied();
    let mut elements = Vec::with_capacity(ELEMENTS.len());
    let mut anchors = Vec::with_capacity(ELEMENTS.len());
    for id in ELEMENTS {
        let Some(rule) = map.elements.get(id) else {
            elements.push(ElementResult::decided(Status::Unclear, Vec::new()));
            anchors.push(0..0);
            continue;
        };
        let leaves = |paths: &[String]| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            for p in paths {
                for n in select(root, p) {
                    given_leaves(map, n, &mut |leaf| {
                        if let Some(s) = sentence_of(leaf) {
                            if !out.contains(&s) {
                                out.push(s);
                            }
                        }
                    });
                }
            }
            out
        };
        let present = leaves(&rule.present);
        let vague = leaves(&rule.vague);
        let (status, mut evidence) = if !present.is_empty() {
            (Status::Present, present)
        } else if !vague.is_empty() {
            (Status::Vague, vague)
        } else if !rule.applicable_if.is_empty() && !applicable(map, root, rule) {
            (Status::NotApplicable, Vec::new())
        } else {
            (Status::Absent, Vec::new())
        };
        evidence.truncate(MAX_EVIDENCE);
        elements.push(ElementResult::decided(status, evidence));
        anchors.push(anchor(root, &rule.present));
    }

    let has_sources = elements
        .iter()
        .zip(ELEMENTS)
        .any(|(r, id)| id == "source" && r.status == Status::Present);
    let sector = root
        .get("controller")
        .and_then(|c| c.get("sector"))
        .and_then(|s| match &s.value {
            Value::Str(s) => Some(s.trim().to_string()),
            _ => None,
        });
    let organisation = organisation.unwrap_or(match sector {
        Some(s) if map.public_sectors.contains(&s) => Organisation::PublicAuthority,
        Some(_) => Organisation::Company,
        None => Organisation::Unknown,
    });

    let mut extra = checks(map, root);
    let mut deviations = Vec::new();
    schema::validate(root, &mut deviations);
    let n = deviations.len();
    for (i, (span, detail)) in deviations.into_iter().enumerate() {
        if i == MAX_DEVIATIONS {
            extra.push((
                "schema_deviation",
                span,
                format!("and {} more deviations", n - MAX_DEVIATIONS),
            ));
            break;
        }
        extra.push(("schema_deviation", span, detail));
    }

    TiltAssessment {
        assessment: Assessment {
            kind: DocKind::Notice,
            grounds: Grounds::Tilt,
            controller: None,
            notice_kind: if has_sources {
                NoticeKind::Art14
            } else {
                NoticeKind::Art13
            },
            organisation,
            elements,
            facts,
        },
        anchors,
        extra,
    }
}

/// Nodes at a pointer path; `*` matches every array item.
fn select<'a>(root: &'a Node, path: &str) -> Vec<&'a Node> {
    let mut current = vec![root];
    for seg in path.split('/').skip(1) {
        let mut next = Vec::new();
        for n in current {
            match (&n.value, seg) {
                (Value::Array(items), "*") => next.extend(items.iter()),
                (Value::Object(_), key) => next.extend(n.get(key)),
                _ => {}
            }
        }
        current = next;
    }
    current
}

/// Calls `f` on every given scalar under `n`, skipping objects marked `available: false`.
fn given_leaves<'a>(map: &TiltMapping, n: &'a Node, f: &mut impl FnMut(&'a Node)) {
    given_leaves_in(map, n, None, f)
}

fn given_leaves_in<'a>(
    map: &TiltMapping,
    n: &'a Node,
    key: Option<&str>,
    f: &mut impl FnMut(&'a Node),
) {
    match &n.value {
        Value::Object(members) => {
            if matches!(
                n.get("available").map(|a| &a.value),
                Some(Value::Bool(false))
            ) {
                return;
            }
            for (k, v) in members {
                given_leaves_in(map, v, Some(k), f);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| given_leaves_in(map, i, key, f)),
        Value::Bool(false) => {
            if key.is_some_and(|k| map.false_is_statement.iter().any(|s| s == k)) {
                f(n)
            }
        }
        Value::Null => {}
        _ => {
            if leaf_text(n).is_some() {
                f(n)
            }
        }
    }
}

fn is_given(map: &TiltMapping, n: &Node) -> bool {
    let mut any = false;
    given_leaves(map, n, &mut |_| any = true);
    any
}

/// Whether any value at the rule's `applicable_if` paths is given (and matches its pattern).
fn applicable(map: &TiltMapping, root: &Node, rule: &TiltElement) -> bool {
    let mut hit = false;
    for p in &rule.applicable_if {
        for n in select(root, p) {
            given_leaves(map, n, &mut |leaf| {
                hit |= match (&leaf.value, &rule.applicable_pattern) {
                    (Value::Str(s), Some(re)) => re.is_match(s),
                    (Value::Bool(b), _) => *b,
                    _ => true,
                }
            });
        }
    }
    hit
}

/// The deepest existing node on the first path: where a missing value belongs.
fn anchor(root: &Node, paths: &[String]) -> Span {
    let Some(path) = paths.first() else {
        return 0..0;
    };
    let mut node = root;
    for seg in path.split('/').skip(1) {
        let next = match (&node.value, seg) {
            (Value::Array(items), "*") => items.first(),
            (Value::Object(_), key) => node.get(key),
            _ => None,
        };
        match next {
            Some(n) if !n.span.is_empty() => node = n,
            _ => break,
        }
    }
    if node.span == root.span {
        return 0..0;
    }
    node.span.clone()
}

/// The TILT-specific checks: (check key, span, detail).
fn checks(map: &TiltMapping, root: &Node) -> Vec<(&'static str, Span, String)> {
    let mut out = Vec::new();
    for t in select(root, "/thirdCountryTransfers/*") {
        let Some(country) = t.get("country").filter(|c| is_given(map, c)) else {
            continue;
        };
        let safeguarded = [
            "adequacyDecision",
            "appropriateGuarantees",
            "standardDataProtectionClause",
            "presenceOfEnforceableRightsAndEffectiveRemedies",
        ]
        .iter()
        .any(|k| t.get(k).is_some_and(|n| is_given(map, n)));
        if !safeguarded {
            let name = leaf_text(country).unwrap_or_default();
            out.push(("transfer_without_safeguards", country.span.clone(), name));
        }
    }
    if let Some(adm) = root.get("automatedDecisionMaking") {
        if let Some(in_use) = adm.get("inUse").filter(|n| n.value == Value::Bool(true)) {
            if !adm.get("logicInvolved").is_some_and(|n| is_given(map, n)) {
                out.push((
                    "automated_logic_missing",
                    in_use.span.clone(),
                    String::new(),
                ));
            }
        }
    }
    for (i, d) in select(root, "/dataDisclosed/*").into_iter().enumerate() {
        let Some(storage) = d.get("storage").filter(|s| is_given(map, s)) else {
            continue;
        };
        let has_period = select(storage, "/*/temporal")
            .into_iter()
            .any(|n| is_given(map, n));
        if !has_period {
            out.push((
                "storage_without_period",
                storage.span.clone(),
                format!("/dataDisclosed/{i}/storage"),
            ));
        }
    }
    out
}
