//! Paths on the command line -> the entries to check, in path order.
//!
//! Nothing found is dropped silently: a FIFO, socket or device is an entry
//! that is skipped with a note (never opened, since opening a FIFO blocks), a
//! directory that cannot be read or a symlink loop is an entry with an error.

use crate::document::Format;
use ignore::overrides::OverrideBuilder;
use std::fs::FileType;
use std::path::{Path, PathBuf};

/// How directories are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    pub hidden: bool,
    pub no_ignore: bool,
    pub follow_links: bool,
    /// Globs a walked file must match (any of them); when given they replace
    /// the extension filter and override ignore files (as ripgrep's `-g`).
    pub include: Vec<String>,
    /// Globs of walked files and directories to leave out.
    pub exclude: Vec<String>,
    /// Files the run itself reads or writes (baseline, reports), absolute:
    /// never judged as notices when a walk comes across them.
    pub own_files: Vec<PathBuf>,
}

/// What was found at a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    /// A regular file (or a path given on the command line): read and judge it.
    File,
    /// Not a regular file (FIFO, socket, device): reported, never opened.
    Skipped(String),
    /// The walk could not look here (an unreadable directory, a dangling link
    /// when links are followed). A symlink loop is `Skipped`.
    Error(String),
}

/// A path the walk found and how to show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub display: String,
    pub path: PathBuf,
    pub kind: EntryKind,
}

/// Expands paths: files are taken as given, directories are walked for files
/// avglint reads. A missing path is an error (exit 2) before anything runs;
/// a bad glob too.
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if !meta.is_dir() {
            out.push(target(p, EntryKind::File));
            continue;
        }
        walk_dir(p, opts, false, &mut out)?;
    }
    out.sort();
    // One file given twice (`a.md` and `/abs/a.md`, `dir//a.md`, a walk and a
    // name) is judged once, under the first name; files are told apart by
    // what they resolve to, never by how their names print.
    let mut seen = std::collections::HashSet::new();
    out.retain(|e| seen.insert(std::fs::canonicalize(&e.path).unwrap_or_else(|_| e.path.clone())));
    Ok(out)
}

/// After the walk: a walk that found no file to check is an error unless
/// `allow_empty` (a typo in a path, or an ignore file such as `*`, must not
/// pass a gate silently); files left out by ignore files are a note.
pub fn gate(
    paths: &[PathBuf],
    opts: &WalkOptions,
    found: &[Entry],
    allow_empty: bool,
) -> Result<Option<String>, String> {
    let ignored = ignored_count(paths, opts, found);
    let hint = if ignored > 0 {
        format!("{ignored} file(s) left out by .gitignore/.ignore files (--no-ignore checks them)")
    } else {
        String::new()
    };
    if !allow_empty && !found.iter().any(|e| e.kind == EntryKind::File) {
        let skipped = found.len();
        let mut why = String::from("no file to check was found");
        if skipped > 0 {
            why.push_str(&format!(" ({skipped} entries skipped or unreadable)"));
        }
        if !hint.is_empty() {
            why.push_str(&format!("; {hint}"));
        }
        return Err(format!("{why}; --allow-empty accepts an empty run"));
    }
    Ok((!hint.is_empty()).then_some(hint))
}

/// How many files the walks of `paths` leave out because of `.gitignore`
/// and `.ignore` files (0 with `--no-ignore`): a second walk without them,
/// counted, so an ignore file such as `*` cannot hide notices silently.
pub fn ignored_count(paths: &[PathBuf], opts: &WalkOptions, found: &[Entry]) -> usize {
    if opts.no_ignore {
        return 0;
    }
    let all = WalkOptions {
        no_ignore: true,
        ..opts.clone()
    };
    let mut without = Vec::new();
    for p in paths.iter().filter(|p| p.is_dir()) {
        if walk_dir(p, &all, true, &mut without).is_err() {
            return 0;
        }
    }
    let seen: std::collections::HashSet<&Path> = found.iter().map(|e| e.path.as_path()).collect();
    without
        .iter()
        .filter(|e| e.kind == EntryKind::File && !seen.contains(e.path.as_path()))
        .count()
}

