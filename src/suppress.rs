//! Inline suppressions that state their reason, found in the decoded source
//! text (comments are not part of the document model):
//!
//! ```text
//! <!-- avglint-disable-file ID[, ID]: reason -->       the whole file
//! <!-- avglint-disable ID: reason -->                  from here ...
//! <!-- avglint-enable ID -->                           ... to here (or the end)
//! <!-- avglint-disable-next-line ID: reason -->        the next non-blank line
//! # avglint-disable-file ID: reason                    the same in TOML, YAML, text
//! ```
//!
//! ID is a rule, element or check id. A suppression without a reason is not
//! applied and is reported (`suppression-without-reason`); an id that
//! suppresses nothing is reported too (`unused-suppression`). Both rules are
//! documented in `rules/own.toml`.

use crate::catalog::Catalog;
use crate::document::Span;
use crate::finding::Finding;
use crate::lang::Language;
use crate::report::{FileKind, FileReport};
use regex::Regex;
use std::sync::LazyLock;

/// Rule id: a suppression that gives no reason.
pub const WITHOUT_REASON: &str = "suppression-without-reason";
/// Rule id: a suppression that silences nothing.
pub const UNUSED: &str = "unused-suppression";

/// Where a directive applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    File,
    /// From the directive to the matching `avglint-enable`.
    Disable,
    Enable,
    NextLine,
}

/// One `avglint-…` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub scope: Scope,
    pub ids: Vec<String>,
    /// The trimmed text after `:`; `None` when there is none or it is empty.
    pub reason: Option<String>,
    /// The comment in the decoded text.
    pub span: Span,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(<!--|#)[ \t]*avglint-(disable-file|disable-next-line|disable|enable)\b")
        .expect("static regex")
});

/// Every directive in a text, in order. Several on one line are each their
/// own directive: one ends where the next begins, so spans never overlap.
pub fn parse(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let found: Vec<_> = DIRECTIVE.captures_iter(text).collect();
    for (n, caps) in found.iter().enumerate() {
        let (Some(whole), Some(opener), Some(kind)) = (caps.get(0), caps.get(1), caps.get(2))
        else {
            continue;
        };
        let next = found
            .get(n + 1)
            .and_then(|c| c.get(0))
            .map_or(text.len(), |m| m.start());
        let line_end = text[whole.end()..next]
            .find('\n')
            .map_or(next, |i| whole.end() + i);
        let rest = &text[whole.end()..line_end];
        let (body, end) = match (opener.as_str(), rest.find("-->")) {
            ("<!--", Some(i)) => (&rest[..i], whole.end() + i + 3),
            _ => (rest, line_end),
        };
        let body = body.trim_end_matches('\r');
        let (ids, reason) = match body.split_once(':') {
            Some((ids, reason)) => (ids, Some(reason.trim())),
            None => (body, None),
        };
        let scope = match kind.as_str() {
            "disable-file" => Scope::File,
            "disable-next-line" => Scope::NextLine,
            "disable" => Scope::Disable,
            _ => Scope::Enable,
        };
        out.push(Directive {
            scope,
            ids: ids
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            reason: reason.filter(|r| !r.is_empty()).map(str::to_owned),
            span: whole.start()..end,
        });
    }
    out
}

/// The text with every directive blanked out (same length, so spans stay
/// valid): a directive's words must never count as the notice's own text.
pub fn mask(text: &str) -> std::borrow::Cow<'_, str> {
    let directives = parse(text);
    if directives.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for d in &directives {
        out.push_str(&text[pos..d.span.start]);
        for c in text[d.span.clone()].chars() {
            // Keep line breaks; every other character becomes spaces of its UTF-8 width.
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        pos = d.span.end;
    }
    out.push_str(&text[pos..]);
    std::borrow::Cow::Owned(out)
}

