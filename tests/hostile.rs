//! A folder of hostile files next to one good notice: the CLI finishes (a hang
//! is a failure, not a stuck CI), every hostile file is a clear per-file error
//! or an ordinary verdict, never an internal error, and the good notice is
//! judged exactly as when it is checked alone.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Far above what the run takes (a few seconds); only a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(120);

const GOOD: &str = "nl/gemeente-complete.md";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Runs `avglint check --format json ARGS`, killing it at the deadline.
fn run(args: &[&Path]) -> (Value, i32) {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out_path = out_dir.path().join("stdout.json");
    let out = std::fs::File::create(&out_path).expect("stdout file");
    let child = Command::new(env!("CARGO_BIN_EXE_avglint"))
        .args(["check", "--format", "json", "--jobs", "2"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("avglint starts");
    let status = common::wait_with_deadline(child, DEADLINE, "avglint on hostile files");
    let stdout = std::fs::read(&out_path).expect("stdout");
    let report = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a JSON report ({e}): {}",
            String::from_utf8_lossy(&stdout[..stdout.len().min(2000)])
        )
    });
    (report, status.code().unwrap_or(-1))
}

/// Writes the hostile folder; returns the path of the good notice in it.
fn hostile_folder(dir: &Path) -> PathBuf {
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).expect("write hostile file");
    };
    let sentence = "Wij bewaren uw gegevens niet langer dan nodig voor het doel. ";

    write("empty.md", b"");
    write(
        "binary.txt",
        &(0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<_>>(),
    );
    write("nul.md", b"# Privacy\n\nWij\0bewaren\0uw\0gegevens.\n");
    let latin1: Vec<u8> = "Privacyverklaring\n\nWij beëindigen de verwerking; café, ré.\n"
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    write("latin1.txt", &latin1);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("# Privacy\n\n{sentence}\n").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    write("utf16.md", &utf16);
    write(
        "invalid-utf8.md",
        b"# Privacy\n\nWij \xC3\x28 bewaren \xFF\xFE gegevens.\n",
    );
    write(
        "cr-only.txt",
        sentence.repeat(20).replace(". ", ".\r").as_bytes(),
    );

    // 12 MB of notice-like text in many paragraphs.
    let mut big = String::with_capacity(12 << 20);
    big.push_str("# Privacyverklaring\n\n");
    while big.len() < 12 << 20 {
        big.push_str(&sentence.repeat(8));
        big.push_str("\n\n");
    }
    write("big.md", big.as_bytes());

    // 1 MB on one line, no sentence end.
    let mut line = String::with_capacity(1 << 20);
    while line.len() < 1 << 20 {
        line.push_str("persoonsgegevens bewaren verwerken ");
    }
    write("long-line.txt", line.as_bytes());

    let n = 200_000;
    write(
        "deep.html",
        format!(
            "<!DOCTYPE html><html><body>{}<p>{sentence}</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
        .as_bytes(),
    );
    let n = 100_000;
    write(
        "deep.json",
        format!("{}{}", "[".repeat(n), "]".repeat(n)).as_bytes(),
    );

    // Billion laughs: ten levels of ten aliases each.
    let mut lol = String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for level in 1..10u8 {
        let (name, prev) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let refs = vec![format!("*{prev}"); 10].join(", ");
        lol.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    write("billion-laughs.yaml", lol.as_bytes());

    write("broken.toml", b"[controller\nname = \"Acme\n");
    write("broken.json", b"{\"controller\": {\"name\": \"Acme\",, }");
    write(
        "broken.yaml",
        b"controller:\n  name: [Acme\n   - x: : :\n\t- y\n",
    );

    std::fs::create_dir(dir.join("x.md")).expect("directory named x.md");

    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(dir.join("nowhere.md"), dir.join("dangling.md")).expect("dangling symlink");
        symlink(dir.join("loop-b.md"), dir.join("loop-a.md")).expect("symlink loop");
        symlink(dir.join("loop-a.md"), dir.join("loop-b.md")).expect("symlink loop");
        std::fs::create_dir(dir.join("sub")).expect("sub");
        symlink(dir, dir.join("sub").join("up")).expect("directory loop");
        // Opening a FIFO blocks until a writer comes: it must be skipped unopened.
        let made = Command::new("mkfifo")
            .arg(dir.join("pipe.md"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "mkfifo");
    }

    let good = dir.join("good.md");
    std::fs::copy(fixture(GOOD), &good).expect("copy the good notice");
    good
}

fn files_by_name(report: &Value) -> Vec<(String, Value)> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let name = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, f.clone())
        })
        .collect()
}

