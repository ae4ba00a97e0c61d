//! JSON, YAML and TOML -> one spanned value tree, so TILT is read the same
//! whatever the syntax. Spans are byte ranges into the decoded text; for a
//! quoted string they cover the contents without the quotes.

use crate::document::{Format, Span};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::marker::PhantomData;

/// Deepest nesting read; TILT needs about six levels.
pub const MAX_DEPTH: usize = 64;

/// A value and where it is in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses `text` as `format` (JSON, YAML or TOML).
pub fn parse(text: &str, format: Format) -> Result<Node, String> {
    match format {
        Format::Yaml => {
            check_yaml_depth(text)?;
            parse_yaml(text)
        }
        Format::Toml => {
            check_depth(text)?;
            parse_toml(text)
        }
        _ => {
            check_depth(text)?;
            parse_json(text)
        }
    }
}

/// Rejects bracket nesting deeper than [`MAX_DEPTH`] before a recursive parser sees it.
fn check_depth(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut dots = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' && q == b'"' {
                escaped = true;
            } else if b == q || b == b'\n' {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            // TOML dotted keys nest too (`a.b.c = 1`).
            b'.' => dots += 1,
            b'\n' => dots = 0,
            _ => {}
        }
        if depth > MAX_DEPTH || dots > 4 * MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
    }
    Ok(())
}

/// Block nesting in YAML shows as indentation and as compact `- - -`
/// sequences; the YAML parser recurses on both before its budget applies.
fn check_yaml_depth(text: &str) -> Result<(), String> {
    for line in text.lines() {
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        let mut dashes = 0;
        let mut r = rest;
        while let Some(next) = r.strip_prefix("- ").or_else(|| r.strip_prefix("? ")) {
            dashes += 1;
            r = next.trim_start_matches(' ');
        }
        if dashes > MAX_DEPTH || indent > 8 * MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
    }
    Ok(())
}

fn parse_json(text: &str) -> Result<Node, String> {
    use jsonc_parser::ast;
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .map_err(|e| format!("invalid JSON: {e}"))?;
    fn convert(v: &ast::Value) -> Node {
        let (value, r) = match v {
            ast::Value::NullKeyword(n) => (Value::Null, n.range),
            ast::Value::BooleanLit(b) => (Value::Bool(b.value), b.range),
            ast::Value::NumberLit(n) => (Value::Number(n.value.to_string()), n.range),
            ast::Value::StringLit(s) => {
                let inner = s.range.start + 1..s.range.end.saturating_sub(1).max(s.range.start + 1);
                return Node {
                    value: Value::Str(s.value.to_string()),
                    span: inner,
                };
            }
            ast::Value::Array(a) => (
                Value::Array(a.elements.iter().map(convert).collect()),
                a.range,
            ),
            ast::Value::Object(o) => (
                Value::Object(
                    o.properties
                        .iter()
                        .map(|p| (p.name.as_str().to_string(), convert(&p.value)))
                        .collect(),
                ),
                o.range,
            ),
        };
        Node {
            value,
            span: r.start..r.end,
        }
    }
    match parsed.value {
        Some(v) => Ok(convert(&v)),
        None => Err("the JSON file holds no value".into()),
    }
}

/// A syntax's own spanned wrapper, turned into a [`Node`].
trait Spanned: for<'de> Deserialize<'de> {
    fn into_node(self, text: &str) -> Node;
}

/// A value deserialized through serde, its children still in their syntax's
/// spanned wrapper `W` (they become [`Node`]s once the text is at hand).
enum Raw<W> {
    Leaf(Value),
    Array(Vec<W>),
    Object(Vec<(String, W)>),
}

impl<W: Spanned> Raw<W> {
    fn into_value(self, text: &str) -> Value {
        match self {
            Raw::Leaf(v) => v,
            Raw::Array(items) => {
                Value::Array(items.into_iter().map(|w| w.into_node(text)).collect())
            }
            Raw::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, w)| (k, w.into_node(text)))
                    .collect(),
            ),
        }
    }
}

impl<'de, W: Spanned> Deserialize<'de> for Raw<W> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor::<W>(PhantomData))
    }
}

struct RawVisitor<W>(PhantomData<W>);

