//! Command-line interface: parses arguments, runs the library, picks the exit code.

use crate::assess::Organisation;
use crate::document::Format;
use crate::finding::Severity;
use crate::lang::Language;
use crate::render::{renderer, OutputFormat};
use crate::report::{ErrorClass, FileReport};
use crate::rules::Registry;
use crate::walk::{self, WalkOptions};
use crate::Options;
use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;
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
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_level: Severity,
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
    /// Follow symbolic links while walking.
    #[arg(long)]
    pub follow_links: bool,
    /// Colour the human output (default: when stdout is a terminal).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
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
    }
}

fn check(args: CheckArgs) -> i32 {
    let walk_opts = WalkOptions {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        follow_links: args.follow_links,
    };
    let targets = match walk::collect(&args.paths, &walk_opts) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("avglint: {e}");
            return EXIT_ERROR;
        }
    };
    let opts = Options {
        language: args.language,
        organisation: args.organisation,
        format: args.input_format.map(|f| match f {
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Text => Format::Text,
            InputFormat::Html => Format::Html,
            InputFormat::Json => Format::Json,
            InputFormat::Yaml => Format::Yaml,
            InputFormat::Toml => Format::Toml,
            InputFormat::Docx => Format::Docx,
            InputFormat::Pdf => Format::Pdf,
        }),
        max_file_size: args.max_file_size,
    };
    let reg = match Registry::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("avglint: {e}");
            return EXIT_ERROR;
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("avglint: cannot start worker threads: {e}");
            return EXIT_ERROR;
        }
    };
    let reports: Vec<FileReport> = pool.install(|| {
        targets
            .par_iter()
            .map(|t| crate::check_path(&t.path, &t.display, &opts, reg))
            .collect()
    });

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut render = renderer(args.format, color);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = (|| {
        render.begin(&mut out)?;
        for r in &reports {
            render.file(&mut out, r)?;
        }
        render.end(&mut out)?;
        out.flush()
    })();
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("avglint: cannot write output: {e}");
        }
        return EXIT_ERROR;
    }
    exit_code(&reports, args.fail_level)
}

/// 2 when a file could not be read or avglint failed on it, else 1 when a
/// finding reaches the fail level, else 0.
pub fn exit_code(reports: &[FileReport], fail_level: Severity) -> i32 {
    if reports
        .iter()
        .any(|r| matches!(r.error_class, Some(ErrorClass::Io | ErrorClass::Internal)))
    {
        EXIT_ERROR
    } else if reports
        .iter()
        .any(|r| r.max_severity().is_some_and(|s| s >= fail_level))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
