//! `audit --html`: one self-contained page (inline CSS, SVG and script, no
//! external assets) with the summary, a per-element bar chart, the sortable
//! coverage matrix and per-file details with evidence and findings.
//!
//! Matrix rows and details are streamed to two anonymous temporary files as
//! reports arrive and copied into the page at the end, under the summary, so
//! memory does not grow with the number of files. Everything that comes from
//! a file (paths, evidence, messages) is HTML-escaped.

use super::summary::percent;
use super::{Row, Summary, STATUSES};
use crate::output::Pending;
use crate::report::FileReport;
use crate::rules::ELEMENTS;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::Path;

/// Status colours, in [`STATUSES`] order.
const COLOURS: [&str; 5] = ["#2e7d32", "#f9a825", "#c62828", "#9e9e9e", "#6a1b9a"];
/// One-letter cell labels, in [`STATUSES`] order.
const LETTERS: [&str; 5] = ["P", "V", "A", "–", "?"];

pub struct HtmlReport {
    out: BufWriter<Pending>,
    matrix: BufWriter<File>,
    details: BufWriter<File>,
    rows: usize,
}

impl HtmlReport {
    pub fn create(path: &Path) -> io::Result<HtmlReport> {
        Ok(HtmlReport {
            out: BufWriter::new(Pending::create(path)?),
            matrix: BufWriter::new(tempfile::tempfile()?),
            details: BufWriter::new(tempfile::tempfile()?),
            rows: 0,
        })
    }

