//! Command-line interface: parses arguments, runs the library, picks the exit code.

use crate::assessment::Organisation;
use crate::baseline::Baseline;
use crate::batch::{self, BatchError};
use crate::catalog::Catalog;
use crate::config::{self, CliSettings, Settings};
use crate::document::Format;
use crate::finding::Severity;
use crate::judge::{load_rules, Judge};
use crate::lang::Language;
use crate::render::{renderer, OutputFormat};
use crate::report::{ErrorClass, FileReport};
use crate::walk::{self, Entry, WalkOptions};
use crate::Options;
use clap::{Args, Parser, Subcommand};
use std::io::{self as io, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit code: nothing at or above the fail level.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code: some finding at or above the fail level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage, config or I/O error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "avglint",
    version,
    about = "Checks privacy notices against GDPR (AVG) Articles 13 and 14"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check notices (files and directories, walked recursively).
    Check(CheckArgs),
    /// Audit a folder of notices: a coverage summary, optionally as CSV and HTML.
    Audit(AuditArgs),
    /// List every rule and check: id, article, severity, languages; or test the rules.
    Rules(RulesArgs),
    /// Show one rule's documentation and examples (a rule, element or check id).
    Explain {
        id: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write a commented starter avglint.toml in the current directory.
    Init {
        /// Overwrite an existing avglint.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Run every rule example instead: the built-in rules with the config's
    /// rules folder, or with DIR, laid over them. Exit 1 when one fails.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub test: Option<Option<PathBuf>>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Which config file to use.
#[derive(Debug, Args, Default)]
pub struct ConfigArgs {
    /// Use this config file instead of looking for avglint.toml upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no config file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's].
    #[arg(long, value_enum)]
    pub fail_level: Option<Severity>,
    /// Report only findings these rule, element or check ids name (replaces the config's).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub select: Option<Vec<String>>,
    /// Never report findings these ids name (added to the config's).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub ignore: Vec<String>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (exit 0 unless a file cannot be read).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub input: InputArgs,
    /// Colour the human output (default: when stdout is a terminal).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// Which files are read and how they are judged: shared by `check` and `audit`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Judge every file in this language instead of detecting it.
    #[arg(long, value_enum)]
    pub language: Option<Language>,
    /// Treat every controller as this type of organisation.
    #[arg(long, value_enum)]
    pub organisation: Option<Organisation>,
    /// Read every file as this format instead of guessing from its extension and content.
    #[arg(long = "input-format", value_enum)]
    pub input_format: Option<Format>,
    /// Largest file checked, in bytes; larger files get a per-file error.
    #[arg(long, default_value_t = crate::source::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Also walk hidden files and directories.
    #[arg(long)]
    pub hidden: bool,
    /// Do not honour .gitignore and .ignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links while walking (loops are detected and reported).
    #[arg(long)]
    pub follow_links: bool,
    /// Only walk files matching this glob (repeatable); replaces the extension filter.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Never show the progress bar (it is shown only when stderr is a terminal, outside CI).
    #[arg(long)]
    pub no_progress: bool,
}

impl InputArgs {
    /// How to walk; `own_files` are files this run reads or writes, left
    /// out of the walk.
    pub fn walk_options(&self, own_files: &[&Path]) -> WalkOptions {
        WalkOptions {
            hidden: self.hidden,
            no_ignore: self.no_ignore,
            follow_links: self.follow_links,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            own_files: own_files
                .iter()
                .filter_map(|p| std::path::absolute(p).ok())
                .collect(),
        }
    }

    pub fn options(&self) -> Options {
        Options {
            language: self.language,
            organisation: self.organisation,
            format: self.input_format,
            max_file_size: self.max_file_size,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs the command line; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Audit(args) => audit(args),
        Command::Rules(RulesArgs {
            test: Some(dir),
            config,
        }) => test_rules(dir, &config),
        Command::Rules(RulesArgs { test: None, config }) => match setup(&config) {
            Ok((_, catalog)) => print_text(&crate::explain::rules_table(&catalog)),
            Err(e) => fail(&e),
        },
        Command::Explain { id, config } => match setup(&config) {
            Ok((_, catalog)) => match crate::explain::explain(&catalog, &id) {
                Some(text) => print_text(&text),
                None => fail(&format!(
                    "`{id}` is no rule, element or check id; `avglint rules` lists them"
                )),
            },
            Err(e) => fail(&e),
        },
        Command::Init { force } => init(force),
    }
}

fn fail(message: &str) -> i32 {
    eprintln!("avglint: {message}");
    EXIT_ERROR
}

fn print_text(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => fail(&format!("cannot write output: {e}")),
    }
}

fn init(force: bool) -> i32 {
    let path = std::path::Path::new(config::FILE_NAMES[0]);
    if path.exists() && !force {
        return fail("avglint.toml exists already (use --force to overwrite it)");
    }
    match std::fs::write(path, config::STARTER) {
        Ok(()) => {
            eprintln!("avglint: wrote avglint.toml");
            EXIT_CLEAN
        }
        Err(e) => fail(&format!("cannot write avglint.toml: {e}")),
    }
}

/// Loads the config, the rules (with the config's `rules-dir`) and their catalogue.
fn setup(args: &ConfigArgs) -> Result<(Option<config::Loaded>, Catalog), String> {
    let (loaded, reg) = load_rules(args.config.as_deref(), args.no_config)?;
    Ok((loaded, Catalog::new(reg)))
}

/// `avglint rules --test [DIR]`: runs every rule example of the built-in
/// rules with DIR (or the config's `rules-dir`) laid over them.
fn test_rules(dir: Option<PathBuf>, args: &ConfigArgs) -> i32 {
    let dir = match dir {
        Some(d) => Some(d),
        None if args.no_config => None,
        None => {
            let cwd = match std::env::current_dir() {
                Ok(c) => c,
                Err(e) => return fail(&format!("cannot read the current directory: {e}")),
            };
            match config::load(args.config.as_deref(), &cwd) {
                Ok(loaded) => loaded.and_then(|l| l.rules_dir()),
                Err(e) => return fail(&e.to_string()),
            }
        }
    };
    let files = match &dir {
        Some(d) => crate::rules::overlay_files(d),
        None => crate::rules::builtin_files(),
    };
    // A file of DIR is named by its path there, a built-in one as `rules/...`.
    let own: Vec<String> = match &dir {
        Some(d) => crate::rules::read_rule_files(d)
            .map(|f| f.into_iter().map(|(p, _)| p).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let name = |file: &str| match &dir {
        Some(d) if own.iter().any(|p| p == file) => d.join(file).display().to_string(),
        _ if std::path::Path::new(file).is_absolute() => file.to_string(),
        _ => format!("rules/{file}"),
    };
    let mut report = String::new();
    let (passed, failed) = match files
        .and_then(|files| Ok((crate::rules::Registry::from_files(files.clone())?, files)))
    {
        Err(e) => {
            let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            report.push_str(&format!("FAIL {}{at}: {}\n", name(&e.file), e.message));
            (0, 1)
        }
        Ok((reg, files)) => {
            crate::document::use_abbreviations(&reg.abbreviations);
            let outcome = crate::ruletest::run(&reg, &files);
            for f in &outcome.failures {
                let mut f = f.clone();
                f.file = name(&f.file);
                report.push_str(&format!("FAIL {f}\n"));
            }
            (outcome.passed, outcome.failures.len())
        }
    };
    report.push_str(&format!("examples: {passed} passed, {failed} failed\n"));
    match print_text(&report) {
        EXIT_CLEAN if failed > 0 => EXIT_FINDINGS,
        code => code,
    }
}

fn check(args: CheckArgs) -> i32 {
    let own: Vec<&Path> = [
        args.baseline.as_deref(),
        args.write_baseline.as_deref(),
        args.config.config.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let targets = match walk::collect(&args.paths, &args.input.walk_options(&own)) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let (loaded, reg) = match load_rules(args.config.config.as_deref(), args.config.no_config) {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    let catalog = Catalog::new(reg);
    let settings = Settings::new(
        loaded,
        CliSettings {
            fail_level: args.fail_level,
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            language: args.input.language,
            organisation: args.input.organisation,
        },
    );
    for id in args.select.iter().flatten().chain(&args.ignore) {
        if !catalog.knows(id) {
            return fail(&format!(
                "`{id}` is no rule, element or check id; `avglint rules` lists them"
            ));
        }
    }
    let baseline = match args.baseline.as_deref().map(Baseline::read).transpose() {
        Ok(b) => b.map(|b| b.index()),
        Err(e) => return fail(&e),
    };
    let fail_level = settings.fail_level;
    let judge_file = Judge::new(settings, &catalog, args.input.options(), reg);
    // Per file: its settings, suppressions and select/ignore, then the baseline.
    let judge = |t: &Entry| {
        let mut report = judge_file.judge(t);
        if let Some(b) = &baseline {
            b.filter(&mut report);
        }
        report
    };
    let mut accepted: Vec<crate::baseline::Accepted> = Vec::new();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut render = renderer(args.format, color, &catalog);
    let stdout = std::io::stdout();
    let on_terminal = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut tally = Tally::new(fail_level);
    let written = render
        .begin(&mut out)
        .map_err(BatchError::Output)
        .and_then(|()| {
            batch::check_all(
                &targets,
                judge,
                args.input.jobs.unwrap_or(0),
                !args.input.no_progress,
                |report, progress| {
                    tally.add(report);
                    if args.write_baseline.is_some() {
                        accepted.extend(Baseline::entries(report));
                    }
                    if on_terminal {
                        // Keep the bar off the lines being written to the same terminal.
                        progress
                            .suspend(|| render.file(&mut out, report).and_then(|()| out.flush()))
                    } else {
                        render.file(&mut out, report)
                    }
                },
            )
        });
    let written = written.and_then(|()| {
        render
            .end(&mut out)
            .and_then(|()| out.flush())
            .map_err(BatchError::Output)
    });
    if let Err(e) = written {
        if !matches!(&e, BatchError::Output(io) if io.kind() == std::io::ErrorKind::BrokenPipe) {
            eprintln!("avglint: {e}");
        }
        return EXIT_ERROR;
    }
    if let Some(path) = &args.write_baseline {
        if let Err(e) = Baseline::from_entries(accepted).write(path) {
            return fail(&e);
        }
        let code = tally.exit_code();
        return if code == EXIT_ERROR { code } else { EXIT_CLEAN };
    }
    tally.exit_code()
}

/// The exit code, worked out file by file as reports stream past.
#[derive(Debug, Clone)]
pub struct Tally {
    fail_level: Severity,
    failed_to_read: bool,
    over_fail_level: bool,
}

impl Tally {
    pub fn new(fail_level: Severity) -> Tally {
        Tally {
            fail_level,
            failed_to_read: false,
            over_fail_level: false,
        }
    }

    pub fn add(&mut self, r: &FileReport) {
        self.failed_to_read |= matches!(r.error_class, Some(ErrorClass::Io | ErrorClass::Internal));
        self.over_fail_level |= r.max_severity().is_some_and(|s| s >= self.fail_level);
    }

    /// 2 when a file could not be read or avglint failed on it, else 1 when a
    /// finding reaches the fail level, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.failed_to_read {
            EXIT_ERROR
        } else if self.over_fail_level {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    }
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Folders and files to audit.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Also write the coverage matrix (one row per file, one column per element) as CSV.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Also write a self-contained HTML report (header, summary, chart, matrix, details).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Count only findings these rule, element or check ids name (replaces the config's).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub select: Option<Vec<String>>,
    /// Leave out findings these ids name (added to the config's).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub report: crate::audit::ReportArgs,
    /// The config (`avglint.toml`) applies as in `check`: per-path language and
    /// organisation, suppressions, `select`/`ignore`, the rules folder.
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// `avglint audit`: runs an audit; exit 0 when the reports were written, 2 when a file could
/// not be read or an output could not be written. Findings do not change it:
/// an audit reports, `check` gates.
fn audit(args: AuditArgs) -> i32 {
    let own: Vec<&std::path::Path> = [
        args.csv.as_deref(),
        args.html.as_deref(),
        args.report.xlsx.as_deref(),
        args.report.findings_csv.as_deref(),
        args.config.config.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let prepared =
        crate::walk::collect(&args.paths, &args.input.walk_options(&own)).and_then(|targets| {
            Ok((
                targets,
                load_rules(args.config.config.as_deref(), args.config.no_config)?,
            ))
        });
    let (targets, (loaded, reg)) = match prepared {
        Ok(p) => p,
        Err(e) => {
            eprintln!("avglint: {e}");
            return EXIT_ERROR;
        }
    };
    let catalog = Catalog::new(reg);
    for id in args.select.iter().flatten().chain(&args.ignore) {
        if !catalog.knows(id) {
            return fail(&format!(
                "`{id}` is no rule, element or check id; `avglint rules` lists them"
            ));
        }
    }
    let meta = crate::audit::ReportMeta::new(
        &args.report,
        &args.paths,
        crate::audit::meta::rules_version(loaded.as_ref().and_then(|l| l.rules_dir()).as_deref()),
        audit_config(&args, loaded.as_ref()),
        crate::audit::meta::element_names(reg),
    );
    let settings = Settings::new(
        loaded,
        CliSettings {
            fail_level: None,
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            language: args.input.language,
            organisation: args.input.organisation,
        },
    );
    let judge = Judge::new(settings, &catalog, args.input.options(), reg);
    let paths = crate::audit::meta::Relativiser::new(&args.paths);
    let mut outputs = match crate::audit::Outputs::create(
        args.csv.as_deref(),
        args.html.as_deref(),
        &args.report,
    ) {
        Ok(o) => o,
        Err(e) => return fail(&e.to_string()),
    };
    let mut summary = crate::audit::Summary::default();
    let mut failed_to_read = false;
    let mut output_error = None;
    let result = crate::batch::check_all(
        &targets,
        |t| judge.judge(t),
        args.input.jobs.unwrap_or(0),
        !args.input.no_progress,
        |report, _| {
            failed_to_read |= matches!(
                report.error_class,
                Some(ErrorClass::Io | ErrorClass::Internal)
            );
            let row = crate::audit::Row::from_report(report).relative_to(&paths);
            summary.add(&row);
            outputs.file(&row, report).map_err(|e| {
                let io = io::Error::new(e.error.kind(), e.error.to_string());
                output_error = Some(e);
                io
            })
        },
    );
    if let Err(e) = result {
        return match output_error {
            Some(o) => fail(&o.to_string()),
            None => fail(&e.to_string()),
        };
    }
    if let Err(e) = outputs.finish(&summary, &meta) {
        return fail(&e.to_string());
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.report.format {
        crate::audit::AuditFormat::Text => summary.write_text(&mut out),
        crate::audit::AuditFormat::Json => {
            let value = crate::audit::json::summary_json(&summary, &meta);
            serde_json::to_writer_pretty(&mut out, &value)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("avglint: cannot write output: {e}");
        }
        return EXIT_ERROR;
    }
    if failed_to_read {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

/// The configuration in force, for the audit report's header.
fn audit_config(args: &AuditArgs, loaded: Option<&config::Loaded>) -> Vec<(String, String)> {
    let mut c = Vec::new();
    let mut add = |k: &str, v: String| c.push((k.to_string(), v));
    match loaded {
        Some(l) => add("config", l.path.display().to_string()),
        None => add("config", "(none)".into()),
    }
    if let Some(d) = loaded.and_then(|l| l.rules_dir()) {
        add("rules-dir", d.display().to_string());
    }
    if let Some(l) = args.input.language {
        add("--language", l.code().into());
    }
    if let Some(o) = args.input.organisation {
        add("--organisation", o.as_str().into());
    }
    if let Some(f) = args.input.input_format {
        add("--input-format", format!("{f:?}").to_lowercase());
    }
    if let Some(s) = &args.select {
        add("--select", s.join(","));
    }
    if !args.ignore.is_empty() {
        add("--ignore", args.ignore.join(","));
    }
    for g in &args.input.include {
        add("--include", g.clone());
    }
    for g in &args.input.exclude {
        add("--exclude", g.clone());
    }
    if args.input.hidden {
        add("--hidden", String::new());
    }
    if args.input.no_ignore {
        add("--no-ignore", String::new());
    }
    if args.input.follow_links {
        add("--follow-links", String::new());
    }
    add("--max-file-size", args.input.max_file_size.to_string());
    c
}