/// A path as it is shown: as given, with bytes that are no UTF-8 written as
/// `\xNN` (two different invalid names never print the same).
pub fn display_path(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned()
    }
}

/// Walks `root` for files avglint reads. `counting`: the walk only counts
/// what ignore files leave out, and leaves `.js`/`.ts` modules out unread
/// (reading every module under `node_modules` to say how many were ignored
/// would cost more than the run).
fn walk_dir(
    root: &Path,
    opts: &WalkOptions,
    counting: bool,
    out: &mut Vec<Entry>,
) -> Result<(), String> {
    let mut globs = OverrideBuilder::new(root);
    for g in &opts.include {
        globs.add(g).map_err(|e| format!("--include {g:?}: {e}"))?;
    }
    for g in &opts.exclude {
        globs
            .add(&format!("!{g}"))
            .map_err(|e| format!("--exclude {g:?}: {e}"))?;
    }
    let globs = globs.build().map_err(|e| e.to_string())?;
    let walker = ignore::WalkBuilder::new(root)
        .hidden(!opts.hidden)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(opts.follow_links)
        .overrides(globs)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                // A loop is a shape of the tree, not a failure to read it.
                let kind = if is_loop(&e) {
                    EntryKind::Skipped(walk_error_message(&e))
                } else {
                    EntryKind::Error(walk_error_message(&e))
                };
                out.push(target(&path, kind));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let Some(ft) = entry.file_type() else {
            continue;
        };
        // An explicit --include decides by itself; otherwise the extension
        // does, and for a `.js`/`.ts` module a mention of privacy.
        let format = Format::from_extension(entry.path());
        let wanted = !opts.include.is_empty() || format.is_some();
        if ft.is_dir() || !wanted {
            continue;
        }
        let script =
            opts.include.is_empty() && format.is_some_and(Format::walked_when_it_mentions_privacy);
        if script && (counting || (ft.is_file() && !mentions_privacy(entry.path()))) {
            continue;
        }
        if ft.is_file() {
            if !is_own_file(entry.path(), opts) {
                out.push(target(entry.path(), EntryKind::File));
            }
        } else if ft.is_symlink() {
            // Only seen when links are not followed: skipped, as documented.
            continue;
        } else {
            let what = special_kind(&ft);
            out.push(target(
                entry.path(),
                EntryKind::Skipped(format!("not a regular file ({what}); skipped unread")),
            ));
        }
    }
    Ok(())
}

/// Whether a walked `.js`/`.ts` module mentions privacy (its first
/// [`SCRIPT_READ_LIMIT`] bytes). One that cannot be read is taken, so the
/// run reports why.
fn mentions_privacy(path: &Path) -> bool {
    use std::io::Read;
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let Ok(file) = open.open(path) else {
        return true;
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return true;
    }
    let mut bytes = Vec::new();
    if file
        .take(SCRIPT_READ_LIMIT)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return true;
    }
    crate::document::script::mentions_privacy(&bytes)
}

/// How much of a walked `.js`/`.ts` module is searched for a privacy word.
const SCRIPT_READ_LIMIT: u64 = 32 << 20;

/// avglint's own config (unless `--include` asks for it) or a file the run
/// reads or writes: a baseline `.json` or an audit's `.html` report in the
/// walked folder is no notice.
fn is_own_file(path: &Path, opts: &WalkOptions) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    if opts.include.is_empty() && crate::config::FILE_NAMES.iter().any(|n| name == *n) {
        return true;
    }
    // Compare names first: resolving every walked path would cost a syscall each.
    opts.own_files.iter().any(|own| {
        own.file_name() == Some(name) && std::path::absolute(path).is_ok_and(|p| p == *own)
    })
}

/// Names a non-regular, non-directory file type.
pub fn special_kind(ft: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_symlink() {
        return "a symbolic link";
    }
    "a special file"
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithLineNumber { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn walk_error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop back to {}; not followed again",
            ancestor.display()
        ),
        ignore::Error::WithPath { err, .. } => walk_error_message(err),
        ignore::Error::WithDepth { err, .. } => walk_error_message(err),
        other => format!("cannot walk: {other}"),
    }
}