    /// Adds one file's matrix row and details.
    pub fn file(&mut self, row: &Row, report: &FileReport) -> io::Result<()> {
        let n = self.rows;
        self.rows += 1;
        let mut s = String::with_capacity(1024);
        let cov = row
            .coverage()
            .map(|(p, a)| if a == 0 { 0.0 } else { p as f64 / a as f64 });
        let _ = write!(
            s,
            "<tr><td class=p><a href=\"#f{n}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td data-k=\"{}\">{}</td>",
            esc(&row.path),
            row.kind,
            row.language,
            esc(&row.organisation),
            cov.map_or(-1.0, |c| c),
            percent(cov)
        );
        for (e, st) in row.statuses.iter().enumerate() {
            match st {
                Some(i) => {
                    let _ = write!(
                        s,
                        "<td class=s{i} data-k={i} title=\"{}: {}\">{}</td>",
                        ELEMENTS[e], STATUSES[*i], LETTERS[*i]
                    );
                }
                None => s.push_str("<td data-k=9></td>"),
            }
        }
        s.push_str("</tr>\n");
        self.matrix.write_all(s.as_bytes())?;

        s.clear();
        let _ = write!(
            s,
            "<details id=f{n}><summary><b>{}</b> — {}",
            esc(&row.path),
            row.kind.replace('_', " ")
        );
        if !row.language.is_empty() {
            let _ = write!(s, ", {}, {}", row.language, row.format);
        }
        if !row.organisation.is_empty() {
            let _ = write!(s, ", {}", esc(&row.organisation));
        }
        s.push_str("</summary>\n");
        if let Some(e) = &row.error {
            let _ = writeln!(s, "<p class=err>{}</p>", esc(e));
        }
        for w in &report.warnings {
            let _ = writeln!(s, "<p class=warn>{}</p>", esc(w));
        }
        if !report.elements.is_empty() {
            s.push_str(
                "<table class=ev><tr><th>element</th><th>status</th><th>evidence</th></tr>\n",
            );
            for el in &report.elements {
                let id = &el.element;
                let status = el.status.as_str();
                let k = STATUSES.iter().position(|x| *x == status).unwrap_or(4);
                let _ = write!(
                    s,
                    "<tr><td>{}</td><td class=s{k}>{}</td><td>",
                    esc(id),
                    esc(status)
                );
                for span in &el.evidence {
                    let at = report.location(span);
                    let text = report
                        .source
                        .as_ref()
                        .map(|src| src.file_slice(span.start, span.end))
                        .unwrap_or_default();
                    let _ = write!(
                        s,
                        "<q>{}</q> <small>{}:{}</small><br>",
                        esc(&text),
                        at.line,
                        at.column
                    );
                }
                s.push_str("</td></tr>\n");
            }
            s.push_str("</table>\n");
        }
        if !report.findings.is_empty() {
            s.push_str("<ul class=fd>\n");
            for f in &report.findings {
                let at = report.location(&f.span);
                let _ = writeln!(
                    s,
                    "<li><span class=\"sev {sev}\">{sev}</span> <code>{}</code> {}:{} {} <i>{}</i></li>",
                    esc(&f.rule),
                    at.line,
                    at.column,
                    esc(&f.message),
                    esc(&f.help),
                    sev = f.severity.as_str()
                );
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</details>\n");
        self.details.write_all(s.as_bytes())
    }

    /// Writes the page: summary and chart, then the streamed matrix and details.
    /// The complete page, still to be renamed into place ([`Pending::commit`]).
    pub fn finish(mut self, summary: &Summary) -> io::Result<Pending> {
        let out = &mut self.out;
        out.write_all(HEAD.as_bytes())?;
        writeln!(
            out,
            "<h1>avglint audit</h1>\n<p class=totals><b>{}</b> files: <b>{}</b> notices, <b>{}</b> not a notice, <b>{}</b> errors. Findings: {} errors, {} warnings, {} info.</p>",
            summary.files,
            summary.notices,
            summary.not_notices,
            summary.errors,
            summary.findings[2],
            summary.findings[1],
            summary.findings[0]
        )?;
        out.write_all(chart(summary).as_bytes())?;
        out.write_all(element_table(summary).as_bytes())?;
        out.write_all(group_tables(summary).as_bytes())?;

        out.write_all(b"<h2>Coverage matrix</h2>\n<p class=hint>Click a column header to sort. P present, V vague, A absent, \xe2\x80\x93 not applicable, ? unclear.</p>\n<table id=matrix><thead><tr><th>path</th><th>kind</th><th>lang</th><th>organisation</th><th>coverage</th>")?;
        for id in ELEMENTS {
            write!(out, "<th class=v title=\"{id}\"><span>{id}</span></th>")?;
        }
        out.write_all(b"</tr></thead><tbody>\n")?;
        copy(self.matrix, out)?;
        out.write_all(b"</tbody></table>\n<h2>Files</h2>\n")?;
        copy(self.details, out)?;
        out.write_all(TAIL.as_bytes())?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

fn copy(buf: BufWriter<File>, out: &mut impl Write) -> io::Result<()> {
    let mut file = buf.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    io::copy(&mut file, out)?;
    Ok(())
}

/// A stacked horizontal bar per element: how many notices have each status.
fn chart(summary: &Summary) -> String {
    let (label_w, bar_w, row_h) = (190.0, 520.0, 22.0);
    let height = row_h * (ELEMENTS.len() as f64 + 1.5);
    let mut s = String::new();
    let _ = write!(
        s,
        "<h2>Elements</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\" aria-label=\"element status per notice\">\n",
        w = label_w + bar_w + 70.0
    );
    for (e, id) in ELEMENTS.iter().enumerate() {
        let y = e as f64 * row_h;
        let counts = &summary.elements[e];
        let total: usize = counts.iter().sum();
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{id}</text>",
            label_w - 6.0,
            y + 15.0
        );
        let mut x = label_w;
        for (k, &c) in counts.iter().enumerate() {
            if c == 0 || total == 0 {
                continue;
            }
            let w = bar_w * c as f64 / total as f64;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{id}: {c} {}</title></rect>",
                y + 3.0,
                row_h - 6.0,
                COLOURS[k],
                STATUSES[k]
            );
            x += w;
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            label_w + bar_w + 6.0,
            y + 15.0,
            percent(summary.pass_rate(e))
        );
    }
    let y = ELEMENTS.len() as f64 * row_h + 14.0;
    let mut x = label_w;
    for (k, name) in STATUSES.iter().enumerate() {
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{y}\" font-size=\"12\">{}</text>",
            y - 10.0,
            COLOURS[k],
            x + 16.0,
            name.replace('_', " ")
        );
        x += 100.0;
    }
    s.push_str("</svg>\n");
    s
}

fn element_table(summary: &Summary) -> String {
    let mut s = String::from(
        "<table class=sum><tr><th>element</th><th>present</th><th>vague</th><th>absent</th><th>n.a.</th><th>unclear</th><th>pass rate</th></tr>\n",
    );
    for (e, id) in ELEMENTS.iter().enumerate() {
        let c = &summary.elements[e];
        let _ = writeln!(
            s,
            "<tr><td>{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            percent(summary.pass_rate(e))
        );
    }
    s.push_str("</table>\n<p class=hint>Pass rate: present, out of the notices the element applies to.</p>\n");
    s
}

fn group_tables(summary: &Summary) -> String {
    let mut s = String::from("<div class=groups><table class=sum><tr><th>language</th><th>files</th><th>notices</th><th>coverage</th></tr>\n");
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
    s.push_str("</table><table class=sum><tr><th>organisation</th><th>notices</th><th>coverage</th></tr>\n");
    for (k, g) in &summary.by_organisation {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(k),
            g.notices,
            percent(g.coverage())
        );
    }
    s.push_str("</table></div>\n<p class=hint>Coverage: present elements, out of the applicable elements of those notices.</p>\n");
    s
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

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="avglint audit">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>avglint audit</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{margin:0 0 .3em}h2{margin-top:1.6em}
table{border-collapse:collapse}td,th{padding:2px 6px;border:1px solid #ddd}
table.sum td:not(:first-child){text-align:right}
.groups{display:flex;gap:2em;align-items:flex-start}
.hint{color:#666;font-size:12px}
#matrix{font-size:12px}#matrix th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}
#matrix th.v{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
#matrix td{text-align:center}#matrix td.p{text-align:left;white-space:nowrap}
.s0{background:#c8e6c9}.s1{background:#fff59d}.s2{background:#ffcdd2}.s3{background:#eeeeee}.s4{background:#e1bee7}
details{border-top:1px solid #eee;padding:4px 0}summary{cursor:pointer}
table.ev{margin:6px 0 6px 1em;font-size:13px}q{font-style:italic}
.err{color:#c62828}.warn{color:#8d6e00}
.sev{font-weight:bold}.sev.error{color:#c62828}.sev.warning{color:#8d6e00}.sev.info{color:#1565c0}
</style></head><body>
"#;

const TAIL: &str = r#"<script>
(function(){
  var t=document.getElementById('matrix');if(!t)return;
  var dir={};
  t.tHead.addEventListener('click',function(ev){
    var th=ev.target.closest('th');if(!th)return;
    var i=th.cellIndex,b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);
    dir[i]=-(dir[i]||-1);
    var key=function(r){var c=r.cells[i],k=c.getAttribute('data-k');return k===null?c.textContent:parseFloat(k);};
    rows.sort(function(a,c){var x=key(a),y=key(c);return (x<y?-1:x>y?1:0)*dir[i];});
    rows.forEach(function(r){b.appendChild(r);});
  });
})();
</script>
</body></html>
"#;

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
}
