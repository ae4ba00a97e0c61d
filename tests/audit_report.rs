//! `avglint audit` as an auditor uses it: the HTML report's header and frame
//! (a snapshot with a fixed date), byte-identical reruns, the CSV files (BOM,
//! delimiter, relative paths), the workbook's three sheets, `--format json`
//! with `--select`/`--ignore`, and the print stylesheet. Headless Chromium
//! tests (filter, search, sort, widths, screenshots, PDF) run where Chromium
//! is installed, one of them on the shared corpus of real notices; with
//! `CI=true` a missing Chromium or corpus is a failure.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

// Notices written for this test, in our own words.
const NL: &str = "# Privacyverklaring van Bakkerij De Korenschoof\n\n\
Bakkerij De Korenschoof B.V. is verantwoordelijk voor de verwerking van uw persoonsgegevens. \
U bereikt ons via privacy@korenschoof.example of op 030-1234567.\n\n\
## Waarom wij gegevens verwerken\n\n\
Wij gebruiken uw naam en adres om uw bestelling te bezorgen. \
Dat doen wij omdat het nodig is om de koopovereenkomst met u uit te voeren.\n\n\
## Bewaren\n\n\
Wij bewaren uw bestelgegevens zeven jaar, omdat de belastingwet dat vraagt.\n\n\
## Uw rechten\n\n\
U mag uw gegevens inzien, laten verbeteren of laten wissen. \
U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.\n";

const EN: &str = "# Privacy notice of Harbour Kites Ltd\n\n\
Harbour Kites Ltd is the controller of your personal data. \
Write to privacy@harbourkites.example with any question.\n\n\
## What we use your data for\n\n\
We use your e-mail address to send the newsletter you asked for, based on your consent. \
You may withdraw your consent at any time.\n\n\
## Your rights\n\n\
You can ask to see, correct or erase your data, and you may complain to the ICO.\n";

const OTHER: &str =
    "# Algemene voorwaarden\n\nDeze voorwaarden gelden voor elke bestelling in de winkel.\n";

fn avglint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("avglint").expect("binary built");
    c.current_dir(dir)
        .env_remove("AVGLINT_RULES_DIR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("CI", "1");
    c
}

/// A folder `notices` with two Dutch notices, one English and a text that is no notice.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let put = |rel: &str, text: &str| {
        let p = dir.path().join("notices").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put("nl/bakkerij.md", NL);
    put(
        "nl/bakkerij-kopie.md",
        &NL.replace("zeven jaar", "twee jaar"),
    );
    put("en/kites.md", EN);
    put("nl/voorwaarden.md", OTHER);
    dir
}

fn audit(dir: &Path, args: &[&str]) -> String {
    let out = avglint(dir)
        .arg("audit")
        .arg("notices")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let a = text.find(from).unwrap_or_else(|| panic!("{from} in page"));
    let b = a + text[a..].find(to).unwrap_or_else(|| panic!("{to} in page")) + to.len();
    &text[a..b]
}

