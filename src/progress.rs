//! A progress bar on stderr (files/s, ETA), shown only to a person: when
//! stderr is a terminal and no CI is running, never in pipes or CI logs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Batches smaller than this finish before a bar would help.
const MIN_FILES: usize = 50;

/// Progress of a batch; does nothing when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for `total` files, or a silent one when not wanted or not on a terminal.
    pub fn new(total: usize, wanted: bool) -> Progress {
        let show = wanted
            && total >= MIN_FILES
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none();
        if !show {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(
            Some(total as u64),
            ProgressDrawTarget::stderr_with_hz(8),
        );
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress { bar: Some(bar) }
    }

    /// Runs `f` with the bar cleared from the terminal, so output written to
    /// the same terminal does not interleave with it.
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// One more file done; `path` is shown beside the bar.
    pub fn inc(&self, path: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(crate::render::escape::line(path).into_owned());
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
