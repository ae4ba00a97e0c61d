//! Batch behaviour end to end: a large messy folder is reported completely,
//! output is the same for any `--jobs`, `jsonl` is one report a line, and
//! `audit` writes a self-contained HTML page and a CSV matrix.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

/// Guards against a hang (a FIFO opened, a deadlock); not a speed test.
const HANG_GUARD: Duration = Duration::from_secs(300);

const NOTICE_NL: &str = include_str!("../fixtures/nl/webwinkel.txt");
const NOTICE_EN: &str = include_str!("../fixtures/en/startup-gaps.md");

const SHORT: &[&str] = &[
    "Wij bewaren uw gegevens 7 jaar.",
    "We keep your data for six years. You can complain to the ICO.",
    "# Nieuws\n\nDe bibliotheek is zaterdag gesloten.",
    "U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.",
    "Privacy\n\nWe share your data with our payment provider.",
];

fn avglint() -> Command {
    let mut c = Command::cargo_bin("avglint").expect("binary built");
    c.env_remove("AVGLINT_RULES_DIR").env("CI", "1");
    c
}

/// Writes the messy folder; returns the paths (relative) of every regular
/// file with a notice extension, which must all be reported.
fn messy_folder(root: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    let mut put = |rel: String, bytes: &[u8]| {
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        files.insert(rel);
    };
    for d in 0..50 {
        for f in 0..99 {
            let ext = if f % 3 == 0 { "md" } else { "txt" };
            let text = SHORT[(d + f) % SHORT.len()];
            put(format!("org{d:02}/file{f:03}.{ext}"), text.as_bytes());
        }
    }
    put("notices/webwinkel.txt".into(), NOTICE_NL.as_bytes());
    put("notices/startup.md".into(), NOTICE_EN.as_bytes());
    for i in 0..20 {
        put(
            format!("broken/latin1-{i}.txt"),
            b"Wij bewaren uw gegevens caf\xe9 7 jaar.",
        );
        put(format!("broken/empty-{i}.md"), b"");
        put(
            format!("binary/blob-{i}.md"),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
        );
    }
    for i in 0..5 {
        put(
            format!("huge/big-{i}.txt"),
            "Wij bewaren uw gegevens. ".repeat(1000).as_bytes(),
        );
    }
    // Not a notice extension: not walked, not reported.
    std::fs::write(root.join("org00/readme.dat"), "x").unwrap();
    files
}

fn jsonl_reports(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON report"))
        .collect()
}

fn relative(root: &Path, path: &str) -> String {
    path.strip_prefix(&format!("{}/", root.display()))
        .unwrap_or(path)
        .to_string()
}

#[test]
fn a_messy_folder_of_five_thousand_files_is_reported_completely() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let expected = messy_folder(root);
    #[cfg(unix)]
    {
        // A FIFO with a notice extension: opening it would block forever.
        let fifo = root.join("org01/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        // A symlink loop: not followed by default, detected when followed.
        std::os::unix::fs::symlink(".", root.join("org02/self")).unwrap();
    }
    assert!(expected.len() > 4_990);

    let out = avglint()
        // A fixed language keeps this debug-build test quick: lingua's models
        // are slow unoptimised, and detection is not what is tested here.
        .args([
            "check",
            "--format",
            "jsonl",
            "--jobs",
            "2",
            "--language",
            "nl",
        ])
        .args(["--max-file-size", "10000"])
        .arg(root)
        .timeout(HANG_GUARD)
        .output()
        .unwrap();
    let reports = jsonl_reports(&out.stdout);
    let paths: Vec<String> = reports
        .iter()
        .map(|r| relative(root, r["path"].as_str().unwrap()))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "reports come in path order");
    let reported: BTreeSet<String> = paths.iter().cloned().collect();
    assert_eq!(reported.len(), paths.len(), "each file once");
    let missing: Vec<_> = expected.difference(&reported).collect();
    assert!(missing.is_empty(), "not reported: {missing:?}");

    let kind_of = |rel: &str| {
        let r = &reports[paths.iter().position(|p| p == rel).unwrap()];
        (
            r["kind"].as_str().unwrap().to_string(),
            r["error"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(kind_of("notices/webwinkel.txt").0, "notice");
    assert_eq!(kind_of("binary/blob-0.md").0, "error");
    assert!(kind_of("huge/big-0.txt").1.contains("--max-file-size"));
    assert!(kind_of("broken/empty-0.md").1.contains("empty"));
    assert_ne!(kind_of("broken/latin1-0.txt").0, "error");
    #[cfg(unix)]
    {
        let (kind, error) = kind_of("org01/pipe.md");
        assert_eq!(kind, "error");
        assert!(error.contains("FIFO"), "{error}");
    }
    // Findings at error level in the two notices; no file failed to be read.
    assert_eq!(out.status.code(), Some(1));

    #[cfg(unix)]
    {
        let out = avglint()
            .args([
                "check",
                "--format",
                "jsonl",
                "--follow-links",
                "--language",
                "nl",
            ])
            .arg(root.join("org02"))
            .timeout(HANG_GUARD)
            .output()
            .unwrap();
        let reports = jsonl_reports(&out.stdout);
        assert!(reports
            .iter()
            .any(|r| r["error"].as_str().is_some_and(|e| e.contains("loop"))));
        assert_eq!(
            reports.iter().filter(|r| r["kind"] != "error").count(),
            99,
            "no file is walked twice through the loop"
        );
    }
}

#[test]
fn output_is_the_same_bytes_for_any_number_of_jobs() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |jobs: &str, format: &str| {
        avglint()
            .args(["check", "--format", format, "--jobs", jobs])
            .arg(&fixtures)
            .timeout(HANG_GUARD)
            .output()
            .unwrap()
            .stdout
    };
    let json = run("1", "json");
    assert_eq!(json, run("3", "json"));
    assert_eq!(run("1", "human"), run("3", "human"));
    let lines = jsonl_reports(&run("3", "jsonl"));
    let json: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["files"].as_array().unwrap(), &lines);
}