/// The page without its data, style and script, with the rule-set hash and
/// the version masked: the frame a change to the report must show.
fn skeleton(page: &str) -> String {
    let header = between(page, "<header id=top>", "</header>");
    let matrix = between(page, "<section id=matrix-section", "</section>");
    let masked = format!("{header}\n{matrix}\n");
    let re = regex::Regex::new(r"rules-[0-9a-f]{12}").unwrap();
    let masked = re.replace_all(&masked, "rules-[hash]");
    masked.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn html_header_and_frame_with_a_fixed_date() {
    let dir = folder();
    audit(
        dir.path(),
        &[
            "--html",
            "report.html",
            "--title",
            "Audit <Q4>",
            "--client",
            "Gemeente Voorbeeld & Co",
            "--date",
            "2026-11-30",
        ],
    );
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    // Dutch: most notices are Dutch.
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
    assert!(page.contains("<title>Audit &lt;Q4&gt;</title>"));
    assert!(page.contains("<dd id=client>Gemeente Voorbeeld &amp; Co</dd>"));
    assert!(page.contains("<dd id=date>2026-11-30</dd>"));
    assert!(
        page.contains("4 bestanden: 4 markdown"),
        "scope with formats"
    );
    assert!(
        page.contains("id=reasons"),
        "the file that is no notice, with its reason"
    );
    insta::assert_snapshot!("audit_html_skeleton_nl", skeleton(&page));

    audit(
        dir.path(),
        &[
            "--html",
            "report.html",
            "--report-language",
            "en",
            "--date",
            "2026-11-30",
        ],
    );
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<title>Privacy notice audit</title>"));
    assert!(!page.contains("id=client"), "no client given");
    insta::assert_snapshot!("audit_html_skeleton_en", skeleton(&page));
}

#[test]
fn html_is_self_contained_and_rows_carry_plain_names() {
    let dir = folder();
    audit(dir.path(), &["--html", "r.html", "--date", "2026-01-01"]);
    let page = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    for external in ["src=", "<link", "href=\"http", "url(", "@import"] {
        assert!(!page.contains(external), "external asset: {external}");
    }
    // Element headers: plain name shown, id and article in the tooltip.
    assert!(page.contains(
        "title=\"Bewaartermijn — retention · art. 13(2)(a)\"><span>Bewaartermijn</span>"
    ));
    // Paths relative to the audited folder.
    assert!(page.contains("[\"nl/bakkerij.md\","));
    assert!(!page.contains(&dir.path().display().to_string()));
    // The details are gzip data in base64; the script unpacks them.
    let details = between(&page, "id=details", "</script>");
    assert!(details.contains("data-encoding=\"gzip+base64\""));
    assert!(page.contains("DecompressionStream('gzip')"));
}

#[test]
fn reruns_are_byte_identical_with_source_date_epoch() {
    let dir = folder();
    let run = |name: &str| {
        let out = avglint(dir.path())
            .env("SOURCE_DATE_EPOCH", "1764460800")
            .args(["audit", "notices", "--html", name, "--jobs", "2"])
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::read(dir.path().join(name)).unwrap()
    };
    let a = run("a.html");
    let b = run("b.html");
    assert!(a == b, "two runs differ");
    assert!(String::from_utf8(a)
        .unwrap()
        .contains("<dd id=date>2025-11-30</dd>"));
}

#[test]
fn csv_has_a_bom_a_delimiter_and_relative_paths() {
    let dir = folder();
    audit(
        dir.path(),
        &[
            "--csv",
            "m.csv",
            "--findings-csv",
            "f.csv",
            "--date",
            "2026-01-01",
        ],
    );
    let bytes = std::fs::read(dir.path().join("m.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbfpath;kind;format;language;"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), 7 + 16 + 4);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let paths: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        paths,
        [
            "en/kites.md",
            "nl/bakkerij-kopie.md",
            "nl/bakkerij.md",
            "nl/voorwaarden.md"
        ]
    );
    let other = &rows[3];
    assert_eq!(&other[1], "not_a_notice");
    assert!(!other[6].is_empty(), "its reason");

    let findings = std::fs::read(dir.path().join("f.csv")).unwrap();
    assert!(findings.starts_with(b"\xef\xbb\xbfpath;rule;severity;element;article;line;column;message;evidence;help;language\n"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&findings[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(["en/kites.md", "nl/bakkerij-kopie.md", "nl/bakkerij.md"].contains(&&r[0]));
        assert!(r[5].parse::<usize>().unwrap() >= 1, "a line");
        assert!(!r[9].is_empty(), "help");
    }

    // A comma on request; cells with the delimiter are quoted.
    audit(dir.path(), &["--csv", "m.csv", "--csv-delimiter", ","]);
    let text = std::fs::read_to_string(dir.path().join("m.csv")).unwrap();
    assert!(text.starts_with("\u{feff}path,kind,format,"));
}

#[test]
fn xlsx_has_three_sheets() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = folder();
    audit(
        dir.path(),
        &[
            "--xlsx",
            "audit.xlsx",
            "--report-language",
            "en",
            "--client",
            "ACME",
        ],
    );
    let mut book: Xlsx<_> = open_workbook(dir.path().join("audit.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Matrix", "Findings"]);
    let summary = book.worksheet_range("Summary").unwrap();
    let cells: Vec<String> = summary.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.contains(&"ACME".to_string()));
    assert!(cells.contains(&"Retention period".to_string()));
    let matrix = book.worksheet_range("Matrix").unwrap();
    assert_eq!(matrix.height(), 5, "a header and four files");
    assert_eq!(matrix.get((0, 0)), Some(&Data::String("File".into())));
    assert_eq!(
        matrix.get((0, 7)),
        Some(&Data::String("Identity of the controller".into())),
        "headers in plain words"
    );
    assert_eq!(
        matrix.get((1, 0)),
        Some(&Data::String("en/kites.md".into()))
    );
    let findings = book.worksheet_range("Findings").unwrap();
    assert!(findings.height() > 1);
    assert_eq!(findings.get((0, 8)), Some(&Data::String("evidence".into())));
    assert_eq!(
        findings.get((1, 0)),
        Some(&Data::String("en/kites.md".into()))
    );
    assert!(matches!(findings.get((1, 5)), Some(Data::Float(l)) if *l >= 1.0));

    // In Dutch by default here: most notices are Dutch.
    audit(dir.path(), &["--xlsx", "audit.xlsx"]);
    let book: Xlsx<_> = open_workbook(dir.path().join("audit.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Samenvatting", "Matrix", "Bevindingen"]
    );
}

