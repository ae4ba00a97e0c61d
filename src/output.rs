//! Files avglint writes (the audit's CSV and HTML, baselines, `init`'s
//! config) and files it reads besides the notices (config, baseline, rules).
//!
//! Writing: every output goes to a temporary file in the target's folder
//! and is renamed over the target only when it is complete ([`Pending`]).
//! A rename replaces a symbolic link at the target instead of writing
//! through it, and a run that fails or is interrupted leaves every earlier
//! file as it was (at worst a `.avglint-*.tmp` file beside it).
//!
//! Before anything is written, [`refuse_clashes`] refuses an output that is
//! an input, a file of the walk, a file the run reads, another output, or an
//! existing file avglint reads as a notice that avglint did not write (`audit
//! --html n/*.md`, where the shell put a notice after the flag).
//!
//! Reading: [`read_limited`] reads a config, baseline or rules file only
//! when it is a regular file (a FIFO would block, `/dev/zero` would never
//! end) and of at most [`MAX_SIDE_FILE`] bytes.

#[cfg(feature = "cli")]
use crate::document::Format;
use std::io::Read;
#[cfg(feature = "cli")]
use std::io::{self, Write};
use std::path::Path;
#[cfg(feature = "cli")]
use std::path::PathBuf;

/// Largest config, baseline or rule file read, in bytes.
pub const MAX_SIDE_FILE: u64 = 16 * 1024 * 1024;

/// An output being written: a temporary file beside the target, renamed
/// over it by [`Pending::commit`]. Dropped without a commit, it is removed
/// and the target is untouched.
#[cfg(feature = "cli")]
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

#[cfg(feature = "cli")]
impl Pending {
    /// A temporary file in `target`'s folder.
    pub fn create(target: &Path) -> io::Result<Pending> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".avglint-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Pending {
            tmp,
            target: target.to_path_buf(),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the data to disk and renames the file over the target (a
    /// symbolic link there is replaced, not followed).
    pub fn commit(mut self) -> io::Result<()> {
        self.tmp.flush()?;
        self.tmp.as_file().sync_all()?;
        // The temporary file is private (0600); an output is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::symlink_metadata(&self.target)
                .ok()
                .filter(|m| m.is_file())
                .map_or(0o644, |m| m.permissions().mode() & 0o777);
            self.tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(feature = "cli")]
impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// Writes `bytes` to `target` through a temporary file and a rename.
#[cfg(feature = "cli")]
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut p = Pending::create(target)?;
    p.write_all(bytes)?;
    p.commit()
}

/// Why a side file could not be read.
pub fn read_limited(path: &Path, what: &str) -> Result<String, String> {
    let fail = |m: String| format!("{}: cannot read {what}: {m}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(fail("not a regular file".into()));
    }
    if meta.len() > MAX_SIDE_FILE {
        return Err(fail(format!(
            "{} bytes, over the limit of {MAX_SIDE_FILE}",
            meta.len()
        )));
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path).map_err(|e| fail(e.to_string()))?;
    if !file.metadata().map_err(|e| fail(e.to_string()))?.is_file() {
        return Err(fail("not a regular file".into()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_SIDE_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_SIDE_FILE {
        return Err(fail(format!("over the limit of {MAX_SIDE_FILE} bytes")));
    }
    String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))
}

/// What kind of output a path is, for [`refuse_clashes`].
#[cfg(feature = "cli")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `audit --html`: may replace a page avglint wrote.
    Html,
    /// `audit --csv`.
    Csv,
    /// `--write-baseline`: may replace a baseline.
    Baseline,
}

/// The marker [`Kind::Html`] pages carry, so a later run knows it may replace them.
#[cfg(feature = "cli")]
pub const HTML_MARKER: &str = "<meta name=\"generator\" content=\"avglint audit\">";

/// Refuses outputs that would destroy something: one that is an input (a
/// path given or a file the walk found), a file the run reads (config,
/// baseline), another output, anything but a regular file, or an existing
/// file avglint would read as a notice and did not write itself. Called
/// after the walk and before anything is written.
#[cfg(feature = "cli")]
pub fn refuse_clashes(
    outputs: &[(&str, &Path, Kind)],
    reads: &[(&str, &Path)],
    inputs: &[PathBuf],
    walked: &[(&str, &Path)],
) -> Result<(), String> {
    let mut taken: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for (what, p) in reads {
        taken.push((format!("the {what} {}", p.display()), identities(p)));
    }
    for p in inputs {
        taken.push((format!("the input {}", p.display()), identities(p)));
    }
    let refuse = |flag: &str, path: &Path, why: String| {
        Err(format!(
            "refusing to write {flag} {}: {why}; nothing was written",
            path.display()
        ))
    };
    for (flag, path, kind) in outputs {
        let ids = identities(path);
        if let Some((what, _)) = taken
            .iter()
            .find(|(_, other)| other.iter().any(|o| ids.contains(o)))
        {
            return refuse(flag, path, format!("it is {what}"));
        }
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            let target_meta = std::fs::metadata(path).ok();
            if meta.is_dir() || target_meta.as_ref().is_some_and(|m| !m.is_file()) {
                return refuse(flag, path, "it exists and is not a regular file".into());
            }
            if target_meta.is_some_and(|m| m.len() > 0)
                && Format::from_extension(path).is_some()
                && !written_by_avglint(path, *kind)
            {
                return refuse(
                    flag,
                    path,
                    "it exists and looks like a notice avglint would check, not a file avglint wrote (a shell glob after the flag?)".into(),
                );
            }
        }
        taken.push((format!("the output of {flag}"), ids));
    }
    if !outputs.is_empty() {
        let out_ids: Vec<(&str, &Path, Vec<PathBuf>)> = outputs
            .iter()
            .map(|(f, p, _)| (*f, *p, identities(p)))
            .collect();
        for (display, path) in walked {
            // Names first: resolving every walked path would cost syscalls each.
            let name = path.file_name();
            if !outputs.iter().any(|(_, p, _)| p.file_name() == name) {
                continue;
            }
            let ids = identities(path);
            if let Some((flag, out, _)) = out_ids
                .iter()
                .find(|(_, _, o)| o.iter().any(|x| ids.contains(x)))
            {
                return refuse(flag, out, format!("it is the input {display}"));
            }
        }
    }
    Ok(())
}

