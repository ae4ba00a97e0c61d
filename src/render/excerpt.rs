//! The source a diagnostic shows, bounded: a long line is cut to a window
//! around the diagnostic's labels, and a label to [`MAX_LABEL`] bytes, so a
//! file of one huge line prints a few hundred bytes per finding, not the
//! line each time (a 156 KB input once printed 913 MB). Line numbers and
//! columns stay those of the whole file, from the source's index.

use crate::source::{floor_char_boundary, SourceText};
use codespan_reporting::files::{Error, Files};
use std::ops::Range;

/// Lines up to this many bytes are shown whole.
pub const MAX_LINE: usize = 1024;
/// Longest label (underlined text) shown, in bytes.
pub const MAX_LABEL: usize = 512;
/// Bytes of context either side of the labels on a cut line.
const CONTEXT: usize = 80;

/// One diagnostic's view of a file.
pub struct Excerpt<'a> {
    pub name: &'a str,
    /// The text shown (escaped, the same length as `src`'s text).
    pub shown: &'a str,
    pub src: &'a SourceText,
    /// The diagnostic's label ranges, already [`clip`]ped.
    pub labels: Vec<Range<usize>>,
}

/// A label's range cut to [`MAX_LABEL`] bytes, on a char boundary.
pub fn clip(text: &str, r: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, r.start);
    let end = floor_char_boundary(text, r.end.min(start.saturating_add(MAX_LABEL))).max(start);
    start..end
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

impl<'a> Excerpt<'a> {
    fn full_line(&self, line_index: usize) -> Option<Range<usize>> {
        let starts = self.src.line_starts();
        let start = *starts.get(line_index)?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.shown.len());
        Some(start..end)
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.shown)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        Ok(self.src.line_col(byte_index).0 - 1)
    }

    fn column_number(&'a self, (): (), _line: usize, byte_index: usize) -> Result<usize, Error> {
        Ok(self.src.line_col(byte_index).1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        let full = self.full_line(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: self.src.line_starts().len().saturating_sub(1),
        })?;
        if full.len() <= MAX_LINE {
            return Ok(full);
        }
        // The labels' ends that fall on this line, with some context.
        let on_line = |b: usize| full.contains(&b) || b == full.end;
        let points: Vec<usize> = self
            .labels
            .iter()
            .flat_map(|r| [r.start, r.end])
            .filter(|&b| on_line(b))
            .collect();
        let (lo, hi) = match (points.iter().min(), points.iter().max()) {
            (Some(&lo), Some(&hi)) => (lo.saturating_sub(CONTEXT), hi + CONTEXT),
            _ => (full.start, full.start + 2 * CONTEXT),
        };
        let lo = floor_char_boundary(self.shown, lo.max(full.start));
        let hi = ceil_char_boundary(self.shown, hi.min(full.end));
        Ok(lo..hi)
    }
}
