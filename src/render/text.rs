//! Helpers of the formats people read: shortening a long source line around
//! a span, wrapping text to the terminal width, and the labels and summaries
//! in Dutch and English.

use crate::finding::Severity;
use crate::lang::Language;

/// A source line as shown: perhaps cut to a window around the marked columns.
pub struct Cut {
    pub text: String,
    /// First character of the line kept.
    start: usize,
    /// One past the last character kept.
    end: usize,
    /// Characters put before the kept text ("..." or nothing).
    prefix: usize,
}

impl Cut {
    /// Marks a window of a longer line: "..." where the window itself was
    /// cut from the line and the shortening left that side whole.
    pub fn framed(mut self, cut_left: bool, cut_right: bool) -> Cut {
        if cut_left && self.prefix == 0 {
            self.text.insert_str(0, ELLIPSIS);
            self.prefix = ELLIPSIS.len();
        }
        if cut_right && !self.text.ends_with(ELLIPSIS) {
            self.text.push_str(ELLIPSIS);
        }
        self
    }

    /// Columns (in characters) of a mark on the line as shown.
    pub fn columns(&self, s: usize, e: usize) -> (usize, usize) {
        let map = |c: usize| c.clamp(self.start, self.end) - self.start + self.prefix;
        (map(s), map(e))
    }
}

const ELLIPSIS: &str = "...";

/// Cuts `line` to at most `room` characters around the columns
/// `first..last`, with "..." where text was left out, as rustc does.
pub fn shorten(line: &str, first: usize, last: usize, room: usize) -> Cut {
    let chars: Vec<char> = line.chars().collect();
    let len = chars.len();
    if len <= room {
        return Cut {
            text: line.to_string(),
            start: 0,
            end: len,
            prefix: 0,
        };
    }
    let available = room.saturating_sub(2 * ELLIPSIS.len()).max(1);
    let first = first.min(len);
    let last = last.clamp(first, len);
    let span = last - first;
    let (start, end) = if span >= available {
        (first, first + available)
    } else {
        // Some context on the left, the rest on the right, within the line.
        let left = ((available - span) / 3).min(first);
        let start = first - left;
        let end = (start + available).min(len);
        (end.saturating_sub(available), end)
    };
    let (start, end) = match (start == 0, end == len) {
        // Only one side cut: the other ellipsis's room is text.
        (true, false) => (0, (end + ELLIPSIS.len()).min(len)),
        (false, true) => (start.saturating_sub(ELLIPSIS.len()), len),
        _ => (start, end),
    };
    let mut text = String::new();
    let prefix = if start > 0 {
        text.push_str(ELLIPSIS);
        ELLIPSIS.len()
    } else {
        0
    };
    text.extend(&chars[start..end]);
    if end < len {
        text.push_str(ELLIPSIS);
    }
    Cut {
        text,
        start,
        end,
        prefix,
    }
}