#[test]
fn json_summary_with_select_and_ignore() {
    let dir = folder();
    let all: Value = serde_json::from_str(&audit(
        dir.path(),
        &["--format", "json", "--date", "2026-11-30", "--title", "T"],
    ))
    .unwrap();
    assert_eq!(all["date"], "2026-11-30");
    assert_eq!(all["title"], "T");
    assert_eq!(all["language"], "nl");
    assert_eq!(all["files"]["total"], 4);
    assert_eq!(all["files"]["notices"], 3);
    assert_eq!(all["scope"]["formats"]["markdown"], 4);
    let elements = all["elements"].as_array().unwrap();
    assert_eq!(elements.len(), 16);
    let retention = elements.iter().find(|e| e["id"] == "retention").unwrap();
    assert_eq!(retention["name"], "Bewaartermijn");
    assert_eq!(retention["article"], "13(2)(a)");
    assert_eq!(all["not_judged"][0]["files"], 1);
    let total = |v: &Value| {
        ["error", "warning", "info"]
            .iter()
            .map(|k| v["findings"][k].as_u64().unwrap())
            .sum::<u64>()
    };
    assert!(total(&all) > 0);

    let selected: Value = serde_json::from_str(&audit(
        dir.path(),
        &["--format", "json", "--select", "dpo_contact"],
    ))
    .unwrap();
    assert!(total(&selected) < total(&all));
    assert!(selected["configuration"]["--select"] == "dpo_contact");
    let ignored: Value = serde_json::from_str(&audit(
        dir.path(),
        &["--format", "json", "--ignore", "dpo_contact"],
    ))
    .unwrap();
    assert_eq!(total(&ignored) + total(&selected), total(&all));
    // Element statuses do not depend on which findings are reported.
    assert_eq!(selected["elements"], all["elements"]);

    avglint(dir.path())
        .args(["audit", "notices", "--select", "no-such-rule"])
        .assert()
        .code(2);
}

#[test]
fn print_stylesheet_puts_summary_and_files_on_paper() {
    let css = avglint::audit::html::STYLE;
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    for rule in [
        "#print{display:block}",
        ".screen,#filters,#mwrap,#detail,#printall{display:none!important}",
        "header,#summary{break-after:page}",
        "print-color-adjust:exact",
    ] {
        assert!(print.contains(rule), "{rule}");
    }
    // On screen the print pages stay hidden.
    assert!(css[..css.find("@media print").unwrap()].contains("#print{display:none}"));
    let js = avglint::audit::html::SCRIPT;
    assert!(js.contains("beforeprint"));
}

/// Chromium, where installed (Debian's `chromium`, which
/// `scripts/install-chromium.sh` installs in CI). Elsewhere the browser tests
/// pass with a note; with `CI=true` a missing Chromium fails them.
fn chromium() -> Option<PathBuf> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    assert!(
        found.is_some() || std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but no Chromium is installed (scripts/install-chromium.sh installs it)"
    );
    if found.is_none() {
        eprintln!("note: no Chromium installed; the browser test did not run");
    }
    found
}

/// The shared corpus of real notices (`../shared/corpus/docs` beside the
/// checkout, or beside the folder of worktrees; `AVGLINT_SHARED` names
/// another place). Required with `CI=true`.
fn shared_corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<PathBuf> = match std::env::var_os("AVGLINT_SHARED") {
        Some(dir) => vec![PathBuf::from(dir)],
        None => vec![root.join("../shared"), root.join("../../shared")],
    };
    let found = candidates
        .iter()
        .map(|d| d.join("corpus/docs"))
        .find(|d| d.is_dir())
        .and_then(|d| d.canonicalize().ok());
    assert!(
        found.is_some() || std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the shared corpus is missing (looked in {candidates:?})"
    );
    if found.is_none() {
        eprintln!("note: the shared corpus is not present; the browser test did not run");
    }
    found
}

