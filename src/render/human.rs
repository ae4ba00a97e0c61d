//! `--format human`: compiler-style diagnostics for people. The source line
//! of each finding is quoted (shortened around the span when it is longer
//! than the terminal, as rustc does), with the article and the help text;
//! the missing elements of a file are one diagnostic at its title that lists
//! them; a short per-file summary follows a file with findings. Labels and
//! summaries speak the notice's language (`--ui-language` overrides it).

use super::escape;
use super::text::{shorten, wrap, Labels};
use super::{Render, RenderOptions};
use crate::assessment::Status;
use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::lang::Language;
use crate::report::{FileKind, FileReport};
use codespan_reporting::term::termcolor::{Ansi, Color, ColorSpec, NoColor, WriteColor};
use std::io::{self, Write};

pub struct Human {
    color: bool,
    opts: RenderOptions,
    catalog: Catalog,
    counts: [usize; 3],
    files: usize,
    not_notices: usize,
    unreadable: usize,
    /// The language of every file so far, while they agree.
    language: Option<Option<Language>>,
    /// Rules whose help has been shown in this run (in the language shown):
    /// a rule's help is printed the first time it occurs, not at every file
    /// (`--verbose` prints it every time).
    helped: std::collections::HashSet<(String, Language)>,
    /// Some help was left out because it was shown before.
    elided: bool,
}

impl Human {
    pub fn new(color: bool) -> Human {
        Human::with(
            RenderOptions {
                color,
                ..RenderOptions::default()
            },
            Catalog::default(),
        )
    }

    pub fn with(opts: RenderOptions, catalog: Catalog) -> Human {
        Human {
            color: opts.color,
            opts,
            catalog,
            counts: [0; 3],
            files: 0,
            not_notices: 0,
            unreadable: 0,
            language: None,
            helped: std::collections::HashSet::new(),
            elided: false,
        }
    }

    /// Whether `rule`'s help is to be shown now: the first time in the run
    /// (per language), or always with `--verbose`.
    fn first_help(&mut self, rule: &str, lang: Language) -> bool {
        let first = self.helped.insert((rule.to_string(), lang));
        if !first && !self.opts.verbose {
            self.elided = true;
        }
        first || self.opts.verbose
    }

    fn lang(&self, report: &FileReport) -> Language {
        self.opts
            .ui_language
            .or(report.language)
            .unwrap_or(Language::En)
    }
}

/// The instruction of a help text, without its example sentence (that
/// is in `avglint explain`); the whole help when the instruction alone says
/// too little ("Add").
fn instruction(help: &str) -> &str {
    let cut = [", bijv.:", ", e.g.:", " bijv.:", " e.g.:"]
        .iter()
        .filter_map(|m| help.find(m))
        .min();
    match cut {
        Some(i) if help[..i].split_whitespace().count() >= 3 => &help[..i],
        _ => help,
    }
}

/// A finding of a missing element, listed in the file's one diagnostic at its title.
fn is_missing(report: &FileReport, f: &Finding) -> bool {
    f.check.is_none()
        && f.also.is_empty()
        && f.element
            .as_deref()
            .and_then(|e| report.element(e))
            .is_some_and(|e| e.status == Status::Absent)
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Green,
    }
}

/// Writes one diagnostic; `with` colours on or off.
struct Writer<'a> {
    w: Box<dyn WriteColor + 'a>,
    width: usize,
    labels: &'static Labels,
    /// Byte offset of each line start of the file being shown.
    starts: Vec<usize>,
}

/// Bytes of a line kept either side of its marks before it is shortened to
/// the terminal: more than any terminal shows, so a line of megabytes costs
/// what a short one does.
const WINDOW: usize = 4096;

/// A marked span on one line of the source.
struct Mark<'a> {
    start: usize,
    end: usize,
    primary: bool,
    message: &'a str,
}

