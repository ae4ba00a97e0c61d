//! The library's entry point for a run, used by both `check` and `audit`:
//! the config and the rules it names are loaded once ([`load_rules`]), then
//! each walk entry is judged with its path's settings, its suppressions and
//! the `select`/`ignore` lists ([`Judge`]). Nothing here prints.

use crate::catalog::Catalog;
use crate::config::{self, Settings};
use crate::report::FileReport;
use crate::rules::Registry;
#[cfg(feature = "cli")]
use crate::walk::Entry;
use crate::Options;
use std::path::{Path, PathBuf};

/// Loads the config (`config_file`, else `avglint.toml` found upward from the
/// current directory, unless `no_config`), the rules with its `rules-dir`
/// laid over the built-in ones, and checks the config's ids against them.
pub fn load_rules(
    config_file: Option<&Path>,
    no_config: bool,
) -> Result<(Option<config::Loaded>, &'static Registry), String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let loaded = if no_config {
        None
    } else {
        config::load(config_file, &cwd).map_err(|e| e.to_string())?
    };
    let reg: &'static Registry = match loaded.as_ref().and_then(|l| l.rules_dir()) {
        // One registry per process, alive until exit: leaking it is how it gets the builtin's lifetime.
        Some(dir) => Box::leak(Box::new(Registry::with_overlay(&dir).map_err(|e| {
            if std::path::Path::new(&e.file).is_absolute() {
                format!("rules-dir: {e}")
            } else {
                format!("rules-dir {}: {e}", dir.display())
            }
        })?)),
        None => Registry::builtin().map_err(|e| e.to_string())?,
    };
    if let Some(l) = &loaded {
        l.validate(&Catalog::new(reg)).map_err(|e| e.to_string())?;
    }
    // Sentence splitting reads the abbreviations of the rules in use.
    crate::document::use_abbreviations(&reg.abbreviations);
    Ok((loaded, reg))
}

/// Compiles every element's vague patterns per language, ASCII-only as the
/// matcher compiles them. They run on the statement with its line breaks
/// as spaces (same offsets); a phrase with accented letters is not found,
/// and the whole statement stays underlined.
fn vague_patterns(
    reg: &Registry,
) -> std::collections::HashMap<(String, String), Vec<regex::bytes::Regex>> {
    let mut out = std::collections::HashMap::new();
    for el in &reg.elements {
        for (lang, p) in &el.patterns {
            let compiled: Vec<regex::bytes::Regex> = p
                .vague
                .iter()
                .filter_map(|src| {
                    let src = src
                        .replace(r"\p{Lu}", "[A-Z]")
                        .replace(r"\p{Ll}", "[a-z]")
                        .replace(r"\p{L}", "[A-Za-z]");
                    regex::bytes::RegexBuilder::new(&src)
                        .case_insensitive(true)
                        .unicode(false)
                        .build()
                        .ok()
                })
                .collect();
            if !compiled.is_empty() {
                out.insert((el.element.clone(), lang.clone()), compiled);
            }
        }
    }
    out
}

/// Judges one file as `check` and `audit` both do: with the settings of the
/// config and the flags for its path, then its inline suppressions and the
/// `select`/`ignore` lists.
pub struct Judge<'a> {
    /// Per element and language: its vague patterns, to find the vague phrase.
    vague: std::collections::HashMap<(String, String), Vec<regex::bytes::Regex>>,
    settings: Settings,
    catalog: &'a Catalog,
    cwd: PathBuf,
    opts: Options,
    reg: &'a Registry,
}

impl<'a> Judge<'a> {
    pub fn new(
        settings: Settings,
        catalog: &'a Catalog,
        opts: Options,
        reg: &'a Registry,
    ) -> Judge<'a> {
        Judge {
            vague: vague_patterns(reg),
            settings,
            catalog,
            cwd: std::env::current_dir().unwrap_or_default(),
            opts,
            reg,
        }
    }

    #[cfg(feature = "cli")]
    pub fn judge(&self, t: &Entry) -> FileReport {
        self.judge_with(&t.path, |opts| crate::check_target(t, opts, self.reg))
    }

    /// Judges bytes read elsewhere (standard input) as the file `path`
    /// would be: its format guessed from the name and content, and the
    /// config's settings for that path.
    pub fn judge_bytes(&self, path: &Path, bytes: Vec<u8>) -> FileReport {
        let display = path.display().to_string();
        self.judge_with(path, |opts| {
            if bytes.len() as u64 > opts.max_file_size {
                return FileReport::error(
                    display.clone(),
                    crate::report::ErrorClass::Unjudgeable,
                    format!(
                        "the input is over the limit of {} bytes (--max-file-size)",
                        opts.max_file_size
                    ),
                );
            }
            let format = opts
                .format
                .unwrap_or_else(|| crate::document::sniff::detect(path, &bytes));
            crate::check_bytes(&display, bytes, format, opts, self.reg)
        })
    }

    fn judge_with(&self, path: &Path, read: impl FnOnce(&Options) -> FileReport) -> FileReport {
        let file = self.settings.for_path(path, &self.cwd);
        let opts = Options {
            language: file.language,
            organisation: file.organisation,
            assume_notice: self.opts.assume_notice || file.assume_notice,
            ..self.opts.clone()
        };
        let mut report = read(&opts);
        crate::gate::apply(&mut report, file.require_notice);
        crate::suppress::apply(&mut report, self.catalog);
        file.filter(&mut report);
        self.focus_vague(&mut report);
        cap_findings(&mut report);
        report
    }

    /// Sets the focus of each vague finding to the first vague phrase of its statement.
    fn focus_vague(&self, report: &mut FileReport) {
        let (Some(source), Some(lang)) = (report.source.clone(), report.language) else {
            return;
        };
        let text = source.text();
        let vague: Vec<bool> = report
            .findings
            .iter()
            .map(|f| {
                f.check.is_none()
                    && f.element
                        .as_deref()
                        .and_then(|e| report.element(e))
                        .is_some_and(|e| e.status == crate::assessment::Status::Vague)
            })
            .collect();
        for (f, vague) in report.findings.iter_mut().zip(vague) {
            let Some(element) = f.element.clone().filter(|_| vague) else {
                continue;
            };
            let Some(patterns) = self.vague.get(&(element, lang.code().to_string())) else {
                continue;
            };
            let Some(sentence) = text.get(f.span.clone()) else {
                continue;
            };
            let spaced: Vec<u8> = sentence
                .bytes()
                .map(|b| if b.is_ascii_whitespace() { b' ' } else { b })
                .collect();
            f.focus = patterns
                .iter()
                .filter_map(|re| re.find(&spaced))
                .filter(|m| m.end() > m.start())
                .min_by_key(|m| m.start())
                .map(|m| f.span.start + m.start()..f.span.start + m.end())
                .filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}

/// Most findings reported for one file; the rest are counted in a warning.
/// (A line of thousands of suppression comments is thousands of findings.)
pub const MAX_FINDINGS: usize = 1_000;

fn cap_findings(report: &mut FileReport) {
    let n = report.findings.len();
    if n > MAX_FINDINGS {
        report.findings.truncate(MAX_FINDINGS);
        report.warnings.push(format!(
            "{} more findings are not reported: at most {MAX_FINDINGS} per file",
            n - MAX_FINDINGS
        ));
    }
}
