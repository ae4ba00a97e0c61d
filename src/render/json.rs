//! `--format json`: the report of `REPORT.md`, streamed file by file.

use super::Render;
use crate::report::FileReport;
use std::io::{self, Write};

#[derive(Default)]
pub struct Json {
    files: usize,
}

impl Render for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"version\": 1,\n  \"tool\": {{ \"name\": \"avglint\", \"version\": \"{}\" }},\n  \"files\": [",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        if self.files > 0 {
            out.write_all(b",")?;
        }
        self.files += 1;
        out.write_all(b"\n    ")?;
        let text = serde_json::to_string(report).map_err(io::Error::other)?;
        out.write_all(super::escape::json(&text).as_bytes())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.files > 0 {
            b"\n  ]\n}\n"
        } else {
            b"]\n}\n"
        })
    }
}
