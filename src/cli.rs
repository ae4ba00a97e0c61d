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
use crate::render::{renderer_with, OutputFormat, RenderOptions};
use crate::report::{ErrorClass, FileReport};
use crate::walk::{self, Entry, WalkOptions};
use crate::Options;
use clap::{Args, CommandFactory, Parser, Subcommand};
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
    /// Print a shell completion script (e.g. `avglint completions bash > /etc/bash_completion.d/avglint`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `avglint man > avglint.1`.
    Man,
    /// Run a language server over standard input and output, for editors:
    /// diagnostics as you type, hover, and a quick fix with the example sentence.
    Lsp,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Run every rule example instead: the built-in rules with the config's
    /// rules folder, or with DIR, laid over them. Exit 1 when one fails.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub test: Option<Option<PathBuf>>,
    /// How to list the rules: a table, or JSON for tools.
    #[arg(long, value_enum, default_value = "text", conflicts_with = "test")]
    pub format: RulesFormat,
    /// Write one Markdown page per rule, and an index README.md, into DIR
    /// (the documentation SARIF's helpUri points at: docs/rules).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["test", "format"])]
    pub markdown: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `avglint rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
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
    /// Files and directories to check; `-` reads one notice from standard input.
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
    /// Record the current findings in this baseline file, quietly (exit 0 unless a file cannot be read).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Remove the baseline's entries that match no finding any more (stale ones) from its file.
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
    /// Read the notice from standard input (path `-`) as if it were this file:
    /// its format and the config's settings for that path follow the name.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub input: InputArgs,
    /// Colour the human output (default: when stdout is a terminal).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Findings only: no per-file summaries, notes or totals.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// A summary for every file, clean ones too, with each element's status.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Instead of the findings, print how often each rule fired (count, rule, severity).
    #[arg(long)]
    pub statistics: bool,
    /// Language of labels and summaries in the human format (default: each notice's).
    #[arg(long, value_enum, value_name = "LANG")]
    pub ui_language: Option<Language>,
    /// Exit 0 even when findings reach the fail level (2 still means a run error).
    #[arg(long)]
    pub exit_zero: bool,
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
    /// Judge every text as a notice, even one that does not look like one
    /// (config: `assume-notice`, also per path).
    #[arg(long)]
    pub assume_notice: bool,
    /// A text that is no privacy notice is an error (`not-a-notice`): for
    /// folders that hold only notices (config: `require-notice`, also per path).
    #[arg(long)]
    pub require_notice: bool,
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
            assume_notice: false,
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
            ..
        }) => test_rules(dir, &config),
        Command::Rules(RulesArgs {
            test: None,
            config,
            markdown: Some(dir),
            ..
        }) => match setup(&config) {
            Ok((_, catalog)) => write_rule_docs(&catalog, &dir),
            Err(e) => fail(&e),
        },
        Command::Rules(RulesArgs {
            test: None,
            config,
            format,
            markdown: None,
        }) => match setup(&config) {
            Ok((_, catalog)) => print_text(&match format {
                RulesFormat::Text => crate::explain::rules_table(&catalog),
                RulesFormat::Json => crate::explain::rules_json(&catalog),
            }),
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
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "avglint", &mut script);
            print_text(&String::from_utf8_lossy(&script))
        }
        Command::Lsp => match crate::lsp::run() {
            Ok(()) => EXIT_CLEAN,
            Err(e) => fail(&e),
        },
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => print_text(&String::from_utf8_lossy(&page)),
                Err(e) => fail(&format!("cannot render the manual page: {e}")),
            }
        }
    }
}

fn fail(message: &str) -> i32 {
    eprintln!("avglint: {}", crate::render::escape::line(message));
    EXIT_ERROR
}

/// `avglint rules --markdown DIR`: one page per rule and an index.
fn write_rule_docs(catalog: &crate::catalog::Catalog, dir: &std::path::Path) -> i32 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(&format!("cannot create {}: {e}", dir.display()));
    }
    let mut pages: Vec<(String, String)> = catalog
        .rules
        .iter()
        .map(|r| (format!("{}.md", r.id), crate::explain::rule_markdown(r)))
        .collect();
    pages.push((
        "README.md".into(),
        crate::explain::rules_index_markdown(catalog),
    ));
    for (name, text) in &pages {
        let path = dir.join(name);
        if let Err(e) = crate::output::write_atomic(&path, text.as_bytes()) {
            return fail(&format!("cannot write {}: {e}", path.display()));
        }
    }
    eprintln!("wrote {} pages to {}", pages.len(), dir.display());
    EXIT_CLEAN
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
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return fail("`-` (standard input) cannot be combined with other paths");
    }
    let targets = if stdin {
        Vec::new()
    } else {
        match args.input.collect(&args.paths, &own) {
            Ok(t) => t,
            Err(e) => return fail(&e),
        }
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
            assume_notice: args.input.assume_notice,
            require_notice: args.input.require_notice,
        },
    );
    for id in args.select.iter().flatten().chain(&args.ignore) {
        if !catalog.knows(id) {
            return fail(&format!(
                "`{id}` is no rule, element or check id; `avglint rules` lists them"
            ));
        }
    }
    let (baseline_file, baseline) = match args.baseline.as_deref().map(Baseline::read).transpose() {
        Ok(b) => {
            let index = b.as_ref().map(Baseline::index);
            (b, index)
        }
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
    let stdout = std::io::stdout();
    let on_terminal = stdout.is_terminal();
    let render_opts = RenderOptions {
        color,
        quiet: args.quiet,
        verbose: args.verbose,
        ui_language: args.ui_language,
        width: terminal_width(on_terminal),
        fail_level,
    };
    let mut render: Box<dyn crate::render::Render> = if args.write_baseline.is_some() {
        // Writing a baseline is quiet: the findings go to the file.
        Box::new(crate::render::Silent)
    } else if args.statistics {
        Box::new(crate::render::Statistics::default())
    } else {
        renderer_with(args.format, &render_opts, &catalog)
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut tally = Tally::new(fail_level);
    let written = render
        .begin(&mut out)
        .map_err(BatchError::Output)
        .and_then(|()| {
            let mut handle = |report: &FileReport, out: &mut dyn Write| {
                tally.add(report);
                if args.write_baseline.is_some() {
                    // A file that could not be judged keeps its old entries
                    // (below), not its `unreadable` finding.
                    if report.kind == crate::report::FileKind::Error {
                        unjudged.push(report.path.clone());
                    } else {
                        accepted.extend(Baseline::entries(report));
                    }
                }
                render.file(out, report)
            };
            if stdin {
                let report = match read_stdin(args.input.max_file_size) {
                    Ok(bytes) => {
                        let name = args
                            .stdin_filename
                            .clone()
                            .unwrap_or_else(|| PathBuf::from("<stdin>"));
                        let mut report = judge_file.judge_bytes(&name, bytes);
                        if let Some(b) = &baseline {
                            b.filter(&mut report);
                        }
                        report
                    }
                    Err(e) => FileReport::error(
                        "<stdin>".into(),
                        ErrorClass::Io,
                        format!("cannot read standard input: {e}"),
                    ),
                };
                return handle(&report, &mut out).map_err(BatchError::Output);
            }
            batch::check_all(
                &targets,
                judge,
                args.input.jobs.unwrap_or(0),
                !args.input.no_progress,
                |report, progress| {
                    if on_terminal {
                        // Keep the bar off the lines being written to the same terminal.
                        progress.suspend(|| handle(report, &mut out).and_then(|()| out.flush()))
                    } else {
                        handle(report, &mut out)
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
        let n = accepted.len();
        if let Err(e) = Baseline::from_entries(accepted).write(path) {
            return fail(&e);
        }
        eprintln!("avglint: wrote {n} findings to {}", path.display());
        let code = tally.exit_code();
        return if code == EXIT_ERROR { code } else { EXIT_CLEAN };
    }
    if let (Some(file), Some(index), Some(path)) = (&baseline_file, &baseline, &args.baseline) {
        let stale = file.stale(index);
        if !stale.is_empty() {
            if args.prune_baseline {
                if let Err(e) = file.without(&stale).write(path) {
                    return fail(&e);
                }
                eprintln!(
                    "avglint: removed {} stale entries from {}",
                    stale.len(),
                    path.display()
                );
            } else {
                eprintln!(
                    "avglint: {} entries of {} match no finding any more (stale); --prune-baseline removes them:",
                    stale.len(),
                    path.display()
                );
                for e in &stale {
                    eprintln!("  {} {} {}", e.path, e.rule, e.fingerprint);
                }
            }
        }
    }
    match tally.exit_code() {
        EXIT_FINDINGS if args.exit_zero => EXIT_CLEAN,
        code => code,
    }
}

/// Standard input, at most `max` bytes (one more is read to tell a larger input).
fn read_stdin(max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Columns for the human format: the terminal's, else `COLUMNS`, else 100.
fn terminal_width(on_terminal: bool) -> usize {
    #[cfg(unix)]
    if on_terminal {
        // SAFETY: TIOCGWINSZ fills the winsize struct it is given, nothing else.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
        if ok && size.ws_col > 0 {
            return usize::from(size.ws_col).max(40);
        }
    }
    #[cfg(not(unix))]
    let _ = on_terminal;
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .map_or(100, |c| c.max(40))
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
            ("--xlsx", args.report.xlsx.as_deref(), Kind::Csv),
            (
                "--findings-csv",
                args.report.findings_csv.as_deref(),
                Kind::Csv,
            ),
        ],
        &[],
        loaded.as_ref(),
        &args.paths,
        &targets,
    ) {
        return fail(&e);
    }
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
            assume_notice: args.input.assume_notice,
            require_notice: args.input.require_notice,
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
