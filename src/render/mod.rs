//! One renderer per output format. Renderers get whole file reports in path
//! order and write bytes; they never judge anything.

pub mod escape;
mod excerpt;
mod github;
mod human;
mod json;
mod jsonl;
mod junit;
mod sarif;

pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use sarif::Sarif;

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

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
}

/// A renderer for a format; `catalog` describes the rules (for SARIF).
pub fn renderer(format: OutputFormat, color: bool, catalog: &Catalog) -> Box<dyn Render> {
    match format {
        OutputFormat::Human => Box::new(Human::new(color)),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Sarif => Box::new(Sarif::new(catalog.clone())),
        OutputFormat::Github => Box::new(Github::default()),
        OutputFormat::Junit => Box::new(Junit::default()),
        OutputFormat::Jsonl => Box::new(Jsonl),
    }
}
