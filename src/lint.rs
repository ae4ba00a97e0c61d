//! Assessment -> findings: one per absent (error) or vague (warning) element,
//! then one per check of `rules/checks/` that fires.

use crate::assess::{Assessment, DocKind, Status};
use crate::document::Document;
use crate::finding::Finding;
use crate::lang::Language;
use crate::rules::Registry;

/// The findings for a document; none for a text that is no notice.
pub fn findings(doc: &Document, a: &Assessment, reg: &Registry, lang: Language) -> Vec<Finding> {
    if a.kind == DocKind::NotANotice {
        return Vec::new();
    }
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
            help: spec.help.get(lang).to_owned(),
            span,
            related: Vec::new(),
        });
    }
    for check in &reg.checks {
        if let Some(f) = check.run(doc, a, lang) {
            out.push(f);
        }
    }
    out.sort_by(|x, y| (x.span.start, &x.rule).cmp(&(y.span.start, &y.rule)));
    out
}
