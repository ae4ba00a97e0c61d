//! Where the audit's files are written: each through a temporary file in the
//! same folder, renamed over the target only when it is complete, so a failed
//! or interrupted run never leaves half a report. (One place to swap for the
//! crate's shared output module.)

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output file being written; [`Output::commit`] puts it in place.
pub struct Output {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Output {
    pub fn create(target: &Path) -> io::Result<Output> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".avglint-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Output {
            tmp,
            target: target.to_path_buf(),
        })
    }

    /// A buffered writer into the temporary file.
    pub fn writer(&self) -> io::Result<BufWriter<File>> {
        Ok(BufWriter::new(self.tmp.as_file().try_clone()?))
    }

    /// The temporary file's path (for writers that want a path).
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Syncs and renames the temporary file over the target, with the
    /// permissions a newly created file would have had.
    pub fn commit(self) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // SAFETY: umask only swaps the process's file mode mask; it is set back at once.
            let mask = unsafe {
                let m = libc::umask(0o022);
                libc::umask(m);
                m
            };
            #[allow(clippy::useless_conversion)] // mode_t is u16 on some systems
            let mode = 0o666 & !u32::from(mask);
            self.tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        self.tmp.as_file().sync_all()?;
        self.tmp
            .persist(&self.target)
            .map(|_| ())
            .map_err(|e| e.error)
    }
}

/// Flushes a buffered writer made by [`Output::writer`] and commits.
pub fn finish(mut w: BufWriter<File>, out: Output) -> io::Result<()> {
    w.flush()?;
    drop(w);
    out.commit()
}
