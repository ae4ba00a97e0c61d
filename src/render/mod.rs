//! One renderer per output format. Renderers get whole file reports in path
//! order and write bytes; they never judge anything.

mod concise;
pub mod escape;
mod github;
mod gitlab;
mod human;
mod json;
mod jsonl;
mod junit;
mod rdjson;
/// The example sentence of a help text (rdjson's suggestion, the language server's quick fix).
pub use rdjson::example;
mod sarif;
mod statistics;
pub mod text;

pub use concise::Concise;
pub use github::Github;
pub use gitlab::Gitlab;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use rdjson::Rdjson;
pub use sarif::Sarif;
pub use statistics::Statistics;

use crate::catalog::Catalog;
pub use jsonl::Jsonl;

use crate::report::FileReport;
use std::io::{self, Write};

/// An output format.
pub trait Render {
    /// Written once before the first file.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Written for each file, in path order.
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    /// Written once after the last file.
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Writes nothing (`--write-baseline`: the findings go to the baseline file).
pub struct Silent;

impl Render for Silent {
    fn file(&mut self, _out: &mut dyn Write, _report: &FileReport) -> io::Result<()> {
        Ok(())
    }
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
    /// One file report per line.
    Jsonl,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// GitLab Code Quality (merge request widget).
    Gitlab,
    /// reviewdog's Diagnostic Format, with example sentences as suggestions.
    Rdjson,
}

/// How the formats people read are shown.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub color: bool,
    /// Findings only: no per-file summaries, no totals.
    pub quiet: bool,
    /// A summary for every file, clean ones too, with every element's status.
    pub verbose: bool,
    /// Labels and summaries in this language instead of each notice's.
    pub ui_language: Option<crate::lang::Language>,
    /// Columns of the terminal.
    pub width: usize,
    /// The gate's fail level: JUnit fails a test case only at or above it.
    pub fail_level: crate::finding::Severity,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            quiet: false,
            verbose: false,
            ui_language: None,
            width: 100,
            fail_level: crate::finding::Severity::Error,
        }
    }
}

/// A renderer for a format; `catalog` describes the rules (for SARIF).
pub fn renderer(format: OutputFormat, color: bool, catalog: &Catalog) -> Box<dyn Render> {
    let opts = RenderOptions {
        color,
        ..RenderOptions::default()
    };
    renderer_with(format, &opts, catalog)
}

/// A renderer for a format, with the options of the formats people read.
pub fn renderer_with(
    format: OutputFormat,
    opts: &RenderOptions,
    catalog: &Catalog,
) -> Box<dyn Render> {
    match format {
        OutputFormat::Human => Box::new(Human::with(opts.clone(), catalog.clone())),
        OutputFormat::Concise => Box::new(Concise::new(opts.clone())),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Sarif => Box::new(Sarif::new(catalog.clone())),
        OutputFormat::Github => Box::new(Github::default()),
        OutputFormat::Junit => Box::new(Junit::new(catalog, opts.fail_level)),
        OutputFormat::Jsonl => Box::new(Jsonl),
        OutputFormat::Gitlab => Box::new(Gitlab::default()),
        OutputFormat::Rdjson => Box::new(Rdjson::default()),
    }
}