impl Writer<'_> {
    fn styled(&mut self, spec: &ColorSpec, text: &str) -> io::Result<()> {
        self.w.set_color(spec)?;
        write!(self.w, "{text}")?;
        self.w.reset()
    }

    fn gutter_spec() -> ColorSpec {
        let mut s = ColorSpec::new();
        s.set_fg(Some(Color::Blue)).set_bold(true).set_intense(true);
        s
    }

    fn header(&mut self, severity: Severity, code: Option<&str>, message: &str) -> io::Result<()> {
        let mut spec = ColorSpec::new();
        spec.set_fg(Some(severity_color(severity)))
            .set_bold(true)
            .set_intense(true);
        let label = self.labels.severity(severity);
        let head = match code {
            Some(c) => format!("{label}[{c}]"),
            None => label.to_string(),
        };
        self.styled(&spec, &head)?;
        let mut bold = ColorSpec::new();
        bold.set_bold(true);
        // The first line holds the label; the rest of the message wraps under it.
        let lines = wrap(message, self.width, head.chars().count() + 2, 2);
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                self.styled(&bold, &format!(": {line}"))?;
            } else {
                self.styled(&bold, &format!("\n  {line}"))?;
            }
        }
        if lines.is_empty() {
            write!(self.w, ":")?;
        }
        writeln!(self.w)
    }

    /// `--> path:line:col`, the quoted lines with their marks, and the notes.
    fn body(
        &mut self,
        path: &str,
        at: Option<(usize, usize)>,
        source: &str,
        marks: &[Mark<'_>],
        notes: &[(String, String)],
    ) -> io::Result<()> {
        // Quoted lines: (line number, window of the line text, cut on the
        // left, cut on the right, marks on it as char columns in the window).
        let mut lines: Vec<(usize, &str, bool, bool, Vec<LineMark<'_>>)> = Vec::new();
        let mut by_line: Vec<(usize, usize, usize, Vec<&Mark<'_>>)> = Vec::new();
        for m in marks {
            let (n, line_start, line_end) = self.line_of(source, m.start);
            match by_line.iter_mut().find(|l| l.0 == n) {
                Some(l) => l.3.push(m),
                None => by_line.push((n, line_start, line_end, vec![m])),
            }
        }
        for (n, line_start, line_end, ms) in by_line {
            let first = ms.iter().map(|m| m.start).min().unwrap_or(line_start);
            let from = crate::source::floor_char_boundary(
                source,
                first.saturating_sub(WINDOW).max(line_start),
            );
            let to = ms
                .iter()
                .map(|m| m.end)
                .max()
                .unwrap_or(first)
                .min(first + 4 * WINDOW)
                .saturating_add(WINDOW)
                .min(line_end);
            let to = ceil_char_boundary(source, to.max(from));
            let text = source[from..to].trim_end_matches('\r');
            let marks: Vec<LineMark<'_>> = ms
                .iter()
                .filter(|m| m.start <= to)
                .map(|m| {
                    let s = source[from..m.start.clamp(from, to)].chars().count();
                    let end = m.end.clamp(m.start.clamp(from, to), to);
                    let e = s + source[m.start.clamp(from, to)..end].chars().count();
                    (s, e.max(s + 1), m.primary, m.message)
                })
                .collect();
            lines.push((n, text, from > line_start, to < line_end, marks));
        }
        lines.sort_by_key(|l| l.0);
        let digits = lines.last().map_or(1, |l| l.0.to_string().len());
        let pad = " ".repeat(digits);
        let g = Self::gutter_spec();
        let location = match at {
            Some((line, col)) => format!("{path}:{line}:{col}"),
            None => path.to_string(),
        };
        self.styled(&g, &format!("{pad}--> "))?;
        writeln!(self.w, "{location}")?;
        let room = self.width.saturating_sub(digits + 3).max(20);
        // Leave room for a short label after the underline.
        let label = marks
            .iter()
            .map(|m| m.message.chars().count())
            .max()
            .unwrap_or(0);
        let room = if label > 0 && label <= 30 && room - label > 40 {
            room - label - 1
        } else {
            room
        };
        let mut previous: Option<usize> = None;
        for (n, text, cut_left, cut_right, mut marks) in lines {
            if previous.is_some_and(|p| n > p + 1) {
                self.styled(&g, "...")?;
                writeln!(self.w)?;
            }
            previous = Some(n);
            marks.sort_by_key(|m| (!m.2, m.0));
            let (first, last) = marks
                .iter()
                .fold((usize::MAX, 0), |(a, b), m| (a.min(m.0), b.max(m.1)));
            let text = text.replace('\t', " ");
            let cut = shorten(&text, first, last, room).framed(cut_left, cut_right);
            self.styled(&g, &format!("{n:>digits$} | "))?;
            writeln!(self.w, "{}", cut.text)?;
            for (s, e, primary, message) in &marks {
                let (s, e) = cut.columns(*s, *e);
                let mut spec = ColorSpec::new();
                let ch = if *primary {
                    spec.set_fg(Some(Color::Red)).set_bold(true);
                    "^"
                } else {
                    spec.set_fg(Some(Color::Blue)).set_bold(true);
                    "-"
                };
                self.styled(&g, &format!("{pad} | "))?;
                write!(self.w, "{}", " ".repeat(s))?;
                let underline = ch.repeat(e.saturating_sub(s).max(1));
                // The label goes after the underline when it fits, else on its own line.
                let used = digits + 3 + e;
                if message.is_empty() {
                    self.styled(&spec, &underline)?;
                } else if used + 1 + message.chars().count() <= self.width {
                    self.styled(&spec, &format!("{underline} {message}"))?;
                } else {
                    self.styled(&spec, &underline)?;
                    writeln!(self.w)?;
                    for line in wrap(message, self.width, digits + 3 + s, digits + 3 + s) {
                        self.styled(&g, &format!("{pad} | "))?;
                        write!(self.w, "{}", " ".repeat(s))?;
                        self.styled(&spec, &line)?;
                        writeln!(self.w)?;
                    }
                    continue;
                }
                writeln!(self.w)?;
            }
        }
        for (label, text) in notes {
            self.styled(&g, &format!("{pad} = "))?;
            let mut bold = ColorSpec::new();
            bold.set_bold(true);
            let indent = digits + 3;
            let first = if label.is_empty() {
                String::new()
            } else {
                format!("{label}: ")
            };
            let lines = wrap(text, self.width, indent + first.chars().count(), indent + 2);
            self.styled(&bold, &first)?;
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    write!(self.w, "{}", " ".repeat(indent + 2))?;
                }
                writeln!(self.w, "{line}")?;
            }
            if lines.is_empty() {
                writeln!(self.w)?;
            }
        }
        writeln!(self.w)
    }
}