/// The names a path is known by: its folder resolved plus its own name (the
/// link itself, which a rename replaces) and, when it exists, the file it
/// resolves to.
#[cfg(feature = "cli")]
fn identities(p: &Path) -> Vec<PathBuf> {
    let mut ids = Vec::new();
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) {
        match std::fs::canonicalize(parent) {
            Ok(dir) => ids.push(dir.join(name)),
            Err(_) => ids.push(abs.clone()),
        }
    }
    if let Ok(real) = std::fs::canonicalize(p) {
        if !ids.contains(&real) {
            ids.push(real);
        }
    }
    ids
}

/// An existing output of this kind that avglint wrote: an audit page with
/// [`HTML_MARKER`], a baseline with its two keys, judged from its first KiB.
#[cfg(feature = "cli")]
fn written_by_avglint(path: &Path, kind: Kind) -> bool {
    let Ok(head) = read_head(path, 4096) else {
        return false;
    };
    let head = String::from_utf8_lossy(&head);
    match kind {
        Kind::Html => head.contains(HTML_MARKER),
        Kind::Baseline => {
            head.trim_start().starts_with('{')
                && head.contains("\"version\"")
                && head.contains("\"findings\"")
        }
        // With or without the BOM, in any delimiter `--csv-delimiter` allows.
        Kind::Csv => {
            let h = head.trim_start_matches('\u{feff}');
            ["path,", "path;", "path\t"]
                .iter()
                .any(|p| h.starts_with(p))
        }
    }
}

#[cfg(feature = "cli")]
fn read_head(path: &Path, n: u64) -> io::Result<Vec<u8>> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path)?;
    let mut bytes = Vec::new();
    file.take(n).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::*;

    #[test]
    fn an_uncommitted_output_leaves_the_target_as_it_was() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        {
            let mut p = Pending::create(&target).unwrap();
            p.write_all(b"half a ro").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_is_replaced_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let victim = d.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let link = d.path().join("out.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        write_atomic(&link, b"{}").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    }

    #[cfg(unix)]
    #[test]
    fn side_files_must_be_regular_and_small() {
        let err = read_limited(Path::new("/dev/zero"), "config").unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
    }
}
