//! `--format jsonl`: one file's report (the `files[]` object of the JSON
//! report) per line, for pipelines that read as the batch runs.

use super::Render;
use crate::report::FileReport;
use std::io::{self, Write};

#[derive(Default)]
pub struct Jsonl;

impl Render for Jsonl {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let text = serde_json::to_string(report).map_err(io::Error::other)?;
        out.write_all(super::escape::json(&text).as_bytes())?;
        out.write_all(b"\n")
    }
}
