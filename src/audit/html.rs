//! `audit --html`: one self-contained page (inline CSS, SVG and script, no
//! external assets) an auditor can hand over: a header (title, client, scope,
//! date, versions, configuration, method, disclaimer), the summary with a
//! per-element chart, the coverage matrix with filters, search and sorting,
//! per-file details on demand, and a print layout; in Dutch or English.
//!
//! It stays small and quick for ten thousand files: the matrix is a compact
//! JSON array the script draws a screenful at a time, and the per-file
//! details (evidence, findings) are JSON, gzip-compressed and base64-encoded,
//! unpacked by the browser's own `DecompressionStream` when first needed.
//! Rows and details stream to anonymous temporary files as reports arrive,
//! so memory stays flat; repeated texts (rule ids, messages, help) are
//! stored once. Text from a file reaches the page only as JSON in a script
//! element (with `<` escaped) or HTML-escaped.

use super::csv::clip;
use super::meta::{labels, organisation_text, reason_text, Labels, ReportMeta};
use super::out::{self, Output};
use super::summary::percent;
use super::{Row, Summary, STATUSES};
use crate::lang::Language;
use crate::report::FileReport;
use crate::rules::ELEMENTS;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::Path;

/// Status colours, in [`STATUSES`] order.
const COLOURS: [&str; 5] = ["#2e7d32", "#f9a825", "#c62828", "#9e9e9e", "#6a1b9a"];
/// Colours of the file kinds: notice, not a notice, unreadable.
const KIND_COLOURS: [&str; 3] = ["#1565c0", "#90a4ae", "#37474f"];
/// Evidence spans quoted per element in the details, and their length.
const QUOTES_PER_ELEMENT: usize = 2;
const QUOTE_CHARS: usize = 160;

pub struct HtmlReport {
    target: Output,
    rows: BufWriter<File>,
    details: GzEncoder<BufWriter<File>>,
    strings: Interner,
    n: usize,
}

/// Texts stored once, referred to by index.
#[derive(Default)]
struct Interner {
    index: HashMap<String, usize>,
    list: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// JSON for inside a `<script>` element: no `<` can end it.
fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

fn kind_index(kind: &str) -> usize {
    match kind {
        "notice" => 0,
        "not_a_notice" => 1,
        _ => 2,
    }
}

impl HtmlReport {
    pub fn create(path: &Path) -> io::Result<HtmlReport> {
        let mut details =
            GzEncoder::new(BufWriter::new(tempfile::tempfile()?), Compression::best());
        details.write_all(b"[")?;
        Ok(HtmlReport {
            target: Output::create(path)?,
            rows: BufWriter::new(tempfile::tempfile()?),
            details,
            strings: Interner::default(),
            n: 0,
        })
    }

    /// Adds one file's matrix row and details.
    pub fn file(&mut self, row: &Row, report: &FileReport) -> io::Result<()> {
        let sep = if self.n == 0 { "" } else { ",\n" };
        self.n += 1;
        let statuses: String = row
            .statuses
            .iter()
            .map(|s| s.map_or('9', |i| char::from(b'0' + i as u8)))
            .collect();
        let [info, warning, error] = row.findings;
        let controller = report
            .controller
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let r = json!([
            row.path,
            kind_index(row.kind),
            row.language,
            row.organisation,
            row.format,
            statuses,
            error,
            warning,
            info,
            row.reason,
            row.error.as_deref().unwrap_or_default(),
            controller,
            row.notice_kind,
        ]);
        write!(self.rows, "{sep}{}", script_json(&r))?;

        let mut elements = Vec::new();
        for el in &report.elements {
            let Some(e) = ELEMENTS.iter().position(|id| *id == el.element) else {
                continue;
            };
            let k = STATUSES
                .iter()
                .position(|x| *x == el.status.as_str())
                .unwrap_or(4);
            let quotes: Vec<Value> = el
                .evidence
                .iter()
                .take(QUOTES_PER_ELEMENT)
                .map(|span| {
                    let at = report.location(span);
                    let text = report
                        .source
                        .as_ref()
                        .map(|src| src.file_slice(span.start, span.end))
                        .unwrap_or_default();
                    json!([at.line, clip(text.trim(), QUOTE_CHARS)])
                })
                .collect();
            let more = el.evidence.len().saturating_sub(QUOTES_PER_ELEMENT);
            elements.push(json!([e, k, quotes, more]));
        }
        let findings: Vec<Value> = report
            .findings
            .iter()
            .map(|f| {
                let at = report.location(&f.span);
                let element = f
                    .element
                    .as_deref()
                    .and_then(|id| ELEMENTS.iter().position(|x| *x == id))
                    .map_or(-1, |i| i as i64);
                json!([
                    f.severity as usize,
                    self.strings.id(&f.rule),
                    at.line,
                    self.strings.id(&f.message),
                    self.strings.id(&f.help),
                    element,
                    self.strings.id(&f.article),
                ])
            })
            .collect();
        let d = json!({
            "e": elements,
            "f": findings,
            "w": report.warnings,
        });
        write!(self.details, "{sep}{}", d)
    }

