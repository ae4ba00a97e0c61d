//! The library's entry point for a run, used by both `check` and `audit`:
//! the config and the rules it names are loaded once ([`load_rules`]), then
//! each walk entry is judged with its path's settings, its suppressions and
//! the `select`/`ignore` lists ([`Judge`]). Nothing here prints.

use crate::catalog::Catalog;
use crate::config::{self, Settings};
use crate::report::FileReport;
use crate::rules::Registry;
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

/// Judges one file as `check` and `audit` both do: with the settings of the
/// config and the flags for its path, then its inline suppressions and the
/// `select`/`ignore` lists.
pub struct Judge<'a> {
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
            settings,
            catalog,
            cwd: std::env::current_dir().unwrap_or_default(),
            opts,
            reg,
        }
    }

    pub fn judge(&self, t: &Entry) -> FileReport {
        let file = self.settings.for_path(&t.path, &self.cwd);
        let opts = Options {
            language: file.language,
            organisation: file.organisation,
            ..self.opts.clone()
        };
        let mut report = crate::check_target(t, &opts, self.reg);
        crate::suppress::apply(&mut report, self.catalog);
        file.filter(&mut report);
        cap_findings(&mut report);
        report
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