/// Where the browser tests leave their screenshots: target/test-output/audit/.
fn output_folder() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-output/audit");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn headless(chrome: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=8000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Drives the page from a script appended to a copy: applies a filter
/// (`FILTER` = [control id, value]), a search (`SEARCH`) and a sort, measures
/// the widths, and writes what it saw into a `<pre id=result>` that
/// `--dump-dom` prints. The state it leaves (sorted by path, descending) is
/// what a screenshot shows.
const PROBE: &str = r#"<script>
window.addEventListener('load',function(){setTimeout(function(){
 var out={},$=function(id){return document.getElementById(id);};
 var rows=function(){return Array.prototype.map.call(document.querySelectorAll('#matrix tbody tr[data-i]'),function(r){return r.cells[0].textContent;});};
 out.all=rows();
 var f=$(FILTER[0]);f.value=FILTER[1];f.dispatchEvent(new Event('change'));out.filtered=rows();
 f.value='';f.dispatchEvent(new Event('change'));
 var q=$('q');q.value=SEARCH;q.dispatchEvent(new Event('input'));out.search=rows();
 q.value='';q.dispatchEvent(new Event('input'));
 var th=document.querySelector('#matrix th[data-c="0"]');th.click();out.sorted=rows();out.sort=th.getAttribute('aria-sort');
 var ths=document.querySelectorAll('#matrix thead th');out.columns=ths.length;
 out.elements=document.querySelectorAll('#matrix thead th.v').length;
 var de=document.documentElement;out.client=de.clientWidth;out.scroll=de.scrollWidth;
 out.right=Math.max.apply(null,Array.prototype.map.call(ths,function(t){return Math.ceil(t.getBoundingClientRect().right);}));
 out.details=de.getAttribute('data-details');
 out.printed=document.querySelectorAll('#print article.file').length;
 var m=$('matrix-section').getBoundingClientRect();out.bottom=Math.ceil(m.bottom+window.scrollY);
 var p=document.createElement('pre');p.id='result';p.textContent=JSON.stringify(out);document.body.appendChild(p);
},500);});
</script>"#;