    /// Writes the page: header, summary and chart, then the data and the script.
    pub fn finish(mut self, summary: &Summary, meta: &ReportMeta) -> io::Result<()> {
        let lang = meta.language.unwrap_or_else(|| summary.majority_language());
        let l = labels(lang);
        let mut out = self.target.writer()?;
        let title = meta.title(lang);
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{}\n<meta name=\"avglint-version\" content=\"{}\">\n<title>{}</title>\n<style>{STYLE}</style></head><body>\n",
            l.lang,
            crate::output::HTML_MARKER,
            meta.tool_version,
            esc(&title)
        )?;
        out.write_all(header(summary, meta, l, &title).as_bytes())?;
        out.write_all(summary_section(summary, meta, l, lang).as_bytes())?;
        out.write_all(matrix_section(meta, l, lang).as_bytes())?;
        out.write_all(b"<section id=detail class=screen aria-live=polite></section>\n<section id=print></section>\n")?;

        let ui = ui_strings(summary, meta, lang);
        writeln!(
            out,
            "<script type=\"application/json\" id=ui>{}</script>",
            script_json(&ui)
        )?;
        out.write_all(b"<script type=\"application/json\" id=rows>[")?;
        copy(self.rows, &mut out)?;
        out.write_all(b"]</script>\n")?;
        writeln!(
            out,
            "<script type=\"application/json\" id=strings>{}</script>",
            script_json(&json!(self.strings.list))
        )?;
        self.details.write_all(b"]")?;
        let details = self.details.finish()?;
        out.write_all(b"<script type=\"application/octet-stream\" id=details data-encoding=\"gzip+base64\">\n")?;
        base64_copy(details, &mut out)?;
        out.write_all(b"</script>\n<script>")?;
        out.write_all(SCRIPT.as_bytes())?;
        out.write_all(b"</script>\n</body></html>\n")?;
        out::finish(out, self.target)
    }
}

fn copy(buf: BufWriter<File>, out: &mut impl Write) -> io::Result<()> {
    let mut file = buf.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    io::copy(&mut file, out)?;
    Ok(())
}

/// Copies the file as base64, in lines of 1,024 characters.
fn base64_copy(buf: BufWriter<File>, out: &mut impl Write) -> io::Result<()> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut file = buf.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    let mut file = io::BufReader::new(file);
    // 768 bytes make 1,024 characters: whole groups of three, so only the last line pads.
    let mut chunk = [0u8; 768];
    let mut line = Vec::with_capacity(1025);
    loop {
        let mut n = 0;
        while n < chunk.len() {
            match file.read(&mut chunk[n..])? {
                0 => break,
                k => n += k,
            }
        }
        if n == 0 {
            break;
        }
        line.clear();
        for g in chunk[..n].chunks(3) {
            let b = [g[0], *g.get(1).unwrap_or(&0), *g.get(2).unwrap_or(&0)];
            let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
                if k <= g.len() {
                    line.push(ALPHABET[((v >> shift) & 63) as usize]);
                } else {
                    line.push(b'=');
                }
            }
        }
        line.push(b'\n');
        out.write_all(&line)?;
        if n < chunk.len() {
            break;
        }
    }
    Ok(())
}

