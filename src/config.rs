//! `avglint.toml` / `.avglint.toml`: found from the current directory upward,
//! or named with `--config`. Keys are kebab-case, every key has a default, and
//! an unknown key is an error that names the key and its line.

use crate::assessment::Organisation;
use crate::catalog::Catalog;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::lang::Language;
use crate::report::FileReport;
use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Names looked for in each directory, in this order.
pub const FILE_NAMES: [&str; 2] = ["avglint.toml", ".avglint.toml"];

/// The config file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    /// Lowest severity that makes the exit code 1.
    pub fail_level: Option<Severity>,
    /// Report only these rule, element or check ids (empty: all).
    pub select: Vec<Spanned<String>>,
    /// Never report these rule, element or check ids.
    pub ignore: Vec<Spanned<String>>,
    pub language: Option<Language>,
    pub organisation: Option<Organisation>,
    /// A folder of the organisation's own rule files, relative to the config file.
    pub rules_dir: Option<PathBuf>,
    /// Judge every text as a notice, even one that does not look like one.
    pub assume_notice: Option<bool>,
    /// A text that is no notice is an error (`not-a-notice`): for folders of notices.
    pub require_notice: Option<bool>,
    /// Settings for some paths only; later entries win.
    pub overrides: Vec<PathOverride>,
}

/// `[[overrides]]`: settings for the files its globs match.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathOverride {
    /// Globs relative to the config file's folder, e.g. `gemeente/**`.
    pub paths: Vec<Spanned<String>>,
    /// Replaces `select` for these files.
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    /// Added to `ignore` for these files.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub organisation: Option<Organisation>,
    #[serde(default)]
    pub assume_notice: Option<bool>,
    #[serde(default)]
    pub require_notice: Option<bool>,
}

/// A config problem; shown as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A parsed config and where it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The config file.
    pub path: PathBuf,
    /// Its folder, which relative paths in it are relative to.
    pub dir: PathBuf,
    pub config: Config,
    text: String,
    globs: Vec<GlobSet>,
}

/// Looks for a config file in `dir` and its ancestors. Anything there but a
/// folder counts (a FIFO or a dangling link is then a read error, never
/// silently no config).
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
        .find(|p| std::fs::symlink_metadata(p).is_ok() && !p.is_dir())
}