#[test]
fn hostile_folder_is_per_file_errors_and_the_good_notice_is_judged_as_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = hostile_folder(dir.path());

    let (alone, _) = run(&[&good]);
    let alone = &alone["files"][0];
    assert_eq!(alone["kind"], "notice", "the fixture is a notice");

    let (report, code) = run(&[dir.path()]);
    let files = files_by_name(&report);
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f)
            .unwrap_or_else(|| panic!("{name} is missing from the report"))
    };

    for (name, f) in &files {
        if let Some(msg) = f["error"].as_str() {
            assert!(!msg.contains("internal error"), "{name}: {msg}");
        }
    }
    assert_eq!(
        get("good.md"),
        alone,
        "the good notice is judged as when alone"
    );

    let error_with = |name: &str, words: &[&str]| {
        let f = get(name);
        assert_eq!(f["kind"], "error", "{name}: {f}");
        let msg = f["error"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            words.iter().any(|w| msg.contains(w)),
            "{name}: the error says why ({words:?}): {msg}"
        );
    };
    error_with("empty.md", &["empty"]);
    error_with("binary.txt", &["binary"]);
    error_with("nul.md", &["binary"]);
    error_with("deep.html", &["nest", "deep"]);
    error_with("deep.json", &["nest", "deep"]);
    error_with("billion-laughs.yaml", &["alias", "expan"]);
    error_with("broken.toml", &["toml"]);
    error_with("broken.json", &["json"]);
    error_with("broken.yaml", &["yaml"]);

    // Readable text in odd encodings and shapes gets an ordinary verdict.
    for name in [
        "latin1.txt",
        "utf16.md",
        "invalid-utf8.md",
        "cr-only.txt",
        "big.md",
        "long-line.txt",
    ] {
        let kind = &get(name)["kind"];
        assert!(kind == "notice" || kind == "not_a_notice", "{name}: {kind}");
    }
    assert_eq!(get("utf16.md")["encoding"], "utf-16le");

    // Not files: never judged as notices, never opened (the FIFO would block).
    for name in ["x.md", "pipe.md", "nowhere.md"] {
        let judged = files.iter().any(|(n, f)| n == name && f["kind"] != "error");
        assert!(!judged, "{name} is not a file to judge");
    }
    // Per-file errors do not stop the batch or crash it; an unreadable entry
    // may make it exit 2 (I/O), the good notice has no error-level finding.
    assert!((0..=2).contains(&code), "exit code {code}");
}

/// Inputs that once crashed a fuzz target (`fixtures/hostile/`, named after
/// what they exercise): each is a per-file result, never an internal error.
#[test]
fn fuzz_regressions_are_per_file_results() {
    let reg = avglint::rules::Registry::builtin().expect("rules");
    let opts = avglint::Options::default();
    let dir = fixture("hostile");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/hostile") {
        let path = entry.expect("entry").path();
        let report = avglint::check_path(&path, &path.display().to_string(), &opts, reg);
        assert_ne!(
            report.error_class,
            Some(avglint::report::ErrorClass::Internal),
            "{}: {:?}",
            path.display(),
            report.error
        );
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs in {}", dir.display());
}