fn header(summary: &Summary, meta: &ReportMeta, l: &Labels, title: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<header id=top>\n<h1>{}</h1>\n<dl class=meta>\n",
        esc(title)
    );
    if let Some(c) = &meta.client {
        let _ = writeln!(s, "<dt>{}</dt><dd id=client>{}</dd>", l.client, esc(c));
    }
    let _ = writeln!(s, "<dt>{}</dt><dd id=date>{}</dd>", l.date, esc(&meta.date));
    let formats: Vec<String> = summary
        .by_format
        .iter()
        .map(|(f, n)| format!("{n} {}", esc(f)))
        .collect();
    let _ = writeln!(
        s,
        "<dt>{}</dt><dd id=scope>{}: {}<br>{} {}: {}</dd>",
        l.scope,
        l.folders,
        meta.roots
            .iter()
            .map(|r| format!("<code>{}</code>", esc(r)))
            .collect::<Vec<_>>()
            .join(", "),
        summary.files,
        l.files,
        if formats.is_empty() {
            l.none.to_string()
        } else {
            formats.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "<dt>{}</dt><dd id=tool>avglint {}, {} <code>{}</code></dd>",
        l.tool,
        esc(meta.tool_version),
        l.rule_set,
        esc(&meta.rules_version)
    );
    let _ = write!(s, "<dt>{}</dt><dd id=config>", l.configuration);
    if meta.config.is_empty() {
        s.push_str(l.none);
    } else {
        let items: Vec<String> = meta
            .config
            .iter()
            .map(|(k, v)| format!("<code>{}</code> {}", esc(k), esc(v)))
            .collect();
        s.push_str(&items.join("; "));
    }
    s.push_str("</dd>\n</dl>\n");
    let _ = write!(
        s,
        "<div class=notes><section id=method><h2>{}</h2><p>{}</p></section>\n<section id=disclaimer><h2>{}</h2><p>{}</p></section></div>\n</header>\n",
        l.method, l.method_text, l.disclaimer, l.disclaimer_text
    );
    s
}

fn summary_section(summary: &Summary, meta: &ReportMeta, l: &Labels, lang: Language) -> String {
    let mut s = format!("<section id=summary>\n<h2>{}</h2>\n", l.summary);
    let _ = writeln!(
        s,
        "<p class=totals><b>{}</b> {}: <b>{}</b> {}, <b>{}</b> {}, <b>{}</b> {}. {}: <b>{}</b> {}, <b>{}</b> {}, <b>{}</b> {}.</p>",
        summary.files,
        l.files,
        summary.notices,
        l.notices,
        summary.not_notices,
        l.not_notices,
        summary.errors,
        l.errors,
        l.findings,
        summary.findings[2],
        l.severities_counted[2],
        summary.findings[1],
        l.severities_counted[1],
        summary.findings[0],
        l.severities_counted[0],
    );
    s.push_str(&chart(summary, meta, l, lang));
    s.push_str(&element_table(summary, meta, l, lang));
    s.push_str(&group_tables(summary, l, lang));
    if !summary.reasons.is_empty() {
        let _ = write!(
            s,
            "<h3>{}</h3>\n<table class=sum id=reasons><tr><th>{}</th><th>{}</th></tr>\n",
            l.reasons, l.reason, l.files
        );
        for (code, n) in &summary.reasons {
            let _ = writeln!(
                s,
                "<tr><td title=\"{}\">{}</td><td>{n}</td></tr>",
                esc(code),
                reason_text(code, lang)
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("</section>\n");
    s
}

/// Stacked horizontal bars: the files by kind, then per element how many
/// notices have each status. The legends are HTML below, never on the bars.
fn chart(summary: &Summary, meta: &ReportMeta, l: &Labels, lang: Language) -> String {
    // Room for the longest plain name ("Contactgegevens van de functionaris
    // gegevensbescherming", about 370 px at 12 px) before its bar.
    let (label_w, bar_w, row_h) = (400.0, 480.0, 22.0);
    let rows = ELEMENTS.len() as f64 + 1.5;
    let height = row_h * rows;
    let w = label_w + bar_w + 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<h3>{}</h3>\n<figure class=chart><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\" aria-label=\"{}\">\n",
        l.elements, l.elements
    );
    let bar = |s: &mut String,
               y: f64,
               label: &str,
               tip: &str,
               counts: &[usize],
               colours: &[&str],
               names: &[&str],
               rate: &str| {
        let total: usize = counts.iter().sum();
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\"><title>{}</title>{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(tip),
            esc(label)
        );
        let mut x = label_w;
        for (k, &c) in counts.iter().enumerate() {
            if c == 0 || total == 0 {
                continue;
            }
            let w = bar_w * c as f64 / total as f64;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {c} {}</title></rect>",
                y + 3.0,
                row_h - 6.0,
                colours[k],
                esc(label),
                names[k]
            );
            x += w;
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{rate}</text>",
            label_w + bar_w + 6.0,
            y + 15.0,
        );
    };
    let kinds = [summary.notices, summary.not_notices, summary.errors];
    let files_label = format!("{} ({})", l.files, summary.files);
    bar(
        &mut s,
        0.0,
        &files_label,
        l.files,
        &kinds,
        &KIND_COLOURS,
        &l.kinds,
        "",
    );
    for (e, name) in meta.elements.iter().enumerate() {
        let y = (e as f64 + 1.5) * row_h;
        bar(
            &mut s,
            y,
            name.name(lang),
            &format!("{} · {}", name.id, name.article),
            &summary.elements[e],
            &COLOURS,
            &l.statuses,
            &percent(summary.pass_rate(e)),
        );
    }
    s.push_str("</svg>\n<figcaption class=legend>");
    for (k, name) in l.kinds.iter().enumerate() {
        let _ = write!(
            s,
            "<span><i style=\"background:{}\"></i>{name}</span>",
            KIND_COLOURS[k]
        );
    }
    s.push_str("<br>");
    for (k, name) in l.statuses.iter().enumerate() {
        let _ = write!(
            s,
            "<span><i style=\"background:{}\"></i>{name}</span>",
            COLOURS[k]
        );
    }
    s.push_str("</figcaption></figure>\n");
    s
}

