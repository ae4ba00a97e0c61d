//! `audit --format json`: the summary as data, with the report header.

use super::meta::{reason_text, ReportMeta};
use super::{Summary, STATUSES};
use serde_json::{json, Map, Value};

/// The summary and header of an audit as one JSON value.
pub fn summary_json(summary: &Summary, meta: &ReportMeta) -> Value {
    let lang = meta.language.unwrap_or_else(|| summary.majority_language());
    let elements: Vec<Value> = meta
        .elements
        .iter()
        .enumerate()
        .map(|(e, name)| {
            let mut o = Map::new();
            o.insert("id".into(), json!(name.id));
            o.insert("name".into(), json!(name.name(lang)));
            o.insert("article".into(), json!(name.article));
            for (k, st) in STATUSES.iter().enumerate() {
                o.insert((*st).into(), json!(summary.elements[e][k]));
            }
            o.insert("pass_rate".into(), json!(summary.pass_rate(e)));
            Value::Object(o)
        })
        .collect();
    let groups = |m: &std::collections::BTreeMap<String, super::summary::Group>| -> Value {
        m.iter()
            .map(|(k, g)| {
                (
                    k.clone(),
                    json!({ "files": g.files, "notices": g.notices, "coverage": g.coverage() }),
                )
            })
            .collect::<Map<String, Value>>()
            .into()
    };
    let reasons: Vec<Value> = summary
        .reasons
        .iter()
        .map(|(code, n)| json!({ "reason": code, "text": reason_text(code, lang), "files": n }))
        .collect();
    let config: Map<String, Value> = meta
        .config
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "version": 1,
        "tool": { "name": "avglint", "version": meta.tool_version, "rules": meta.rules_version },
        "title": meta.title(lang),
        "client": meta.client,
        "date": meta.date,
        "language": lang.code(),
        "scope": { "roots": meta.roots, "files": summary.files, "formats": summary.by_format },
        "configuration": config,
        "files": {
            "total": summary.files,
            "notices": summary.notices,
            "not_notices": summary.not_notices,
            "errors": summary.errors,
        },
        "findings": {
            "error": summary.findings[2],
            "warning": summary.findings[1],
            "info": summary.findings[0],
        },
        "elements": elements,
        "by_language": groups(&summary.by_language),
        "by_organisation": groups(&summary.by_organisation),
        "not_judged": reasons,
    })
}