/// A mark on a quoted line: (start column, end column, primary, label).
type LineMark<'a> = (usize, usize, bool, &'a str);

impl Writer<'_> {
    /// (1-based line number, byte offset of its start, of its end) of the
    /// line holding `offset`, from the line index of the file.
    fn line_of(&self, source: &str, offset: usize) -> (usize, usize, usize) {
        let offset = offset.min(source.len());
        let i = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(i).copied().unwrap_or(0);
        let end = self
            .starts
            .get(i + 1)
            .map_or(source.len(), |&next| next.saturating_sub(1))
            .max(start);
        (i + 1, start, end)
    }
}

/// Byte offsets where the lines of `source` start.
fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

impl Render for Human {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.files += 1;
        let lang = self.lang(report);
        let labels = Labels::get(lang);
        self.language = match self.language {
            None => Some(report.language),
            Some(l) if l == report.language || report.language.is_none() => Some(l),
            Some(_) => Some(None),
        };
        for f in &report.findings {
            self.counts[f.severity as usize] += 1;
        }
        let quiet = self.opts.quiet;
        let mut w = Writer {
            w: if self.color {
                Box::new(Ansi::new(&mut *out))
            } else {
                Box::new(NoColor::new(&mut *out))
            },
            width: self.opts.width,
            labels,
            starts: Vec::new(),
        };
        // Names, text and messages from files are shown escaped (see `escape`):
        // a notice or a file name cannot move the cursor or forge a CI command.
        let path = escape::line(&report.path).into_owned();
        let shown = report
            .source
            .as_ref()
            .map(|s| escape::same_length(s.text()));
        let source: &str = shown.as_deref().unwrap_or("");
        w.starts = line_starts(source);
        match report.kind {
            FileKind::Error => {
                self.unreadable += 1;
                if report.findings.is_empty() {
                    if !quiet {
                        writeln!(
                            w.w,
                            "{}: {}: {}",
                            path,
                            labels.not_judged,
                            escape::line(report.error.as_deref().unwrap_or(""))
                        )?;
                    }
                    return Ok(());
                }
            }
            FileKind::NotANotice => {
                self.not_notices += 1;
                if report.findings.is_empty() {
                    if !quiet {
                        let why = crate::gate::not_a_notice_reason(report, lang).unwrap_or("");
                        writeln!(
                            w.w,
                            "{}: {} ({why}); {}",
                            path, labels.not_a_notice, labels.assume_hint
                        )?;
                    }
                    return Ok(());
                }
            }
            FileKind::Notice => {}
        }
        if !quiet {
            for warning in &report.warnings {
                w.header(
                    Severity::Warning,
                    None,
                    &format!("{path}: {}", escape::line(warning)),
                )?;
            }
        }
        let law = labels.law;
        let article = |a: &str| {
            if a.is_empty() {
                String::new()
            } else {
                format!("{law} {a}")
            }
        };
        // The title's one diagnostic: the missing elements, and any other
        // finding about the notice as a whole that points at its title.
        let title = report
            .findings
            .iter()
            .find(|f| is_missing(report, f))
            .map(|f| f.span.clone());
        let in_group = |f: &Finding| {
            is_missing(report, f)
                || (title.as_ref() == Some(&f.span) && f.related.is_empty() && f.element.is_some())
        };
        let group: Vec<&Finding> = report.findings.iter().filter(|f| in_group(f)).collect();
        let mut grouped = false;
        for f in &report.findings {
            if group.len() > 1 && in_group(f) {
                if grouped {
                    continue;
                }
                grouped = true;
                let severity = group.iter().map(|f| f.severity).max().unwrap_or(f.severity);
                let applicable = report
                    .elements
                    .iter()
                    .filter(|e| e.status != Status::NotApplicable)
                    .count();
                let absent = report
                    .elements
                    .iter()
                    .filter(|e| e.status == Status::Absent)
                    .filter(|e| group.iter().any(|g| g.element.as_ref() == Some(&e.element)))
                    .count();
                let message = labels.missing_header(absent, applicable);
                w.header(severity, None, &message)?;
                let mut notes: Vec<(String, String)> = Vec::new();
                for m in &group {
                    let element = m.element.as_deref().unwrap_or("");
                    let name = self
                        .catalog
                        .rules
                        .iter()
                        .find(|r| r.element.as_deref() == Some(element))
                        .map_or(element, |r| r.name.get(lang))
                        .to_string();
                    let art = if m.article.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", m.article)
                    };
                    // One line per element; what to add only the first time
                    // the rule occurs in the run.
                    let help = if self.first_help(&m.rule, lang) {
                        format!(": {}", instruction(&m.help))
                    } else {
                        String::new()
                    };
                    // A check's finding says more than the element's name.
                    let text = if is_missing(report, m) {
                        format!("{name} [{}]{art}{help}", m.rule)
                    } else {
                        format!("{name} [{}]{art}: {}{help}", m.rule, m.message)
                    };
                    notes.push((String::new(), text));
                }
                let l = report.location(&f.span);
                let marks = [Mark {
                    start: f.span.start,
                    end: f.span.end,
                    primary: true,
                    message: labels.title,
                }];
                w.body(&path, Some((l.line, l.column)), source, &marks, &notes)?;
                continue;
            }
            w.header(f.severity, Some(&f.rule), &escape::line(&f.message))?;
            let l = report.location(f.focus.as_ref().unwrap_or(&f.span));
            let art = article(&f.article);
            let mut marks = Vec::new();
            if report.source.is_some() {
                // A vague statement: its vague phrase is what is underlined.
                let at = f.focus.clone().unwrap_or_else(|| f.span.clone());
                marks.push(Mark {
                    start: at.start,
                    end: at.end,
                    primary: true,
                    message: &art,
                });
                marks.extend(f.related.iter().map(|r| Mark {
                    start: r.span.start,
                    end: r.span.end,
                    primary: false,
                    message: r.message.as_str(),
                }));
            }
            let at = (report.source.is_some()).then_some((l.line, l.column));
            let notes = if self.first_help(&f.rule, lang) {
                vec![(labels.help.to_string(), escape::line(&f.help).into_owned())]
            } else {
                Vec::new()
            };
            w.body(&path, at, source, &marks, &notes)?;
        }
        let show = !quiet && (self.opts.verbose || !report.findings.is_empty());
        if show && report.kind == FileKind::Notice {
            writeln!(w.w, "{path}: {}", labels.file_summary(report))?;
            if self.opts.verbose {
                let statuses: Vec<String> = report
                    .elements
                    .iter()
                    .map(|e| format!("{}={}", e.element, e.status.as_str()))
                    .collect();
                for line in wrap(&statuses.join(" "), self.opts.width, 2, 2) {
                    writeln!(w.w, "  {line}")?;
                }
            }
            writeln!(w.w)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.opts.quiet {
            return Ok(());
        }
        let lang = self
            .opts
            .ui_language
            .or(self.language.flatten())
            .unwrap_or(Language::En);
        let labels = Labels::get(lang);
        if self.elided {
            for line in wrap(labels.help_elided, self.opts.width, 0, 0) {
                writeln!(out, "{line}")?;
            }
        }
        writeln!(
            out,
            "{}",
            labels.total(self.files, self.counts, self.not_notices, self.unreadable)
        )
    }
}

impl Labels {
    fn file_summary(&self, report: &FileReport) -> String {
        let count = |s: Status| report.elements.iter().filter(|e| e.status == s).count();
        let applicable = report.elements.len() - count(Status::NotApplicable);
        let mut parts = vec![self.addressed(count(Status::Present), applicable)];
        for (status, word) in [
            (Status::Absent, self.missing),
            (Status::Vague, self.vague),
            (Status::Unclear, self.unclear),
        ] {
            let n = count(status);
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        parts.join("; ")
    }
}