/// What the probe saw on `page` (a copy with the probe) at `width` px.
fn probe(
    chrome: &Path,
    work: &Path,
    page: &Path,
    width: u32,
    filter: [&str; 2],
    search: &str,
) -> Value {
    let script = PROBE
        .replace("FILTER", &serde_json::json!(filter).to_string())
        .replace("SEARCH", &serde_json::json!(search).to_string());
    let html = std::fs::read_to_string(page).unwrap();
    let probed = work.join(format!("probe{width}.html"));
    std::fs::write(
        &probed,
        html.replace("</body>", &format!("{script}</body>")),
    )
    .unwrap();
    let out = headless(chrome, &work.join(format!("profile{width}")))
        .arg(format!("--window-size={width},1000"))
        .arg("--dump-dom")
        .arg(format!("file://{}", probed.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = between(&dom, "<pre id=\"result\">", "</pre>");
    let json = &json["<pre id=\"result\">".len()..json.len() - "</pre>".len()];
    serde_json::from_str(&json.replace("&quot;", "\"").replace("&amp;", "&")).unwrap()
}

/// The audit page of the shared corpus of real notices in headless
/// Chromium: a language filter, a search and a sort, checked in the DOM
/// against the audit's own JSON summary and the folder; at 1280 and 1920 px
/// all sixteen element columns fit without scrolling the page sideways
/// (`scrollWidth <= clientWidth`), with a screenshot of each width in
/// `target/test-output/audit/`.
#[test]
fn chromium_on_the_shared_corpus_filters_searches_sorts_and_fits() {
    let (Some(chrome), Some(corpus)) = (chromium(), shared_corpus()) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("corpus.html");
    let out = avglint(work.path())
        .args([
            "audit",
            "--no-config",
            "--date",
            "2026-11-30",
            "--format",
            "json",
        ])
        .arg(&corpus)
        .arg("--html")
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = summary["files"]["total"].as_u64().unwrap() as usize;
    // The files as the matrix names them (relative to the audited folder), in path order.
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), total);
    // A search for part of one file's name finds the files whose name has it.
    let term: String = names[names.len() / 2]
        .split('-')
        .take(2)
        .collect::<Vec<_>>()
        .join("-");
    let matching: Vec<&String> = names.iter().filter(|n| n.contains(&term)).collect();
    // A filter by language: as many rows as the summary counts files in it.
    let (lang, in_lang) = summary["by_language"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(l, v)| (l.clone(), v["files"].as_u64().unwrap() as usize))
        .min_by_key(|(_, n)| *n)
        .unwrap();
    let shots = output_folder();
    for width in [1280u32, 1920] {
        let seen = probe(&chrome, work.path(), &page, width, ["fl", &lang], &term);
        let rows = |k: &str| -> Vec<String> {
            seen[k]
                .as_array()
                .unwrap_or_else(|| panic!("{k}: {seen}"))
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(rows("all"), names, "every file, in path order");
        assert_eq!(rows("filtered").len(), in_lang, "language {lang}: {seen}");
        assert!(in_lang > 0 && in_lang < total);
        assert_eq!(
            rows("search"),
            matching.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "search {term:?}"
        );
        assert_eq!(seen["sort"], "descending", "a click turns the path order");
        let mut reversed = names.clone();
        reversed.reverse();
        assert_eq!(rows("sorted"), reversed);
        assert_eq!(seen["elements"], 16, "sixteen element columns");
        let (client, scroll, right) = (
            seen["client"].as_i64().unwrap(),
            seen["scroll"].as_i64().unwrap(),
            seen["right"].as_i64().unwrap(),
        );
        assert!(
            scroll <= client && right <= client,
            "at {width}px every column is visible without scrolling the page: {seen}"
        );
        assert_eq!(seen["details"], "ready");
        // The screenshot: the page as the probe left it, in a window tall
        // enough to show it down to the end of the matrix (headless Chromium
        // captures the top of the page, so a scrolled page would be blank).
        let shot = shots.join(format!("shared-corpus-{width}.png"));
        let _ = std::fs::remove_file(&shot);
        let height = seen["bottom"].as_i64().unwrap_or(1000).clamp(1000, 8000);
        let status = headless(&chrome, &work.path().join(format!("shot{width}")))
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!(
                "file://{}",
                work.path().join(format!("probe{width}.html")).display()
            ))
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let png = std::fs::read(&shot).expect("screenshot written");
        assert!(png.starts_with(b"\x89PNG"), "a PNG at {}", shot.display());
        // The PNG's width is the window's.
        let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(w, width, "{}", shot.display());
    }
}

/// The small hand-written folder: a kind filter and the print layout (PDF).
#[test]
fn chromium_filters_searches_sorts_and_prints() {
    let Some(chrome) = chromium() else {
        return;
    };
    let dir = folder();
    audit(dir.path(), &["--html", "r.html", "--date", "2026-11-30"]);
    let page = dir.path().join("r.html");
    for width in [1280, 1920] {
        let seen = probe(&chrome, dir.path(), &page, width, ["fk", "0"], "kopie");
        assert_eq!(seen["all"].as_array().unwrap().len(), 4, "{seen}");
        assert_eq!(seen["filtered"].as_array().unwrap().len(), 3, "{seen}");
        assert_eq!(seen["search"], serde_json::json!(["nl/bakkerij-kopie.md"]));
        assert_eq!(seen["sort"], "descending", "a click turns the order");
        assert_eq!(seen["sorted"][0], "nl/voorwaarden.md");
        assert_eq!(seen["columns"], 22);
        assert!(
            seen["right"].as_i64() <= seen["client"].as_i64()
                && seen["scroll"].as_i64() <= seen["client"].as_i64(),
            "all columns visible without scrolling the page at {width}px: {seen}"
        );
        assert_eq!(seen["details"], "ready");
        assert_eq!(seen["printed"], 4, "print pages for each file");
    }
    let pdf = dir.path().join("r.pdf");
    let status = headless(&chrome, &dir.path().join("profilepdf"))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", dir.path().join("r.html").display()))
        .output()
        .unwrap();
    assert!(status.status.success());
    let doc = lopdf::Document::load(&pdf).unwrap();
    // The header and summary, then the files' pages.
    assert!(
        doc.get_pages().len() >= 3,
        "{} pages",
        doc.get_pages().len()
    );
}
