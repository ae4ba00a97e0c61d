//! Paths on the command line -> the files to check, in path order.

use crate::document::Format;
use std::path::{Path, PathBuf};

/// How directories are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    pub hidden: bool,
    pub no_ignore: bool,
    pub follow_links: bool,
}

/// A file to check and how to show its path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub display: String,
    pub path: PathBuf,
}

/// Expands paths: files are taken as given, directories are walked for files
/// avglint reads. A missing path is an error (exit 2) before anything runs.
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> Result<Vec<Target>, String> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if !meta.is_dir() {
            out.push(target(p));
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(!opts.hidden)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .ignore(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .follow_links(opts.follow_links)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(_) => continue,
            };
            if entry.file_type().is_some_and(|t| t.is_file())
                && Format::from_extension(entry.path()).is_some()
            {
                out.push(target(entry.path()));
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn target(p: &Path) -> Target {
    let display = p.to_string_lossy().trim_start_matches("./").to_string();
    Target {
        display,
        path: p.to_path_buf(),
    }
}