/// Reads the config named by `explicit`, else the one found from `cwd` upward; `None` when there is none.
pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Option<Loaded>, ConfigError> {
    let path = match explicit {
        Some(p) => cwd.join(p),
        None => match discover(cwd) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let text = crate::output::read_limited(&path, "config").map_err(|e| ConfigError {
        file: path.clone(),
        line: None,
        message: e.split_once(": ").map_or(e.clone(), |(_, m)| m.to_string()),
    })?;
    parse(path, text).map(Some)
}

/// Parses config text; `path` is used for messages and relative paths.
pub fn parse(path: PathBuf, text: String) -> Result<Loaded, ConfigError> {
    let config: Config = toml::from_str(&text).map_err(|e| ConfigError {
        line: e.span().map(|s| line_of(&text, s.start)),
        file: path.clone(),
        message: e.message().trim_end().to_owned(),
    })?;
    let mut globs = Vec::new();
    for o in &config.overrides {
        let mut set = GlobSetBuilder::new();
        for p in &o.paths {
            let glob = globset::GlobBuilder::new(p.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|e| ConfigError {
                    file: path.clone(),
                    line: Some(line_of(&text, p.span().start)),
                    message: format!("invalid glob `{}`: {}", p.get_ref(), e.kind()),
                })?;
            set.add(glob);
        }
        globs.push(set.build().map_err(|e| ConfigError {
            file: path.clone(),
            line: None,
            message: format!("invalid globs in [[overrides]]: {e}"),
        })?);
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Loaded {
        path,
        dir,
        config,
        text,
        globs,
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Loaded {
    /// Every id in `select` and `ignore` must name a rule, element or check.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), ConfigError> {
        let c = &self.config;
        let lists = c.select.iter().chain(&c.ignore).chain(
            c.overrides
                .iter()
                .flat_map(|o| o.select.iter().flatten().chain(&o.ignore)),
        );
        for id in lists {
            if !catalog.knows(id.get_ref()) {
                return Err(ConfigError {
                    file: self.path.clone(),
                    line: Some(line_of(&self.text, id.span().start)),
                    message: format!(
                        "`{}` is no rule, element or check id (see `avglint rules`)",
                        id.get_ref()
                    ),
                });
            }
        }
        Ok(())
    }

    /// The rules folder, resolved against the config's folder.
    pub fn rules_dir(&self) -> Option<PathBuf> {
        self.config.rules_dir.as_ref().map(|d| self.dir.join(d))
    }
}

/// What the command line sets; each set value wins over the config.
#[derive(Debug, Clone, Default)]
pub struct CliSettings {
    pub fail_level: Option<Severity>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub language: Option<Language>,
    pub organisation: Option<Organisation>,
    /// `--assume-notice`: set, it wins over the config.
    pub assume_notice: bool,
    /// `--require-notice`: set, it wins over the config.
    pub require_notice: bool,
}

/// The settings for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub language: Option<Language>,
    pub organisation: Option<Organisation>,
    /// When set, only findings these ids name are kept.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Judge the text as a notice whatever it looks like.
    pub assume_notice: bool,
    /// A text that is no notice gets a `not-a-notice` error.
    pub require_notice: bool,
}

impl FileSettings {
    /// Whether a finding survives `select` and `ignore`.
    pub fn keeps(&self, f: &Finding) -> bool {
        let named = |id: &String| f.names(id);
        self.select.as_ref().is_none_or(|s| s.iter().any(named)) && !self.ignore.iter().any(named)
    }

    /// Drops the findings `select` and `ignore` rule out.
    pub fn filter(&self, report: &mut FileReport) {
        report.findings.retain(|f| self.keeps(f));
    }
}

/// Config and command line merged.
#[derive(Debug)]
pub struct Settings {
    pub fail_level: Severity,
    config: Option<Loaded>,
    cli: CliSettings,
}

impl Settings {
    pub fn new(config: Option<Loaded>, cli: CliSettings) -> Settings {
        let fail_level = cli
            .fail_level
            .or_else(|| config.as_ref().and_then(|c| c.config.fail_level))
            .unwrap_or(Severity::Error);
        Settings {
            fail_level,
            config,
            cli,
        }
    }

    pub fn config(&self) -> Option<&Loaded> {
        self.config.as_ref()
    }

    /// The settings for a file, given as it would be opened from `cwd`.
    pub fn for_path(&self, path: &Path, cwd: &Path) -> FileSettings {
        let mut s = FileSettings::default();
        if let Some(loaded) = &self.config {
            let c = &loaded.config;
            s.language = c.language;
            s.organisation = c.organisation;
            s.assume_notice = c.assume_notice.unwrap_or(false);
            s.require_notice = c.require_notice.unwrap_or(false);
            if !c.select.is_empty() {
                s.select = Some(c.select.iter().map(|x| x.get_ref().clone()).collect());
            }
            s.ignore = c.ignore.iter().map(|x| x.get_ref().clone()).collect();
            // Lexically normalised, so `./a//b/../c.md` meets the globs as `a/c.md`.
            let abs = normalise(&cwd.join(path));
            let dir = normalise(&loaded.dir);
            let given = normalise(path);
            let rel = abs.strip_prefix(&dir).unwrap_or(&given);
            for (o, globs) in c.overrides.iter().zip(&loaded.globs) {
                if !globs.is_match(rel) {
                    continue;
                }
                s.language = o.language.or(s.language);
                s.organisation = o.organisation.or(s.organisation);
                s.assume_notice = o.assume_notice.unwrap_or(s.assume_notice);
                s.require_notice = o.require_notice.unwrap_or(s.require_notice);
                if let Some(sel) = &o.select {
                    s.select = Some(sel.iter().map(|x| x.get_ref().clone()).collect());
                }
                s.ignore
                    .extend(o.ignore.iter().map(|x| x.get_ref().clone()));
            }
        }
        s.language = self.cli.language.or(s.language);
        s.organisation = self.cli.organisation.or(s.organisation);
        s.assume_notice |= self.cli.assume_notice;
        s.require_notice |= self.cli.require_notice;
        if let Some(sel) = &self.cli.select {
            s.select = Some(sel.clone());
        }
        s.ignore.extend(self.cli.ignore.iter().cloned());
        s
    }
}

/// A path without `.` components and with `..` applied to the component
/// before it (lexically; a leading `..` stays), so globs see one spelling.
pub fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else if !matches!(last, Some(Component::RootDir | Component::Prefix(_))) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// What `avglint init` writes.
pub const STARTER: &str = r#"# avglint configuration. Every key is optional; an unknown key is an error.
# Command-line flags win over what is set here.

# Lowest severity that fails the run (exit code 1): "error", "warning" or "info".
fail-level = "error"

# Report only these rule, element or check ids (empty: everything).
# `avglint rules` lists them; `avglint explain ID` says what one means.
select = []

# Never report these ids, e.g. "vague-retention" (one rule) or
# "dpo_contact" (every rule about an element).
ignore = []

# Judge every notice in this language instead of detecting it: "nl" or "en".
# language = "nl"

# Treat every controller as this kind of organisation:
# "public_authority", "company", "nonprofit" or "unknown".
# organisation = "company"

# Judge every text as a notice, even one that does not look like one.
# assume-notice = false

# A text that is no privacy notice is an error (`not-a-notice`) instead of
# being passed over: for folders that hold only notices.
# require-notice = false

# A folder of your own rule files, shaped like avglint's rules/ folder
# (relative to this file). A file there replaces the built-in rule file with
# the same path, an element rule the built-in rule for its element.
# rules-dir = "avglint-rules"

# Settings for some files only; globs are relative to this file, `**` spans folders.
# [[overrides]]
# paths = ["gemeente/**"]
# organisation = "public_authority"
# ignore = ["legitimate_interests"]
# A folder that holds only notices: a text that is no notice is an error.
# require-notice = true
# Judge these files as notices even when they do not look like one.
# assume-notice = true
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Loaded, ConfigError> {
        parse(PathBuf::from("/repo/avglint.toml"), text.to_owned())
    }

    #[test]
    fn starter_config_parses() {
        let l = parse_str(STARTER).expect("starter parses");
        assert_eq!(l.config.fail_level, Some(Severity::Error));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = parse_str("fail-level = \"error\"\n\nfial-level = \"warning\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("fial-level"), "{}", e.message);
        assert!(e.to_string().starts_with("/repo/avglint.toml:3: "));
    }

    #[test]
    fn overrides_apply_by_glob_and_cli_wins() {
        let l = parse_str(
            "ignore = [\"vague-retention\"]\n\
             [[overrides]]\npaths = [\"gemeente/**\"]\norganisation = \"public_authority\"\nignore = [\"dpo_contact\"]\n",
        )
        .expect("parses");
        let s = Settings::new(
            Some(l),
            CliSettings {
                language: Some(Language::En),
                ..CliSettings::default()
            },
        );
        let cwd = Path::new("/repo");
        let g = s.for_path(Path::new("gemeente/a.md"), cwd);
        assert_eq!(g.organisation, Some(Organisation::PublicAuthority));
        assert_eq!(g.ignore, ["vague-retention", "dpo_contact"]);
        assert_eq!(g.language, Some(Language::En));
        let other = s.for_path(Path::new("other/gemeente/a.md"), cwd);
        assert_eq!(other.organisation, None);
        let from_sub = s.for_path(Path::new("a.md"), Path::new("/repo/gemeente"));
        assert_eq!(from_sub.organisation, Some(Organisation::PublicAuthority));
    }
}