#[test]
fn audit_writes_a_self_contained_html_page_and_a_csv_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir_all(root.join("nl")).unwrap();
    std::fs::write(root.join("nl/webwinkel.txt"), NOTICE_NL).unwrap();
    std::fs::write(root.join("startup.md"), NOTICE_EN).unwrap();
    std::fs::write(root.join("nieuws.md"), SHORT[2]).unwrap();
    std::fs::write(root.join("blob.md"), b"\0\x01\x02").unwrap();
    let odd = if cfg!(windows) {
        "odd &amp.txt"
    } else {
        "odd <b>&\".txt"
    };
    std::fs::write(
        root.join(odd),
        "<script>alert(1)</script> Wij bewaren uw gegevens 7 jaar.",
    )
    .unwrap();
    let html = dir.path().join("audit.html");
    let csv = dir.path().join("audit.csv");

    let out = avglint()
        .args(["audit", "--jobs", "2", "--html"])
        .arg(&html)
        .arg("--csv")
        .arg(&csv)
        .arg(&root)
        .timeout(HANG_GUARD)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        // The odd-named file says what it does with personal data and nothing
        // else: an untitled text of processing statements is judged a notice.
        summary.contains("5 file(s): 3 notice(s), 1 not a notice, 1 error(s)"),
        "{summary}"
    );
    assert!(summary.contains("retention"));

    let page = std::fs::read_to_string(&html).unwrap();
    for external in ["src=", "<link", "href=\"http", "url(", "@import"] {
        assert!(!page.contains(external), "external asset: {external}");
    }
    assert!(page.contains("<svg"), "inline chart");
    assert!(page.contains("id=matrix"));
    assert!(!page.contains("<script>alert"), "file text is escaped");
    // Rows are JSON in a script element, paths relative to the audited folder.
    for name in [
        "\"nl/webwinkel.txt\"",
        "\"startup.md\"",
        "\"nieuws.md\"",
        "\"blob.md\"",
    ] {
        assert!(page.contains(name), "{name} listed");
    }
    if !cfg!(windows) {
        assert!(page.contains("odd \\u003cb>&\\\".txt"), "escaped in JSON");
        assert!(!page.contains("odd <b>"));
    }
    assert!(page.contains("id=details"), "evidence sentences embedded");

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(&csv)
        .unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "path", "the reader skips the BOM");
    assert!(std::fs::read(&csv)
        .unwrap()
        .starts_with(b"\xef\xbb\xbfpath;"));
    assert!(header.iter().any(|h| h == "retention"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let webwinkel = rows.iter().find(|r| &r[0] == "nl/webwinkel.txt").unwrap();
    assert_eq!(&webwinkel[1], "notice");
    let col = header.iter().position(|h| h == "retention").unwrap();
    assert!(["present", "vague", "absent"].contains(&&webwinkel[col]));
}
