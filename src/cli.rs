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
use crate::output::Kind;
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
    /// Accept a run that finds no file to check (otherwise exit 2).
    #[arg(long)]
    pub allow_empty: bool,
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

    /// Walks `paths`; the gate of [`walk::gate`] (no file found, files left
    /// out by ignore files) applied, its note printed.
    pub fn collect(&self, paths: &[PathBuf], own_files: &[&Path]) -> Result<Vec<Entry>, String> {
        let opts = self.walk_options(own_files);
        let found = walk::collect(paths, &opts)?;
        if let Some(note) = walk::gate(paths, &opts, &found, self.allow_empty)? {
            eprintln!("avglint: note: {}", crate::render::escape::line(&note));
        }
        Ok(found)
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
    crate::panic_note::install();
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
    eprintln!("avglint: {}", crate::render::escape::line(message));
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
    match crate::output::write_atomic(path, config::STARTER.as_bytes()) {
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
    let targets = match args.input.collect(&args.paths, &own) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let (loaded, reg) = match load_rules(args.config.config.as_deref(), args.config.no_config) {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    if let Err(e) = refuse_clashes(
        &[(
            "--write-baseline",
            args.write_baseline.as_deref(),
            Kind::Baseline,
        )],
        &[("baseline", args.baseline.as_deref())],
        loaded.as_ref(),
        &args.paths,
        &targets,
    ) {
        return fail(&e);
    }
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
    let mut unjudged: Vec<String> = Vec::new();
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
                        if report.kind == crate::report::FileKind::Error {
                            unjudged.push(report.path.clone());
                        }
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
        if let Some(note) = Baseline::keep_unjudged(path, &unjudged, &mut accepted) {
            eprintln!("avglint: note: {}", crate::render::escape::line(&note));
        }
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
    /// Also write a self-contained HTML report (summary, chart, matrix, details).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
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
        args.config.config.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let prepared = args.input.collect(&args.paths, &own).and_then(|targets| {
        Ok((
            targets,
            load_rules(args.config.config.as_deref(), args.config.no_config)?,
        ))
    });
    let (targets, (loaded, reg)) = match prepared {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    if let Err(e) = refuse_clashes(
        &[
            ("--csv", args.csv.as_deref(), Kind::Csv),
            ("--html", args.html.as_deref(), Kind::Html),
        ],
        &[],
        loaded.as_ref(),
        &args.paths,
        &targets,
    ) {
        return fail(&e);
    }
    let catalog = Catalog::new(reg);
    let settings = Settings::new(
        loaded,
        CliSettings {
            fail_level: None,
            select: None,
            ignore: Vec::new(),
            language: args.input.language,
            organisation: args.input.organisation,
        },
    );
    let judge = Judge::new(settings, &catalog, args.input.options(), reg);
    let mut csv_out = match args
        .csv
        .as_deref()
        .map(crate::audit::csv::CsvMatrix::create)
        .transpose()
    {
        Ok(c) => c,
        Err(e) => return audit_output_error(args.csv.as_deref(), e),
    };
    let mut html_out = match args
        .html
        .as_deref()
        .map(crate::audit::html::HtmlReport::create)
        .transpose()
    {
        Ok(h) => h,
        Err(e) => return audit_output_error(args.html.as_deref(), e),
    };
    let mut summary = crate::audit::Summary::default();
    let mut failed_to_read = false;
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
            let row = crate::audit::Row::from_report(report);
            summary.add(&row);
            if let Some(c) = &mut csv_out {
                c.row(&row)?;
            }
            if let Some(h) = &mut html_out {
                h.file(&row, report)?;
            }
            Ok(())
        },
    );
    if let Err(e) = result {
        eprintln!("avglint: {e}");
        return EXIT_ERROR;
    }
    // Both outputs complete before either replaces its target.
    let csv_done = match csv_out.map(|c| c.finish()).transpose() {
        Ok(c) => c,
        Err(e) => return audit_output_error(args.csv.as_deref(), e),
    };
    let html_done = match html_out.map(|h| h.finish(&summary)).transpose() {
        Ok(h) => h,
        Err(e) => return audit_output_error(args.html.as_deref(), e),
    };
    for done in [csv_done, html_done].into_iter().flatten() {
        let target = done.target().to_path_buf();
        if let Err(e) = done.commit() {
            return audit_output_error(Some(&target), e);
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if let Err(e) = summary.write_text(&mut out).and_then(|()| out.flush()) {
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

/// [`crate::output::refuse_clashes`] for the outputs given, against the
/// files this run reads (config, baseline) and its inputs.
fn refuse_clashes(
    outputs: &[(&str, Option<&Path>, Kind)],
    reads: &[(&str, Option<&Path>)],
    config: Option<&config::Loaded>,
    paths: &[PathBuf],
    targets: &[Entry],
) -> Result<(), String> {
    let outputs: Vec<_> = outputs
        .iter()
        .filter_map(|(f, p, k)| p.map(|p| (*f, p, *k)))
        .collect();
    let mut reads: Vec<_> = reads
        .iter()
        .filter_map(|(w, p)| p.map(|p| (*w, p)))
        .collect();
    if let Some(c) = config {
        reads.push(("config", c.path.as_path()));
    }
    let walked: Vec<(&str, &Path)> = targets
        .iter()
        .filter(|t| t.kind == walk::EntryKind::File)
        .map(|t| (t.display.as_str(), t.path.as_path()))
        .collect();
    crate::output::refuse_clashes(&outputs, &reads, paths, &walked)
}

fn audit_output_error(path: Option<&std::path::Path>, e: io::Error) -> i32 {
    let path = path.map(|p| p.display().to_string()).unwrap_or_default();
    fail(&format!("cannot write {path}: {e}"))
}
