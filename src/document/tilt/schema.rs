//! Schema deviations of a TILT document, against the TILT JSON Schema
//! (`rules/formats/tilt-schema.json`, draft-07, MIT, Copyright (c) 2020 Elias
//! Grünewald). Only the keywords that schema uses for shape are checked:
//! type, properties, required, items, anyOf, const, enum, min/maxLength,
//! pattern, if/then. `null` counts as "not given", not as a deviation: real
//! documents use it for every empty field.

use super::tree::{Node, Value};
use crate::document::Span;
use regex::Regex;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::LazyLock;

struct Schema {
    root: Json,
    patterns: HashMap<String, Regex>,
}

static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    let root: Json = serde_json::from_str(include_str!("../../../rules/formats/tilt-schema.json"))
        .expect("rules/formats/tilt-schema.json is checked by the test suite");
    let mut patterns = HashMap::new();
    collect_patterns(&root, &mut patterns);
    Schema { root, patterns }
});

fn collect_patterns(s: &Json, out: &mut HashMap<String, Regex>) {
    match s {
        Json::Object(m) => {
            if let Some(Json::String(p)) = m.get("pattern") {
                // A pattern Rust's regex cannot read is skipped, not fatal.
                if let Ok(re) = Regex::new(p) {
                    out.insert(p.clone(), re);
                }
            }
            m.values().for_each(|v| collect_patterns(v, out));
        }
        Json::Array(a) => a.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

/// Appends (span, "pointer: what is wrong") for every deviation found.
pub fn validate(root: &Node, out: &mut Vec<(Span, String)>) {
    check(&SCHEMA.root, root, "", out);
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::Str(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(want: &str, v: &Value) -> bool {
    match want {
        "integer" => matches!(v, Value::Number(n) if !n.contains(['.', 'e', 'E'])),
        other => other == type_name(v),
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn check(s: &Json, n: &Node, ptr: &str, out: &mut Vec<(Span, String)>) {
    let Json::Object(s) = s else { return };
    if n.value == Value::Null {
        return;
    }
    let at = |ptr: &str| if ptr.is_empty() { "/" } else { ptr }.to_string();
    if let Some(t) = s.get("type") {
        let ok = match t {
            Json::String(t) => type_ok(t, &n.value),
            Json::Array(ts) => ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| type_ok(t, &n.value))),
            _ => true,
        };
        if !ok {
            let want = match t {
                Json::String(t) => t.clone(),
                _ => t.to_string(),
            };
            out.push((
                n.span.clone(),
                format!(
                    "{}: expected {want}, found {}",
                    at(ptr),
                    type_name(&n.value)
                ),
            ));
            return;
        }
    }
    if let Some(Json::Array(branches)) = s.get("anyOf") {
        let mut best: Option<Vec<(Span, String)>> = None;
        for b in branches {
            let mut errs = Vec::new();
            check(b, n, ptr, &mut errs);
            if best.as_ref().is_none_or(|x| errs.len() < x.len()) {
                best = Some(errs);
            }
        }
        out.extend(best.unwrap_or_default());
    }
    if let Some(c) = s.get("const") {
        if !json_eq(c, &n.value) {
            out.push((n.span.clone(), format!("{}: must be {c}", at(ptr))));
        }
    }
    if let Some(Json::Array(options)) = s.get("enum") {
        if !options.iter().any(|o| json_eq(o, &n.value)) {
            out.push((
                n.span.clone(),
                format!("{}: not one of the allowed values", at(ptr)),
            ));
        }
    }
    if let Value::Str(text) = &n.value {
        let len = text.chars().count() as u64;
        if let Some(min) = s.get("minLength").and_then(Json::as_u64) {
            if len < min && len > 0 {
                out.push((
                    n.span.clone(),
                    format!("{}: shorter than {min} characters", at(ptr)),
                ));
            }
        }
        if let Some(max) = s.get("maxLength").and_then(Json::as_u64) {
            if len > max {
                out.push((
                    n.span.clone(),
                    format!("{}: longer than {max} characters", at(ptr)),
                ));
            }
        }
        if let Some(re) = s
            .get("pattern")
            .and_then(Json::as_str)
            .and_then(|p| SCHEMA.patterns.get(p))
        {
            if !text.is_empty() && !re.is_match(text) {
                out.push((
                    n.span.clone(),
                    format!("{}: does not match the pattern {}", at(ptr), re.as_str()),
                ));
            }
        }
    }
    if let Value::Object(members) = &n.value {
        let required = |s: &serde_json::Map<String, Json>, out: &mut Vec<(Span, String)>| {
            if let Some(Json::Array(req)) = s.get("required") {
                for r in req.iter().filter_map(Json::as_str) {
                    if !members.iter().any(|(k, _)| k == r) {
                        out.push((n.span.clone(), format!("{}: missing `{r}`", at(ptr))));
                    }
                }
            }
        };
        required(s, out);
        if let (Some(Json::Object(cond)), Some(Json::Object(then))) = (s.get("if"), s.get("then")) {
            let mut errs = Vec::new();
            check(&Json::Object(cond.clone()), n, ptr, &mut errs);
            if errs.is_empty() && if_required_present(cond, members) {
                required(then, out);
            }
        }
        if let Some(Json::Object(props)) = s.get("properties") {
            for (k, v) in members {
                if let Some(sub) = props.get(k) {
                    check(sub, v, &format!("{ptr}/{}", escape(k)), out);
                }
            }
        }
    }
    if let Value::Array(items) = &n.value {
        match s.get("items") {
            Some(sub @ Json::Object(_)) => {
                for (i, item) in items.iter().enumerate() {
                    check(sub, item, &format!("{ptr}/{i}"), out);
                }
            }
            Some(Json::Array(subs)) => {
                for (i, (sub, item)) in subs.iter().zip(items).enumerate() {
                    check(sub, item, &format!("{ptr}/{i}"), out);
                }
            }
            _ => {}
        }
    }
}

/// `if` holds only when its required keys are there (a JSON Schema `if`
/// without them would pass vacuously).
fn if_required_present(cond: &serde_json::Map<String, Json>, members: &[(String, Node)]) -> bool {
    match cond.get("required") {
        Some(Json::Array(req)) => req.iter().filter_map(Json::as_str).all(|r| {
            members
                .iter()
                .any(|(k, v)| k == r && v.value != Value::Null)
        }),
        _ => true,
    }
}

fn json_eq(j: &Json, v: &Value) -> bool {
    match (j, v) {
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::String(a), Value::Str(b)) => a == b,
        (Json::Number(a), Value::Number(b)) => a.to_string() == *b,
        (Json::Null, Value::Null) => true,
        _ => false,
    }
}