fn target(p: &Path, kind: EntryKind) -> Entry {
    let display = display_path(p).trim_start_matches("./").to_string();
    Entry {
        display,
        path: p.to_path_buf(),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn displays(root: &Path, opts: &WalkOptions) -> Vec<String> {
        let prefix = format!("{}/", root.display());
        collect(&[root.to_path_buf()], opts)
            .unwrap()
            .into_iter()
            .map(|t| t.display.trim_start_matches(&prefix).to_string())
            .collect()
    }

    #[test]
    fn include_and_exclude_globs() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::create_dir_all(r.join("drafts")).unwrap();
        for f in ["a.md", "b.txt", "c.dat", "drafts/d.md"] {
            std::fs::write(r.join(f), "x").unwrap();
        }
        let all = displays(r, &WalkOptions::default());
        assert_eq!(all, ["a.md", "b.txt", "drafts/d.md"]);
        let opts = WalkOptions {
            exclude: vec!["drafts".into()],
            ..Default::default()
        };
        assert_eq!(displays(r, &opts), ["a.md", "b.txt"]);
        let opts = WalkOptions {
            include: vec!["*.dat".into()],
            ..Default::default()
        };
        assert_eq!(displays(r, &opts), ["c.dat"]);
    }

    #[test]
    fn hidden_and_gitignore_are_flags() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::write(r.join(".gitignore"), "ignored.md\n").unwrap();
        std::fs::write(r.join("ignored.md"), "x").unwrap();
        std::fs::write(r.join(".hidden.md"), "x").unwrap();
        std::fs::write(r.join("seen.md"), "x").unwrap();
        assert_eq!(displays(r, &WalkOptions::default()), ["seen.md"]);
        let opts = WalkOptions {
            hidden: true,
            no_ignore: true,
            ..Default::default()
        };
        assert_eq!(displays(r, &opts), [".hidden.md", "ignored.md", "seen.md"]);
    }

    #[test]
    fn modules_are_walked_only_when_they_mention_privacy() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::write(r.join("code.js"), "export const a = 1;").unwrap();
        std::fs::write(
            r.join("nl.ts"),
            "export default { t: 'Onze PRIVACYverklaring' };",
        )
        .unwrap();
        std::fs::write(r.join("page.jsx"), "export const P = () => <p>Hoi</p>;").unwrap();
        std::fs::write(r.join("page.ftl"), "<p>x</p>").unwrap();
        assert_eq!(
            displays(r, &WalkOptions::default()),
            ["nl.ts", "page.ftl", "page.jsx"]
        );
        // An --include takes what it names, read or not.
        let opts = WalkOptions {
            include: vec!["*.js".into()],
            ..Default::default()
        };
        assert_eq!(displays(r, &opts), ["code.js"]);
        // Ignored modules are not read to be counted.
        std::fs::write(r.join(".ignore"), "*.ts\n*.ftl\n").unwrap();
        let found = collect(&[r.to_path_buf()], &WalkOptions::default()).unwrap();
        assert_eq!(
            ignored_count(&[r.to_path_buf()], &WalkOptions::default(), &found),
            1
        );
    }

    #[test]
    fn a_bad_glob_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WalkOptions {
            include: vec!["a{".into()],
            ..Default::default()
        };
        assert!(collect(&[dir.path().to_path_buf()], &opts).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_not_followed_by_default_and_reported_when_followed() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::create_dir(r.join("sub")).unwrap();
        std::fs::write(r.join("sub/n.md"), "x").unwrap();
        std::os::unix::fs::symlink("..", r.join("sub/up")).unwrap();
        assert_eq!(displays(r, &WalkOptions::default()), ["sub/n.md"]);
        let opts = WalkOptions {
            follow_links: true,
            ..Default::default()
        };
        let found = collect(&[r.to_path_buf()], &opts).unwrap();
        assert!(found
            .iter()
            .any(|t| matches!(&t.kind, EntryKind::Skipped(m) if m.contains("loop"))));
        assert_eq!(
            found.iter().filter(|t| t.kind == EntryKind::File).count(),
            1
        );
    }
}