/// Wraps `text` into lines for a terminal `width` wide: the first line
/// starts at column `first_indent`, the others at `indent` (the caller
/// writes the indentation). A word longer than a line is kept whole.
pub fn wrap(text: &str, width: usize, first_indent: usize, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = first_indent;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if !line.is_empty() && used + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            used = indent;
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += n;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words around findings, in one language.
pub struct Labels {
    pub error: &'static str,
    pub warning: &'static str,
    pub note: &'static str,
    pub help: &'static str,
    /// Before an article: "AVG art." / "GDPR Art.".
    pub law: &'static str,
    /// The label under a notice's title when elements are missing there.
    pub title: &'static str,
    pub not_a_notice: &'static str,
    pub not_judged: &'static str,
    pub assume_hint: &'static str,
    pub missing: &'static str,
    pub vague: &'static str,
    pub unclear: &'static str,
    /// Said once at the end when a rule's help was shown only at its first finding.
    pub help_elided: &'static str,
    lang: Language,
}

static NL: Labels = Labels {
    error: "fout",
    warning: "waarschuwing",
    note: "opmerking",
    help: "hulp",
    law: "AVG art.",
    title: "hier ontbreekt het",
    not_a_notice: "geen privacyverklaring, niet beoordeeld",
    not_judged: "niet beoordeeld",
    assume_hint: "--assume-notice beoordeelt het toch",
    missing: "ontbreken",
    vague: "vaag",
    unclear: "onduidelijk",
    help_elided:
        "De hulp bij een regel staat bij zijn eerste melding; `avglint explain REGEL` geeft \
                  haar met voorbeelden, --verbose bij elke melding.",
    lang: Language::Nl,
};

static EN: Labels = Labels {
    error: "error",
    warning: "warning",
    note: "note",
    help: "help",
    law: "GDPR Art.",
    title: "missing from here",
    not_a_notice: "not a privacy notice, not checked",
    not_judged: "not judged",
    assume_hint: "--assume-notice judges it anyway",
    missing: "missing",
    vague: "vague",
    unclear: "unclear",
    help_elided:
        "A rule's help is shown at its first finding; `avglint explain RULE` gives it with \
                  examples, --verbose at every finding.",
    lang: Language::En,
};

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

impl Labels {
    pub fn get(lang: Language) -> &'static Labels {
        match lang {
            Language::Nl => &NL,
            Language::En => &EN,
        }
    }

    pub fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.note,
        }
    }

    /// "12 of 16 elements addressed".
    pub fn addressed(&self, present: usize, of: usize) -> String {
        match self.lang {
            Language::Nl => format!("{present} van {of} elementen behandeld"),
            Language::En => format!("{present} of {of} elements addressed"),
        }
    }

    /// The message of the diagnostic that lists a file's missing elements.
    pub fn missing_header(&self, n: usize, of: usize) -> String {
        match self.lang {
            Language::Nl => {
                format!("de verklaring behandelt {n} van de {of} elementen van AVG art. 13/14 niet")
            }
            Language::En => {
                format!("the notice does not address {n} of the {of} elements of GDPR Art. 13/14")
            }
        }
    }

    /// The last line of a run: files, findings by severity, files not judged.
    pub fn total(
        &self,
        files: usize,
        [info, warning, error]: [usize; 3],
        not_notices: usize,
        unreadable: usize,
    ) -> String {
        let (mut line, mut extra) = match self.lang {
            Language::Nl => (
                format!(
                    "{} gecontroleerd: {}, {}, {}",
                    plural(files, "bestand", "bestanden"),
                    plural(error, "fout", "fouten"),
                    plural(warning, "waarschuwing", "waarschuwingen"),
                    plural(info, "opmerking", "opmerkingen"),
                ),
                vec![
                    (
                        not_notices,
                        plural(not_notices, "geen verklaring", "geen verklaring"),
                    ),
                    (unreadable, format!("{unreadable} niet te beoordelen")),
                ],
            ),
            Language::En => (
                format!(
                    "{} checked: {}, {}, {}",
                    plural(files, "file", "files"),
                    plural(error, "error", "errors"),
                    plural(warning, "warning", "warnings"),
                    plural(info, "note", "notes"),
                ),
                vec![
                    (not_notices, format!("{not_notices} not a notice")),
                    (unreadable, format!("{unreadable} not judged")),
                ],
            ),
        };
        extra.retain(|(n, _)| *n > 0);
        if !extra.is_empty() {
            let parts: Vec<String> = extra.into_iter().map(|(_, s)| s).collect();
            line.push_str(&format!(" ({})", parts.join(", ")));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_kept() {
        let c = shorten("abc", 0, 1, 10);
        assert_eq!(c.text, "abc");
        assert_eq!(c.columns(0, 1), (0, 1));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line: String = (0..200)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let c = shorten(&line, 100, 110, 40);
        assert!(c.text.chars().count() <= 40, "{}", c.text);
        assert!(c.text.starts_with("...") && c.text.ends_with("..."));
        let (s, e) = c.columns(100, 110);
        let shown: String = c.text.chars().skip(s).take(e - s).collect();
        assert_eq!(shown, line[100..110]);
    }

    #[test]
    fn a_span_longer_than_the_room_is_cut_too() {
        let line = "x".repeat(300);
        let c = shorten(&line, 0, 300, 50);
        assert!(c.text.chars().count() <= 50);
        let (s, e) = c.columns(0, 300);
        assert!(e <= 50 && s == 0);
    }

    #[test]
    fn wrap_respects_width_and_indents() {
        let lines = wrap("one two three four five six", 12, 4, 2);
        assert_eq!(lines, ["one two", "three four", "five six"]);
    }
}
