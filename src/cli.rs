//! Command-line interface: parses arguments, runs the library, picks the exit code.

use crate::assess::Organisation;
use crate::batch::{self, BatchError};
use crate::document::Format;
use crate::finding::Severity;
use crate::lang::Language;
use crate::render::{renderer, OutputFormat};
use crate::report::{ErrorClass, FileReport};
use crate::rules::Registry;
use crate::walk::{self, Target, WalkOptions};
use crate::Options;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    Audit(crate::audit::AuditArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_level: Severity,
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
    pub input_format: Option<InputFormat>,
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
    pub fn walk_options(&self) -> WalkOptions {
        WalkOptions {
            hidden: self.hidden,
            no_ignore: self.no_ignore,
            follow_links: self.follow_links,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
        }
    }

    pub fn options(&self) -> Options {
        Options {
            language: self.language,
            organisation: self.organisation,
            format: self.input_format.map(|f| match f {
                InputFormat::Markdown => Format::Markdown,
                InputFormat::Text => Format::Text,
                InputFormat::Html => Format::Html,
                InputFormat::Json => Format::Json,
                InputFormat::Yaml => Format::Yaml,
                InputFormat::Toml => Format::Toml,
                InputFormat::Docx => Format::Docx,
                InputFormat::Pdf => Format::Pdf,
            }),
            max_file_size: self.max_file_size,
        }
    }

    /// Walks the paths and loads the rules; an error here is exit 2.
    pub fn prepare(&self, paths: &[PathBuf]) -> Result<(Vec<Target>, &'static Registry), String> {
        let targets = walk::collect(paths, &self.walk_options())?;
        let reg = Registry::builtin().map_err(|e| e.to_string())?;
        Ok((targets, reg))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Markdown,
    Text,
    Html,
    Json,
    Yaml,
    Toml,
    Docx,
    Pdf,
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
        Command::Audit(args) => crate::audit::run(args),
    }
}

fn check(args: CheckArgs) -> i32 {
    let (targets, reg) = match args.input.prepare(&args.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("avglint: {e}");
            return EXIT_ERROR;
        }
    };
    let opts = args.input.options();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut render = renderer(args.format, color);
    let stdout = std::io::stdout();
    let on_terminal = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut tally = Tally::new(args.fail_level);
    let written = render
        .begin(&mut out)
        .map_err(BatchError::Output)
        .and_then(|()| {
            batch::check_all(
                &targets,
                &opts,
                reg,
                args.input.jobs.unwrap_or(0),
                !args.input.no_progress,
                |report, progress| {
                    tally.add(report);
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

/// The exit code of a whole batch of reports (see [`Tally::exit_code`]).
pub fn exit_code(reports: &[FileReport], fail_level: Severity) -> i32 {
    let mut tally = Tally::new(fail_level);
    reports.iter().for_each(|r| tally.add(r));
    tally.exit_code()
}
