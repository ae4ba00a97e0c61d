//! TILT documents (structured notices in JSON, YAML or TOML) -> the same
//! [`Document`] the text path produces, plus the parsed tree, so the later
//! stages (`assess_tilt`: fields -> element statuses and TILT's checks;
//! `lint`; the renderers) work on it as on prose.
//!
//! Every given value becomes one sentence whose span is the value in the
//! file; each top-level key is a section.

pub mod schema;
pub mod tree;

use crate::document::{Block, BlockKind, Document, Format, Section, Sentence};
use std::collections::HashMap;
use tree::{Node, Value};

/// A structured file, read: a TILT notice or any other data (`not_a_notice`).
#[derive(Debug)]
pub struct TiltRead {
    pub doc: Document,
    /// The parsed file, with the span of every value.
    pub root: Node,
    /// Sentence index by the start of its value's span.
    pub by_start: HashMap<usize, usize>,
    pub format: Format,
    /// Whether the root object has enough TILT keys (`detect_keys`).
    pub is_tilt: bool,
}

impl TiltRead {
    /// The report's `format`: `tilt-json`, `tilt-yaml`, `tilt-toml`, or the bare syntax.
    pub fn format_name(&self) -> &'static str {
        match (self.is_tilt, self.format) {
            (true, Format::Yaml) => "tilt-yaml",
            (true, Format::Toml) => "tilt-toml",
            (true, _) => "tilt-json",
            (false, f) => f.name(),
        }
    }
}

/// Reads a JSON, YAML or TOML file; an error only when the syntax is broken
/// or a limit is hit. A document is TILT when its root object has at least
/// `detect_min` of `detect_keys` (`rules/formats/tilt.toml`).
pub fn read(
    text: &str,
    format: Format,
    detect_keys: &[String],
    detect_min: usize,
) -> Result<TiltRead, String> {
    let root = tree::parse(text, format)?;
    let is_tilt = match &root.value {
        Value::Object(members) => {
            members
                .iter()
                .filter(|(k, _)| detect_keys.contains(k))
                .count()
                >= detect_min
        }
        _ => false,
    };
    let mut builder = LeafDoc::default();
    builder.walk(&root, None, 0);
    Ok(TiltRead {
        doc: builder.doc,
        root,
        by_start: builder.by_start,
        format,
        is_tilt,
    })
}

/// Builds a [`Document`] with one sentence per given scalar.
#[derive(Default)]
struct LeafDoc {
    doc: Document,
    by_start: HashMap<usize, usize>,
}

impl LeafDoc {
    fn walk(&mut self, node: &Node, section: Option<usize>, depth: usize) {
        match &node.value {
            Value::Object(members) => {
                for (key, child) in members {
                    let section = if depth == 0 {
                        self.doc.sections.push(Section {
                            heading: key.clone(),
                            span: child.span.clone(),
                            level: 1,
                            parent: None,
                        });
                        Some(self.doc.sections.len() - 1)
                    } else {
                        section
                    };
                    self.walk(child, section, depth + 1);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| self.walk(i, section, depth + 1)),
            _ => {
                let Some(text) = leaf_text(node) else { return };
                if node.span.is_empty() || self.by_start.contains_key(&node.span.start) {
                    return;
                }
                let s = self.doc.sentences.len();
                self.doc.blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    span: node.span.clone(),
                    section,
                    sentences: s..s + 1,
                    cell: None,
                });
                self.doc.sentences.push(Sentence {
                    text,
                    span: node.span.clone(),
                    block: self.doc.blocks.len() - 1,
                    section,
                });
                self.by_start.insert(node.span.start, s);
            }
        }
    }
}

/// The text of a scalar worth a sentence; `None` for null and empty strings.
pub fn leaf_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::Str(s) => {
            let t = crate::document::collapse(s);
            (!t.is_empty()).then_some(t)
        }
        Value::Number(x) => Some(x.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
