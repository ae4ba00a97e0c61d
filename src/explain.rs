//! Text for `avglint rules` (a table of every rule) and `avglint explain ID`
//! (one rule's documentation with the examples from its TOML file).

use crate::catalog::{Catalog, RuleInfo};
use std::fmt::Write as _;

/// Every rule as JSON (`avglint rules --format json`): an array of objects
/// with id, element, check, article, severity, name, message and help (each
/// in `nl` and `en`), languages and format.
pub fn rules_json(catalog: &Catalog) -> String {
    let loc = |l: &crate::rules::schema::Localized| serde_json::json!({ "nl": l.nl, "en": l.en });
    let rules: Vec<serde_json::Value> = catalog
        .rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "element": r.element,
                "check": r.check,
                "article": r.article,
                "severity": r.severity,
                "name": loc(&r.name),
                "message": loc(&r.message),
                "help": loc(&r.help),
                "languages": r.languages,
                "format": r.format,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
    text.push('\n');
    text
}

/// One row per rule: id, article, severity, languages, element or check.
pub fn rules_table(catalog: &Catalog) -> String {
    let rows: Vec<[String; 5]> = catalog
        .rules
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                if r.article.is_empty() {
                    "-".into()
                } else {
                    r.article.clone()
                },
                r.severity.as_str().to_owned(),
                r.languages.join(","),
                r.check
                    .clone()
                    .or_else(|| r.element.clone())
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let header = ["RULE", "ARTICLE", "SEVERITY", "LANGUAGES", "ELEMENT/CHECK"].map(String::from);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Documentation of every rule an id names (a rule id, or an element or
/// check id for all its rules); `None` when the id names nothing.
pub fn explain(catalog: &Catalog, id: &str) -> Option<String> {
    let rules = catalog.matching(id);
    if rules.is_empty() {
        return None;
    }
    Some(
        rules
            .into_iter()
            .map(explain_rule)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn explain_rule(r: &RuleInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", r.id, r.severity.as_str());
    let _ = writeln!(
        out,
        "{}",
        "=".repeat(r.id.chars().count() + r.severity.as_str().len() + 3)
    );
    let mut about = match (&r.check, &r.element) {
        (Some(c), Some(e)) => format!("check `{c}`, element `{e}`"),
        (Some(c), None) => format!("check `{c}`"),
        (None, Some(e)) => format!("element `{e}`"),
        _ if r.format.is_some() => String::new(),
        _ => "avglint itself".to_owned(),
    };
    if let Some(format) = &r.format {
        if !about.is_empty() {
            about.push_str(", ");
        }
        about.push_str(&format!("{format} documents only"));
    }
    if r.name.en == r.name.nl {
        let _ = writeln!(out, "{} ({about})", r.name.en);
    } else {
        let _ = writeln!(out, "{} / {} ({about})", r.name.en, r.name.nl);
    }
    if !r.article.is_empty() {
        let _ = writeln!(out, "GDPR (AVG) Art. {}", r.article);
    }
    let _ = writeln!(out, "Languages: {}", r.languages.join(", "));
    let _ = writeln!(
        out,
        "\nWhat it reports:\n  en: {}\n  nl: {}",
        r.message.en, r.message.nl
    );
    let _ = writeln!(
        out,
        "\nHow to fix it:\n  en: {}\n  nl: {}",
        r.help.en, r.help.nl
    );
    if let Some(je) = &r.help.nl_je {
        let _ = writeln!(out, "  nl (notice that says \"je\"): {je}");
    }
    if !r.examples.is_empty() {
        let _ = writeln!(out, "\nExamples (text -> what avglint makes of it):");
        for x in &r.examples {
            let _ = writeln!(out, "  [{}] {:?} -> {}", x.lang, x.text, x.expect);
        }
    }
    let target = r.check.as_deref().or(r.element.as_deref()).unwrap_or(&r.id);
    let _ = writeln!(
        out,
        "\nSuppress with a reason: <!-- avglint-disable-file {target}: why it does not apply -->"
    );
    out
}

/// Where a built-in rule's documentation page is: `docs/rules/<id>.md` of
/// the repository (`repository` in Cargo.toml), or under
/// `AVGLINT_DOCS_URL` when that was set at build time (a project site).
pub const DOCS_URL: &str = match option_env!("AVGLINT_DOCS_URL") {
    Some(url) => url,
    None => concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/"),
};

/// The documentation URL of a built-in rule (SARIF `helpUri`).
pub fn help_uri(id: &str) -> String {
    format!("{DOCS_URL}{id}.md")
}

/// One rule's documentation page in Markdown (`docs/rules/<id>.md`, written
/// by `avglint rules --markdown DIR` and kept current by `tests/rule_docs.rs`).
pub fn rule_markdown(r: &RuleInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# `{}`\n", r.id);
    let _ = writeln!(
        out,
        "<!-- Generated from the rule data by `avglint rules --markdown docs/rules`; do not edit. -->\n"
    );
    if r.name.en == r.name.nl {
        let _ = writeln!(out, "**{}**\n", r.name.en);
    } else {
        let _ = writeln!(out, "**{}** / *{}*\n", r.name.en, r.name.nl);
    }
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| severity | {} |", r.severity.as_str());
    if !r.article.is_empty() {
        let _ = writeln!(out, "| article | GDPR (AVG) Art. {} |", r.article);
    }
    if let Some(e) = &r.element {
        let _ = writeln!(out, "| element | `{e}` |");
    }
    if let Some(c) = &r.check {
        let _ = writeln!(out, "| check | `{c}` |");
    }
    if let Some(f) = &r.format {
        let _ = writeln!(out, "| documents | {f} only |");
    }
    if r.element.is_none() && r.check.is_none() && r.format.is_none() {
        let _ = writeln!(out, "| about | avglint itself |");
    }
    let _ = writeln!(out, "| languages | {} |", r.languages.join(", "));
    let _ = writeln!(out, "\n## What it reports\n");
    let _ = writeln!(out, "- en: {}", md_text(&r.message.en));
    let _ = writeln!(out, "- nl: {}", md_text(&r.message.nl));
    let _ = writeln!(out, "\n## How to fix it\n");
    let _ = writeln!(out, "- en: {}", md_text(&r.help.en));
    let _ = writeln!(out, "- nl: {}", md_text(&r.help.nl));
    if let Some(je) = &r.help.nl_je {
        let _ = writeln!(out, "- nl (a notice that says \"je\"): {}", md_text(je));
    }
    // The rule's examples change with its patterns; they are in
    // `avglint explain ID`, so this page changes only with the rule's words.
    let _ = writeln!(
        out,
        "\nExamples of what avglint makes of a sentence: `avglint explain {}`.",
        r.id
    );
    let target = r.check.as_deref().or(r.element.as_deref()).unwrap_or(&r.id);
    let _ = writeln!(out, "\n## Suppressing it\n");
    let _ = writeln!(
        out,
        "In the notice, with a reason:\n\n```markdown\n<!-- avglint-disable-file {target}: why it does not apply -->\n```\n\nor for a whole run or path: `--ignore {}` (or `ignore = [\"{}\"]` in `avglint.toml`).",
        r.id, r.id
    );
    out
}

/// The index page of `docs/rules/`: every rule with its name and severity.
pub fn rules_index_markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "# avglint rules\n\n<!-- Generated from the rule data by `avglint rules --markdown docs/rules`; do not edit. -->\n\n\
         One page per rule id that avglint can report. `avglint explain ID` shows the same.\n\n\
         | rule | name | severity | article |\n|---|---|---|---|\n",
    );
    for r in &catalog.rules {
        let _ = writeln!(
            out,
            "| [`{}`]({}.md) | {} | {} | {} |",
            r.id,
            r.id,
            md_text(&r.name.en),
            r.severity.as_str(),
            if r.article.is_empty() {
                "-"
            } else {
                &r.article
            }
        );
    }
    out
}

/// Rule text as Markdown prose: characters Markdown would act on are escaped.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Registry;

    #[test]
    fn table_lists_every_rule_once() {
        let cat = Catalog::new(Registry::builtin().expect("builtin rules compile"));
        let table = rules_table(&cat);
        assert_eq!(table.lines().count(), cat.rules.len() + 1);
        assert!(table.contains("missing-retention"));
    }

    #[test]
    fn explain_shows_examples_and_unknown_is_none() {
        let cat = Catalog::new(Registry::builtin().expect("builtin rules compile"));
        let text = explain(&cat, "vague-retention").expect("known rule");
        assert!(text.contains("13(2)(a)"));
        assert!(text.contains("niet langer dan nodig"));
        assert!(explain(&cat, "no-such-rule").is_none());
    }
}