/// Applies the file's directives to its findings: drops suppressed findings
/// and adds findings about reasonless and unused suppressions.
pub fn apply(report: &mut FileReport, catalog: &Catalog) {
    if report.kind != FileKind::Notice {
        return;
    }
    let Some(src) = report.source.clone() else {
        return;
    };
    let text = src.text();
    let directives = parse(text);
    if directives.is_empty() {
        return;
    }
    let lang_en = report.language != Some(Language::Nl);
    let line_of = |offset: usize| src.line_col(offset).0;
    let last_line = line_of(text.len());

    // Active directives with their line ranges, one per (directive, id).
    struct Active {
        directive: usize,
        id: String,
        lines: (usize, usize),
        used: bool,
    }
    let mut active: Vec<Active> = Vec::new();
    let mut extra: Vec<(Span, &'static str, String)> = Vec::new();
    // The next content line after a line, remembered: many directives on
    // one long line would otherwise each scan it to its end.
    let mut next_line_memo: Option<(usize, usize)> = None;
    for (i, d) in directives.iter().enumerate() {
        let line = line_of(d.span.start);
        if d.ids.is_empty() {
            extra.push((
                d.span.clone(),
                UNUSED,
                if lang_en {
                    "This avglint directive names no rule, element or check id.".into()
                } else {
                    "Deze avglint-opdracht noemt geen regel-, element- of controle-id.".into()
                },
            ));
            continue;
        }
        if d.scope == Scope::Enable {
            for id in &d.ids {
                let open = active.iter_mut().rev().find(|a| {
                    &a.id == id
                        && directives[a.directive].scope == Scope::Disable
                        && a.lines.1 == last_line
                        && a.lines.0 <= line
                });
                match open {
                    Some(a) => a.lines.1 = line,
                    None => extra.push((
                        d.span.clone(),
                        UNUSED,
                        if lang_en {
                            format!("`avglint-enable {id}` closes no open `avglint-disable {id}`.")
                        } else {
                            format!("`avglint-enable {id}` sluit geen open `avglint-disable {id}`.")
                        },
                    )),
                }
            }
            continue;
        }
        if d.reason.is_none() {
            extra.push((
                d.span.clone(),
                WITHOUT_REASON,
                if lang_en {
                    format!(
                        "The suppression of {} gives no reason, so it is not applied.",
                        d.ids.join(", ")
                    )
                } else {
                    format!(
                        "De onderdrukking van {} geeft geen reden en wordt daarom niet toegepast.",
                        d.ids.join(", ")
                    )
                },
            ));
            continue;
        }
        let lines = match d.scope {
            Scope::File => (1, last_line),
            Scope::Disable => (line, last_line),
            _ => {
                let end_line = line_of(d.span.end);
                let next = match next_line_memo {
                    Some((l, next)) if l == end_line => next,
                    _ => {
                        let next =
                            next_content_line(text, d.span.end).map_or(last_line + 1, line_of);
                        next_line_memo = Some((end_line, next));
                        next
                    }
                };
                (next, next)
            }
        };
        for id in &d.ids {
            active.push(Active {
                directive: i,
                id: id.clone(),
                lines,
                used: false,
            });
        }
    }

    let lines: Vec<(usize, usize)> = report
        .findings
        .iter()
        .map(|f| report.lines(&f.span))
        .collect();
    let mut lines = lines.into_iter();
    report.findings.retain(|f| {
        let (first, last) = lines.next().unwrap_or((0, 0));
        let mut suppressed = false;
        for a in active.iter_mut() {
            if f.names(&a.id) && first <= a.lines.1 && a.lines.0 <= last {
                a.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });

    for a in active.iter().filter(|a| !a.used) {
        let known = catalog.knows(&a.id);
        let message = match (known, lang_en) {
            (true, true) => format!("The suppression of `{}` silences no finding.", a.id),
            (true, false) => format!("De onderdrukking van `{}` onderdrukt geen melding.", a.id),
            (false, true) => format!("`{}` is no rule, element or check id.", a.id),
            (false, false) => format!("`{}` is geen regel-, element- of controle-id.", a.id),
        };
        extra.push((directives[a.directive].span.clone(), UNUSED, message));
    }

    for (span, rule, message) in extra {
        let Some(info) = catalog.rule(rule) else {
            continue;
        };
        let help = if lang_en {
            &info.help.en
        } else {
            &info.help.nl
        };
        report.findings.push(Finding {
            rule: rule.to_owned(),
            element: None,
            check: None,
            severity: info.severity,
            article: String::new(),
            message,
            help: help.clone(),
            span,
            related: Vec::new(),
            also: Vec::new(),
            focus: None,
        });
    }
    report
        .findings
        .sort_by(|x, y| (x.span.start, &x.rule).cmp(&(y.span.start, &y.rule)));
}

/// Start of the first line after `offset`'s line that has non-blank text.
fn next_content_line(text: &str, offset: usize) -> Option<usize> {
    let mut pos = offset + text[offset..].find('\n')? + 1;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if !text[pos..end].trim().is_empty() {
            return Some(pos);
        }
        pos = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_html_and_hash_directives() {
        let text = "<!-- avglint-disable-file dpo_contact, retention: not required -->\n\
                    # avglint-disable-next-line vague-retention\n\
                    <!-- avglint-enable retention -->\n";
        let d = parse(text);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].scope, Scope::File);
        assert_eq!(d[0].ids, ["dpo_contact", "retention"]);
        assert_eq!(d[0].reason.as_deref(), Some("not required"));
        assert_eq!(
            &text[d[0].span.clone()],
            "<!-- avglint-disable-file dpo_contact, retention: not required -->"
        );
        assert_eq!(d[1].scope, Scope::NextLine);
        assert_eq!(d[1].reason, None);
        assert_eq!(d[2].scope, Scope::Enable);
        assert_eq!(d[2].ids, ["retention"]);
    }

    #[test]
    fn mask_keeps_length_and_other_text() {
        let directive = "# avglint-disable-file dpo_contact: no DPO née";
        let text = format!("a\n{directive}\nb");
        let masked = mask(&text);
        assert_eq!(masked, format!("a\n{}\nb", " ".repeat(directive.len())));
    }

    #[test]
    fn several_directives_on_one_line_do_not_overlap() {
        for text in [
            "# avglint-disable-file x # avglint-enable y\n",
            "<!-- avglint-disable a: r <!-- avglint-enable a -->",
            "# avglint-disable a: one # avglint-disable-next-line b: two # avglint-enable",
        ] {
            let d = parse(text);
            assert!(d.len() >= 2, "{text:?}");
            for pair in d.windows(2) {
                assert!(pair[0].span.end <= pair[1].span.start, "{text:?}: {d:?}");
            }
            assert_eq!(mask(text).len(), text.len());
        }
        let d = parse("# avglint-disable-file x # avglint-enable y");
        assert_eq!(d[0].ids, ["x"]);
        assert_eq!(d[1].scope, Scope::Enable);
        assert_eq!(d[1].ids, ["y"]);
    }

    #[test]
    fn empty_reason_counts_as_none() {
        let d = parse("<!-- avglint-disable retention:   -->");
        assert_eq!(d[0].reason, None);
    }

    #[test]
    fn next_content_line_skips_blank_lines() {
        let text = "a\n\n  \nb\n";
        assert_eq!(next_content_line(text, 0), Some(6));
    }
}
