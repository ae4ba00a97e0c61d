//! The notice checker page's entry points (`web/`), which `wasm/` exports
//! to the browser: one file's bytes and name in, the JSON report of
//! `avglint check --format json` out. The judge is the command line's
//! ([`Judge`], as `check` sets it up with no config and no flags: a page has
//! no folder to find an `avglint.toml` in), so the page and the command line
//! agree byte for byte. Nothing here touches files, threads or the clock.

use crate::catalog::Catalog;
use crate::config::{CliSettings, Settings};
use crate::judge::Judge;
use crate::render::{Json, Render};
use crate::report::FileReport;
use crate::rules::Registry;
use crate::Options;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::OnceLock;

/// What the page gets for one file.
pub struct Checked {
    /// The JSON report, exactly as `avglint check --format json FILE` writes it.
    pub report: String,
    /// The text the report's lines and columns count in: the decoded file,
    /// or the text extracted from a docx or PDF; `None` when the file could
    /// not be read.
    pub text: Option<String>,
}

/// The built-in rules, their catalogue and a judge set up as `check` sets
/// it up without config or flags; built on first use, kept for the page's life.
fn judge() -> Result<&'static Judge<'static>, String> {
    static JUDGE: OnceLock<Result<Judge<'static>, String>> = OnceLock::new();
    JUDGE
        .get_or_init(|| {
            let reg = Registry::builtin().map_err(|e| e.to_string())?;
            crate::document::use_abbreviations(&reg.abbreviations);
            let catalog: &'static Catalog = Box::leak(Box::new(Catalog::new(reg)));
            let settings = Settings::new(None, CliSettings::default());
            Ok(Judge::new(settings, catalog, Options::default(), reg))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Judges one file given by its name (which sets the format, as on the
/// command line) and its bytes.
pub fn check(name: &str, bytes: Vec<u8>) -> Result<Checked, String> {
    let report = judge()?.judge_bytes(Path::new(name), bytes);
    let text = report.source.as_ref().map(|s| s.text().to_owned());
    Ok(Checked {
        report: render_json(&report)?,
        text,
    })
}

/// The JSON report of one file, through the command line's renderer.
fn render_json(report: &FileReport) -> Result<String, String> {
    let mut out = Vec::new();
    let mut r = Json::default();
    r.begin(&mut out)
        .and_then(|()| r.file(&mut out, report))
        .and_then(|()| r.end(&mut out))
        .map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// What the page shows beside a report, from the rules' data (so the page
/// holds no second copy): the sixteen elements in order with their article
/// and plain names, and every rule with its name, message and help, in
/// Dutch and English.
pub fn catalog_json() -> Result<String, String> {
    let reg = Registry::builtin().map_err(|e| e.to_string())?;
    let elements: Vec<Value> = reg
        .elements
        .iter()
        .map(|e| {
            json!({
                "id": e.element,
                "article": e.article,
                "name": { "nl": e.name.nl, "en": e.name.en },
            })
        })
        .collect();
    let rules: Vec<Value> = Catalog::new(reg)
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "element": r.element,
                "check": r.check,
                "article": r.article,
                "severity": r.severity,
                "name": { "nl": r.name.nl, "en": r.name.en },
                "help": { "nl": r.help.nl, "en": r.help.en },
            })
        })
        .collect();
    Ok(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "elements": elements,
        "rules": rules,
    })
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_notice_gets_the_command_lines_report_and_its_text() {
        let text = "# Privacyverklaring\n\nWij bewaren uw gegevens niet langer dan nodig.\n";
        let c = check("plak.md", text.as_bytes().to_vec()).unwrap();
        let v: Value = serde_json::from_str(&c.report).unwrap();
        assert_eq!(v["files"][0]["path"], "plak.md");
        assert_eq!(c.text.as_deref(), Some(text));
        let e = check("leeg.md", Vec::new()).unwrap();
        assert!(e.text.is_none());
        assert!(e.report.contains("\"kind\":\"error\""), "{}", e.report);
    }

    #[test]
    fn the_catalog_lists_the_sixteen_elements_in_order() {
        let v: Value = serde_json::from_str(&catalog_json().unwrap()).unwrap();
        let ids: Vec<&str> = v["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, crate::rules::ELEMENTS);
        assert!(v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["check"] == "empty_list"));
    }
}
