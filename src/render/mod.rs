//! One renderer per output format. Renderers get whole file reports in path
//! order and write bytes; they never judge anything.

mod human;
mod json;
mod jsonl;

pub use human::Human;
pub use json::Json;
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
    /// One file report per line.
    Jsonl,
}

/// A renderer for a format.
pub fn renderer(format: OutputFormat, color: bool) -> Box<dyn Render> {
    match format {
        OutputFormat::Human => Box::new(Human::new(color)),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Jsonl => Box::new(Jsonl),
    }
}