fn element_table(summary: &Summary, meta: &ReportMeta, l: &Labels, lang: Language) -> String {
    let mut s = format!(
        "<table class=sum id=elements><thead><tr><th>{}</th><th>{}</th>",
        l.element, l.article
    );
    for st in l.statuses {
        let _ = write!(s, "<th>{st}</th>");
    }
    let _ = writeln!(s, "<th>{}</th></tr></thead><tbody>", l.pass_rate);
    for (e, name) in meta.elements.iter().enumerate() {
        let c = &summary.elements[e];
        let _ = write!(
            s,
            "<tr><td title=\"{}\">{}</td><td>{}</td>",
            name.id,
            esc(name.name(lang)),
            esc(&name.article)
        );
        for n in c {
            let _ = write!(s, "<td>{n}</td>");
        }
        let _ = writeln!(s, "<td>{}</td></tr>", percent(summary.pass_rate(e)));
    }
    let _ = writeln!(
        s,
        "</tbody></table>\n<p class=hint>{}</p>",
        l.pass_rate_hint
    );
    s
}

fn group_tables(summary: &Summary, l: &Labels, lang: Language) -> String {
    let mut s = format!(
        "<div class=groups><table class=sum><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        l.language, l.files, l.notices, l.coverage
    );
    for (k, g) in &summary.by_language {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(k),
            g.files,
            g.notices,
            percent(g.coverage())
        );
    }
    let _ = writeln!(
        s,
        "</table><table class=sum><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        l.organisation, l.notices, l.coverage
    );
    for (k, g) in &summary.by_organisation {
        let _ = writeln!(
            s,
            "<tr><td title=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(k),
            esc(&organisation_text(k, lang)),
            g.notices,
            percent(g.coverage())
        );
    }
    let _ = writeln!(s, "</table></div>\n<p class=hint>{}</p>", l.coverage_hint);
    s
}

/// The matrix's frame; the script fills the body and the filter choices.
fn matrix_section(meta: &ReportMeta, l: &Labels, lang: Language) -> String {
    let nl = lang == Language::Nl;
    let mut s = format!(
        "<section id=matrix-section class=screen>\n<h2>{}</h2>\n",
        l.matrix
    );
    let _ = write!(
        s,
        "<div id=filters role=search>\
<input id=q type=search placeholder=\"{}\" aria-label=\"{}\">\
<label>{} <select id=fe><option value=-1>{}</option>",
        if nl {
            "Zoek in pad, organisatie, reden"
        } else {
            "Search path, organisation, reason"
        },
        if nl { "zoeken" } else { "search" },
        l.element,
        if nl { "elk" } else { "any" },
    );
    for (e, name) in meta.elements.iter().enumerate() {
        let _ = write!(s, "<option value={e}>{}</option>", esc(name.name(lang)));
    }
    let _ = write!(
        s,
        "</select></label><label>status <select id=fs><option value=\"\">{}</option>",
        if nl { "alle" } else { "all" }
    );
    for (k, st) in l.statuses.iter().enumerate() {
        let _ = write!(s, "<option value={k}>{st}</option>");
    }
    let _ = write!(
        s,
        "</select></label><label>{} <select id=fl><option value=\"\">{}</option></select></label>\
<label>{} <select id=fo><option value=\"\">{}</option></select></label>\
<label>{} <select id=fk><option value=\"\">{}</option>",
        l.language,
        if nl { "alle" } else { "all" },
        l.organisation,
        if nl { "alle" } else { "all" },
        l.kind,
        if nl { "alle" } else { "all" },
    );
    for (k, name) in l.kinds.iter().enumerate() {
        let _ = write!(s, "<option value={k}>{name}</option>");
    }
    let _ = writeln!(
        s,
        "</select></label><label><input id=fx type=checkbox> {}</label> <output id=count></output> <button id=printall type=button>{}</button></div>",
        if nl { "alleen met fouten" } else { "errors only" },
        if nl { "Afdrukken met details" } else { "Print with details" },
    );
    let _ = write!(
        s,
        "<p class=hint id=sorted></p>\n<div id=mwrap tabindex=0><table id=matrix><thead><tr>\
<th data-c=0 aria-sort=ascending>{}</th><th data-c=1>{}</th><th data-c=2>{}</th><th data-c=3>{}</th><th data-c=4>{}</th>",
        l.path,
        l.kind,
        if nl { "taal" } else { "lang" },
        l.organisation,
        l.coverage
    );
    for (e, name) in meta.elements.iter().enumerate() {
        let _ = write!(
            s,
            "<th class=v data-c={} title=\"{} — {} · {} {}\"><span>{}</span></th>",
            e + 5,
            esc(name.name(lang)),
            name.id,
            if nl { "art." } else { "Art." },
            esc(&name.article),
            esc(name.name(lang))
        );
    }
    let _ = writeln!(
        s,
        "<th data-c={} title=\"{}\">{}</th></tr></thead><tbody></tbody></table></div>",
        ELEMENTS.len() + 5,
        l.severities[2],
        if nl { "fouten" } else { "errors" }
    );
    s.push_str("<p class=\"hint legend\">");
    for (k, st) in l.statuses.iter().enumerate() {
        let _ = write!(s, "<span><b class=s{k}>{}</b> {st}</span> ", LETTERS[k]);
    }
    s.push_str("</p>\n</section>\n");
    s
}

