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
        report
    }
}