impl<'de, W: Spanned> Visitor<'de> for RawVisitor<W> {
    type Value = Raw<W>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_unit<E>(self) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw<W>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Number(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Number(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Number(v.to_string())))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw<W>, E> {
        Ok(Raw::Leaf(Value::Str(v.to_string())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<W>, A::Error> {
        let mut items = Vec::new();
        while let Some(w) = seq.next_element::<W>()? {
            items.push(w);
        }
        Ok(Raw::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<W>, A::Error> {
        let mut members = Vec::new();
        while let Some(k) = map.next_key::<KeyString>()? {
            members.push((k.0, map.next_value::<W>()?));
        }
        Ok(Raw::Object(members))
    }
}

/// A map key of any scalar type, as text.
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<String, E> {
                Ok("null".into())
            }
        }
        d.deserialize_any(V).map(KeyString)
    }
}

/// Trims a scalar's span to its contents: quotes and block markers off.
fn scalar_span(text: &str, span: Span, value: &Value) -> Span {
    let Value::Str(_) = value else { return span };
    let raw = text.get(span.clone()).unwrap_or("");
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q) {
            return span.start + q.len()..span.end - q.len();
        }
    }
    span
}

struct TomlW(toml::Spanned<Raw<TomlW>>);

impl<'de> Deserialize<'de> for TomlW {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        toml::Spanned::<Raw<TomlW>>::deserialize(d).map(TomlW)
    }
}

impl Spanned for TomlW {
    fn into_node(self, text: &str) -> Node {
        let span = self.0.span();
        let value = self.0.into_inner().into_value(text);
        let span = scalar_span(text, span, &value);
        Node { value, span }
    }
}

fn parse_toml(text: &str) -> Result<Node, String> {
    let raw: Result<Raw<TomlW>, _> = toml::from_str(text);
    let out = raw
        .map(|r| Node {
            value: r.into_value(text),
            span: 0..text.len(),
        })
        .map_err(|e| format!("invalid TOML: {}", e.message()));
    out
}

struct YamlW(serde_saphyr::Spanned<Raw<YamlW>>);

impl<'de> Deserialize<'de> for YamlW {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_saphyr::Spanned::<Raw<YamlW>>::deserialize(d).map(YamlW)
    }
}

impl Spanned for YamlW {
    fn into_node(self, text: &str) -> Node {
        // `referenced` is where the value is used (an alias), `defined` where it is written.
        let s = self.0.referenced.span();
        let span = match (s.byte_offset(), s.byte_len()) {
            (Some(o), Some(l)) => o as usize..(o + l) as usize,
            _ => 0..0,
        };
        let span = span.start.min(text.len())..span.end.min(text.len());
        let value = self.0.value.into_value(text);
        let span = scalar_span(text, span, &value);
        Node { value, span }
    }
}

fn parse_yaml(text: &str) -> Result<Node, String> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = 200_000;
    budget.max_aliases = 1_000;
    budget.max_events = 500_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 100_000;
    options.alias_limits.max_alias_expansions_per_anchor = 1_000;
    let raw: Result<Raw<YamlW>, _> = serde_saphyr::from_str_with_options(text, options);
    let out = raw
        .map(|r| Node {
            value: r.into_value(text),
            span: 0..text.len(),
        })
        .map_err(|e| {
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or("").to_string();
            format!("invalid YAML: {first}")
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(n: &Node, text: &str, out: &mut Vec<(String, String)>) {
        match &n.value {
            Value::Str(s) => out.push((s.clone(), text[n.span.clone()].to_string())),
            Value::Array(items) => items.iter().for_each(|i| strings(i, text, out)),
            Value::Object(m) => m.iter().for_each(|(_, v)| strings(v, text, out)),
            _ => {}
        }
    }

    #[test]
    fn all_three_syntaxes_give_value_spans() {
        let cases = [
            (
                Format::Json,
                "{\"controller\": {\"name\": \"Acme B.V.\"}, \"x\": [\"é\"]}",
            ),
            (
                Format::Yaml,
                "controller:\n  name: Acme B.V.\nx:\n  - \"é\"\n",
            ),
            (
                Format::Toml,
                "x = ['é']\n[controller]\nname = \"Acme B.V.\"\n",
            ),
        ];
        for (format, text) in cases {
            let root = parse(text, format).unwrap();
            let name = root.get("controller").and_then(|c| c.get("name")).unwrap();
            assert_eq!(&text[name.span.clone()], "Acme B.V.", "{format:?}");
            let mut s = Vec::new();
            strings(&root, text, &mut s);
            assert!(s.iter().all(|(v, raw)| v == raw), "{format:?}: {s:?}");
        }
    }

    #[test]
    fn hostile_inputs_are_errors() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep, Format::Json).unwrap_err().contains("nested"));
        assert!(parse(&format!("a = {deep}"), Format::Toml).is_err());
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(parse(bomb, Format::Yaml).is_err());
        assert!(parse(&"- ".repeat(10_000), Format::Yaml).is_err());
        assert!(parse("{\"a\": [1, 2", Format::Json).is_err());
        assert!(parse("a = [1,", Format::Toml).is_err());
    }
}