/// One-letter cell labels, in [`STATUSES`] order.
const LETTERS: [&str; 5] = ["✓", "~", "✗", "–", "?"];

/// The words and tables the script needs.
fn ui_strings(summary: &Summary, meta: &ReportMeta, lang: Language) -> Value {
    let l = labels(lang);
    let nl = lang == Language::Nl;
    let mut reasons = serde_json::Map::new();
    for code in summary.reasons.keys() {
        reasons.insert(code.clone(), json!(reason_text(code, lang)));
    }
    let orgs: serde_json::Map<String, Value> =
        ["public_authority", "company", "nonprofit", "unknown"]
            .iter()
            .map(|c| (c.to_string(), json!(organisation_text(c, lang))))
            .collect();
    json!({
        "statuses": l.statuses,
        "letters": LETTERS,
        "kinds": l.kinds,
        "severities": l.severities,
        "elements": meta.elements.iter().map(|e| json!([e.id, e.name(lang), e.article])).collect::<Vec<_>>(),
        "reasons": reasons,
        "orgs": orgs,
        "count": if nl { "{n} van {t} bestanden" } else { "{n} of {t} files" },
        "sorted": if nl { "Gesorteerd op {c}, {d}. Klik op een kolomkop om te sorteren." } else { "Sorted by {c}, {d}. Click a column header to sort." },
        "asc": if nl { "oplopend" } else { "ascending" },
        "desc": if nl { "aflopend" } else { "descending" },
        "evidence": if nl { "Onderbouwing" } else { "Evidence" },
        "line": if nl { "regel" } else { "line" },
        "more": if nl { "en {n} meer" } else { "and {n} more" },
        "findings": l.findings,
        "element": l.element,
        "article": l.article,
        "status": "status",
        "loading": if nl { "Details laden…" } else { "Loading details…" },
        "nodetails": if nl { "Deze browser kan de details niet uitpakken." } else { "This browser cannot unpack the details." },
        "controller": if nl { "Verwerkingsverantwoordelijke" } else { "Controller" },
        "reason": l.reason,
        "warnings": if nl { "Waarschuwingen bij het lezen" } else { "Reading warnings" },
    })
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub const STYLE: &str = include_str!("report.css");
pub const SCRIPT: &str = include_str!("report.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!(["</script><b>"]);
        assert!(!script_json(&v).contains('<'));
    }

    #[test]
    fn base64_matches_the_standard() {
        for (input, want) in [
            (&b""[..], ""),
            (b"f", "Zg==\n"),
            (b"fo", "Zm8=\n"),
            (b"foo", "Zm9v\n"),
            (b"foob", "Zm9vYg==\n"),
        ] {
            let mut buf = BufWriter::new(tempfile::tempfile().unwrap());
            buf.write_all(input).unwrap();
            let mut out = Vec::new();
            base64_copy(buf, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
        // Whole lines of 1,024 characters, padding only at the end.
        let mut buf = BufWriter::new(tempfile::tempfile().unwrap());
        buf.write_all(&[7u8; 1000]).unwrap();
        let mut out = Vec::new();
        base64_copy(buf, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].len(), 1024);
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].contains('='));
    }
}
