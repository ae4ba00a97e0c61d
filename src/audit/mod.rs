//! `avglint audit`: judges a folder of notices and reports coverage: a
//! summary on the terminal, a CSV coverage matrix and a self-contained HTML
//! page. Reports stream through here in path order, and each is reduced to
//! counts and rows at once, so memory stays flat however many files there are.

mod csv;
mod html;
mod summary;

pub use summary::{Row, Summary, STATUSES};

use crate::catalog::Catalog;
use crate::cli::{ConfigArgs, InputArgs, Judge, EXIT_CLEAN, EXIT_ERROR};
use crate::config::{CliSettings, Settings};
use crate::report::ErrorClass;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

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

/// Runs an audit; exit 0 when the reports were written, 2 when a file could
/// not be read or an output could not be written. Findings do not change it:
/// an audit reports, `check` gates.
pub fn run(args: AuditArgs) -> i32 {
    let own: Vec<&std::path::Path> = [
        args.csv.as_deref(),
        args.html.as_deref(),
        args.config.config.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let prepared = crate::walk::collect(&args.paths, &args.input.walk_options(&own))
        .and_then(|targets| Ok((targets, crate::cli::load_rules(&args.config)?)));
    let (targets, (loaded, reg)) = match prepared {
        Ok(p) => p,
        Err(e) => {
            eprintln!("avglint: {e}");
            return EXIT_ERROR;
        }
    };
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
    let mut csv_out = match args.csv.as_deref().map(csv::CsvMatrix::create).transpose() {
        Ok(c) => c,
        Err(e) => return output_error(args.csv.as_deref(), e),
    };
    let mut html_out = match args
        .html
        .as_deref()
        .map(html::HtmlReport::create)
        .transpose()
    {
        Ok(h) => h,
        Err(e) => return output_error(args.html.as_deref(), e),
    };
    let mut summary = Summary::default();
    let mut failed_to_read = false;
    let result = crate::batch::check_all_with(
        &targets,
        |t| judge.judge(t),
        args.input.jobs.unwrap_or(0),
        !args.input.no_progress,
        |report, _| {
            failed_to_read |= matches!(
                report.error_class,
                Some(ErrorClass::Io | ErrorClass::Internal)
            );
            let row = Row::from_report(report);
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
    if let Some(c) = csv_out {
        if let Err(e) = c.finish() {
            return output_error(args.csv.as_deref(), e);
        }
    }
    if let Some(h) = html_out {
        if let Err(e) = h.finish(&summary) {
            return output_error(args.html.as_deref(), e);
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

fn output_error(path: Option<&std::path::Path>, e: io::Error) -> i32 {
    let path = path.map(|p| p.display().to_string()).unwrap_or_default();
    eprintln!("avglint: cannot write {path}: {e}");
    EXIT_ERROR
}
