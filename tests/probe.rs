//! Issue 15's reproductions, one test each: outputs that would destroy
//! inputs, gate bypasses, injection into terminals and CI logs, crashes and
//! amplifications. Every hostile input is built here; every run has a
//! deadline and fails (instead of hanging) when it is passed.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what any of these runs takes; only a hang or a blow-up reaches it.
const DEADLINE: Duration = Duration::from_secs(60);

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    took: Duration,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.stdout[..self.stdout.len().min(2000)])
            )
        })
    }
}

/// Runs avglint in `dir` with `args`, killed at the deadline (a failure).
fn avglint(dir: &Path, args: &[&str]) -> Run {
    avglint_os(dir, &args.iter().map(|a| a.into()).collect::<Vec<_>>())
}

fn avglint_os(dir: &Path, args: &[std::ffi::OsString]) -> Run {
    let scratch = tempfile::tempdir().expect("tempdir");
    let out_path = scratch.path().join("stdout");
    let err_path = scratch.path().join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_avglint"))
        .current_dir(dir)
        .args(args)
        .env_remove("CI")
        .env_remove("AVGLINT_DEBUG_PANIC")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("avglint starts");
    let started = Instant::now();
    let status = common::wait_with_deadline(child, DEADLINE, &format!("avglint {args:?}"));
    Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read(&err_path).unwrap(),
        took: started.elapsed(),
    }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A short notice in my own words (English).
const NOTICE: &str = "# Privacy notice of Tulip Bikes\n\n\
Tulip Bikes B.V. decides how your data is used. You can write to us at privacy@tulip.example.\n\n\
We use your name and address to deliver the bike you ordered.\n";

fn internal_errors(report: &serde_json::Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["error"].as_str())
        .filter(|e| e.contains("internal error"))
        .map(str::to_owned)
        .collect()
}

// ---- crashes ----

#[test]
fn several_suppressions_on_one_line_do_not_crash() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.txt",
        format!("{NOTICE}\n# avglint-disable-file x # avglint-enable y\n"),
    );
    write(
        d.path(),
        "b.md",
        format!("{NOTICE}\n<!-- avglint-disable retention: kept elsewhere <!-- avglint-enable retention -->\n"),
    );
    let r = avglint(d.path(), &["check", "--format", "json", "a.txt", "b.md"]);
    assert_ne!(r.code, 2, "{}", r.err());
    assert!(internal_errors(&r.json()).is_empty(), "{}", r.out());
}

#[test]
fn an_oversized_rules_dir_pattern_is_a_config_error_with_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/elements/retention.toml"),
    )
    .unwrap();
    let huge = "  'zorblax(?:[a-z]{100}){1000}{100}',\n";
    let ours = builtin.replacen("sentences = [\n", &format!("sentences = [\n{huge}"), 2);
    write(d.path(), "our/elements/retention.toml", &ours);
    write(d.path(), "avglint.toml", "rules-dir = \"our\"\n");
    write(
        d.path(),
        "n.md",
        format!("{NOTICE}\nThe zorblax{} is here.\n", "a".repeat(200)),
    );
    let r = avglint(d.path(), &["check", "--format", "json", "n.md"]);
    assert_eq!(r.code, 2, "{}", r.out());
    let line = ours.lines().position(|l| l.contains("zorblax")).unwrap() + 1;
    let err = r.err();
    assert!(
        err.contains(&format!("elements/retention.toml:{line}:")),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_panic_report_carries_no_notice_text() {
    // No input is known to panic any more; the guard is tested in the
    // library (`panic_note`). Here: an internal error never quotes text.
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.txt",
        format!("{NOTICE}\n# avglint-disable-file x # avglint-enable y SECRETWORD\n"),
    );
    let r = avglint(d.path(), &["check", "--format", "github", "a.txt"]);
    assert!(!r.err().contains("SECRETWORD"), "{}", r.err());
}

// ---- outputs ----

fn notices(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["a", "b", "c"]
        .iter()
        .map(|n| {
            let p = write(dir, &format!("n/{n}.md"), NOTICE.replace("Tulip", n));
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn unchanged(files: &[(PathBuf, Vec<u8>)]) {
    for (p, bytes) in files {
        assert_eq!(
            &std::fs::read(p).unwrap(),
            bytes,
            "{} was changed",
            p.display()
        );
    }
}

#[test]
fn outputs_that_are_inputs_config_or_other_outputs_are_refused_before_writing() {
    let d = tempfile::tempdir().unwrap();
    let mut files = notices(d.path());
    files.push((
        write(d.path(), "avglint.toml", "fail-level = \"error\"\n"),
        b"fail-level = \"error\"\n".to_vec(),
    ));
    files.push((write(d.path(), "r.out", "keep"), b"keep".to_vec()));
    let cases: &[&[&str]] = &[
        // a glob after an output flag: the first notice would become the page
        &["audit", "--html", "n/a.md", "n/b.md", "n/c.md"],
        &["check", "--write-baseline", "n/a.md", "n/b.md", "n/c.md"],
        &["audit", "n/a.md", "--html", "n/a.md"],
        &["audit", "n", "--csv", "r.out", "--html", "r.out"],
        &[
            "audit",
            "n",
            "--config",
            "avglint.toml",
            "--html",
            "avglint.toml",
        ],
        &["check", "n", "--write-baseline", "./n//c.md"],
    ];
    for args in cases {
        let r = avglint(d.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.err());
        assert!(
            r.err().contains("refusing to write"),
            "{args:?}: {}",
            r.err()
        );
        unchanged(&files);
    }
    // Replacing avglint's own earlier outputs is fine.
    for _ in 0..2 {
        let r = avglint(
            d.path(),
            &["audit", "n", "--html", "rep.html", "--csv", "rep.csv"],
        );
        assert_eq!(r.code, 0, "{}", r.err());
        let r = avglint(d.path(), &["check", "n", "--write-baseline", "base.json"]);
        assert_eq!(r.code, 0, "{}", r.err());
    }
    unchanged(&files);
}

#[test]
fn a_failed_audit_leaves_earlier_outputs_as_they_were() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    let csv = write(d.path(), "old.csv", "old matrix\n");
    let r = avglint(
        d.path(),
        &[
            "audit",
            "n",
            "--csv",
            "old.csv",
            "--html",
            "missing-dir/x.html",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "old matrix\n");
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn outputs_replace_a_symlink_instead_of_writing_through_it() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    let victim = write(d.path(), "elsewhere/victim.csv", "precious\n");
    std::os::unix::fs::symlink(&victim, d.path().join("out.csv")).unwrap();
    let old_base = "{\"version\": 1, \"findings\": []}\n";
    let victim_base = write(d.path(), "elsewhere/old.json", old_base);
    std::os::unix::fs::symlink(&victim_base, d.path().join("base.json")).unwrap();
    let r = avglint(d.path(), &["audit", "n", "--csv", "out.csv"]);
    assert_eq!(r.code, 0, "{}", r.err());
    let r = avglint(d.path(), &["check", "n", "--write-baseline", "base.json"]);
    assert_eq!(r.code, 0, "{}", r.err());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(std::fs::read_to_string(&victim_base).unwrap(), old_base);
    assert!(std::fs::symlink_metadata(d.path().join("base.json"))
        .unwrap()
        .is_file());
    assert!(std::fs::read_to_string(d.path().join("out.csv"))
        .unwrap()
        .trim_start_matches('\u{feff}')
        .starts_with("path;"));
}

#[cfg(unix)]
#[test]
fn config_and_baseline_must_be_small_regular_files() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.json")).unwrap();
    let fifo = d.path().join("fifo.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut cases: Vec<Vec<&str>> = vec![
        vec!["check", "n", "--config", "zero.toml"],
        vec!["check", "n", "--baseline", "zero.json"],
    ];
    let fifo_made = made.is_ok_and(|s| s.success());
    if fifo_made {
        cases.push(vec!["check", "n", "--config", "fifo.toml"]);
    }
    for args in cases {
        let r = avglint(d.path(), &args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.err().contains("not a regular file"),
            "{args:?}: {}",
            r.err()
        );
        assert!(r.took < Duration::from_secs(20), "{args:?}: {:?}", r.took);
    }
    // A FIFO where the config is looked for is an error, not "no config".
    if fifo_made {
        std::fs::rename(&fifo, d.path().join("avglint.toml")).unwrap();
        let r = avglint(d.path(), &["check", "n"]);
        assert_eq!(r.code, 2);
        assert!(r.err().contains("not a regular file"), "{}", r.err());
    }
}

// ---- the gate ----

fn files_of(r: &Run) -> Vec<serde_json::Value> {
    r.json()["files"].as_array().unwrap().clone()
}

#[test]
fn a_pdf_magic_in_a_markdown_comment_does_not_make_a_notice_unreadable() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "n.md", format!("<!-- %PDF-1.7 -->\n{NOTICE}"));
    write(
        d.path(),
        "t.txt",
        format!("{NOTICE}\nOld copies were %PDF-1.4 files.\n"),
    );
    let r = avglint(d.path(), &["check", "--format", "json", "n.md", "t.txt"]);
    for f in files_of(&r) {
        assert_eq!(f["kind"], "notice", "{f}");
        assert_ne!(f["format"], "pdf", "{f}");
    }
}

#[test]
fn a_walk_that_finds_nothing_is_an_error_unless_allowed_and_ignored_files_are_reported() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    write(d.path(), "n/.ignore", "*\n");
    let r = avglint(d.path(), &["check", "n"]);
    assert_eq!(r.code, 2, "{}", r.out());
    assert!(r.err().contains("no file to check"), "{}", r.err());
    assert!(r.err().contains("3 file(s) left out"), "{}", r.err());
    let r = avglint(d.path(), &["audit", "n"]);
    assert_eq!(r.code, 2, "{}", r.out());
    let r = avglint(d.path(), &["check", "--allow-empty", "n"]);
    assert_eq!(r.code, 0, "{}", r.err());
    // Some notices ignored, some not: checked, with a note.
    write(d.path(), "n/.ignore", "a.md\n");
    let r = avglint(d.path(), &["check", "--format", "json", "n"]);
    assert_eq!(files_of(&r).len(), 2);
    assert!(r.err().contains("1 file(s) left out"), "{}", r.err());
}

#[test]
fn one_file_under_several_names_is_judged_once() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    let abs = d.path().join("n/a.md");
    let r = avglint(
        d.path(),
        &[
            "check",
            "--format",
            "json",
            "n/a.md",
            abs.to_str().unwrap(),
            "n//a.md",
            "./n/a.md",
            "n",
        ],
    );
    let paths: Vec<String> = files_of(&r)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
}

#[cfg(unix)]
#[test]
fn names_that_print_alike_are_both_judged() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("n");
    std::fs::create_dir(&dir).unwrap();
    for bad in [0xFFu8, 0xFE] {
        let mut name = b"a".to_vec();
        name.push(bad);
        name.extend(b".md");
        let path = dir.join(std::ffi::OsStr::from_bytes(&name));
        if std::fs::write(&path, NOTICE).is_err() {
            return; // a file system that refuses such names
        }
    }
    let r = avglint(d.path(), &["check", "--format", "json", "n"]);
    let paths: Vec<String> = files_of(&r)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["n/a\\xFE.md", "n/a\\xFF.md"]);
}

#[test]
fn overrides_apply_to_paths_given_with_dot_dot() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "avglint.toml",
        "[[overrides]]\npaths = [\"g/**\"]\nignore = [\"dpo_contact\"]\n",
    );
    write(d.path(), "g/a.md", NOTICE);
    std::fs::create_dir(d.path().join("other")).unwrap();
    let rules = |r: &Run| -> Vec<String> {
        files_of(r)[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    let plain = avglint(d.path(), &["check", "--format", "json", "g/a.md"]);
    assert!(!rules(&plain).iter().any(|r| r == "missing-dpo-contact"));
    for given in ["other/../g/a.md", "./g//a.md"] {
        let r = avglint(d.path(), &["check", "--format", "json", given]);
        assert_eq!(rules(&r), rules(&plain), "{given}");
    }
    let r = avglint(
        &d.path().join("other"),
        &["check", "--format", "json", "../g/a.md"],
    );
    assert_eq!(rules(&r), rules(&plain), "from other/");
}

// ---- injection ----

#[cfg(unix)]
#[test]
fn names_and_notice_text_cannot_forge_ci_commands_or_reach_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("n");
    std::fs::create_dir(&dir).unwrap();
    let forged = "x\n::error file=forged.md,line=1::all good\n.md";
    let hostile_text = format!(
        "{NOTICE}\nWe keep data.\r::error file=forged.md::bare CR\n\
         Visit \u{1b}]8;;https://evil.example\u{7}our site\u{1b}]8;;\u{7} \u{1b}]0;title\u{7}\u{9b}2J now.\n"
    );
    if std::fs::write(dir.join(forged), &hostile_text).is_err() {
        return;
    }
    std::fs::write(dir.join("plain.md"), &hostile_text).unwrap();
    // An unreadable file whose error message carries the name too.
    std::fs::write(
        dir.join("bin\u{1b}[31m.md"),
        [0u8, 159, 146, 150, 0, 0, 1, 2],
    )
    .unwrap();
    for format in ["human", "github", "junit", "json", "jsonl", "sarif"] {
        let r = avglint(
            d.path(),
            &["check", "--format", format, "--color", "never", "n"],
        );
        // Escaped, the machine formats are still what they were.
        match format {
            "json" | "sarif" => drop(r.json()),
            "jsonl" => {
                for l in r.out().lines() {
                    serde_json::from_str::<serde_json::Value>(l).expect("a JSON line");
                }
            }
            _ => {}
        }
        for (stream, bytes) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !bytes.contains(&0x1b),
                "{format} {stream}: raw ESC:\n{text}"
            );
            assert!(
                !text.contains('\u{9b}') && !text.contains('\u{7}'),
                "{format} {stream}: raw control:\n{text}"
            );
            assert!(
                !bytes.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n'),
                "{format} {stream}: bare CR"
            );
            for l in text.lines() {
                assert!(
                    !l.starts_with("::error file=forged"),
                    "{format} {stream}: forged {l}"
                );
            }
        }
    }
}

// ---- wrong results ----

#[test]
fn write_baseline_keeps_the_entries_of_a_file_it_could_not_judge() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    let r = avglint(d.path(), &["check", "n", "--write-baseline", "base.json"]);
    assert_eq!(r.code, 0, "{}", r.err());
    let entries = |text: &str, path: &str| -> usize {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["path"] == path)
            .count()
    };
    let before = std::fs::read_to_string(d.path().join("base.json")).unwrap();
    assert!(entries(&before, "n/a.md") > 0);
    // The file can no longer be judged (binary): its findings are unknown.
    write(d.path(), "n/a.md", [0u8, 1, 2, 3, 0, 0, 0, 7, 8, 0]);
    let r = avglint(d.path(), &["check", "n", "--write-baseline", "base.json"]);
    assert!(r.err().contains("could not be judged"), "{}", r.err());
    let after = std::fs::read_to_string(d.path().join("base.json")).unwrap();
    assert_eq!(entries(&after, "n/a.md"), entries(&before, "n/a.md"));
    assert_eq!(after, before);
}

#[test]
fn pdf_limits_are_named_precisely() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "shared.pdf", pdf_sharing_one_stream(16, 30 << 20));
    write(d.path(), "big.pdf", pdf_sharing_one_stream(1, 33 << 20));
    write(d.path(), "n.md", NOTICE);
    let r = avglint(d.path(), &["check", "--format", "json", "."]);
    let files = files_of(&r);
    let error = |name: &str| {
        files
            .iter()
            .find(|f| f["path"] == name)
            .and_then(|f| f["error"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        error("shared.pdf").contains("limit per document"),
        "{}",
        error("shared.pdf")
    );
    assert!(
        error("big.pdf").contains("limit per page"),
        "{}",
        error("big.pdf")
    );
    assert!(!error("big.pdf").contains("scanned"));
    assert!(r.took < Duration::from_secs(30), "{:?}", r.took);
}

/// A PDF of `pages` pages that all show one compressed content stream of `size` bytes.
fn pdf_sharing_one_stream(pages: usize, size: usize) -> Vec<u8> {
    use lopdf::{dictionary, Object, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let line = b"BT /F1 10 Tf 40 800 Td (filler) Tj ET\n";
    let content: Vec<u8> = line.iter().copied().cycle().take(size).collect();
    let mut stream = Stream::new(dictionary! {}, content);
    stream.compress().unwrap();
    let content_id = doc.add_object(stream);
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            })
            .into()
        })
        .collect();
    common::finish_pdf(doc, pages_id, kids, None)
}

// ---- amplifications ----

/// The hostile inputs of the issue, scaled to keep the test quick, beside a
/// good notice.
fn pathological_folder(dir: &Path) {
    // Every unclosed template opener scanned to the end: linear now.
    let openers: String = ["{{ a ", "{% b ", "{# c "]
        .iter()
        .map(|o| o.repeat(60_000))
        .collect();
    write(
        dir,
        "templ.html",
        format!("<h1>Privacy</h1><p>{openers}</p>"),
    );
    // A deep block quote before many lazy lines.
    write(
        dir,
        "deep.md",
        format!(
            "# Privacy\n\n{} x\n{}",
            ">".repeat(100_000),
            "lazy line\n".repeat(100_000)
        ),
    );
    // Nested list items on one line.
    write(
        dir,
        "lists.md",
        format!("# Privacy\n\n{}x\n", "- ".repeat(5_000)),
    );
    // Emphasis markers without end.
    write(
        dir,
        "stars.md",
        format!("# Privacy\n\n{}\n", "*a ".repeat(400_000)),
    );
    // A long line of suppression comments: thousands of findings on one line.
    write(
        dir,
        "supp.txt",
        format!(
            "Privacy notice\n\nWe keep data.\n{}\n",
            "# avglint-disable-next-line retention: r ".repeat(25_000)
        ),
    );
    write(
        dir,
        "supp.md",
        format!(
            "# Privacy\n\n{}\n",
            "<!-- avglint-enable zz -->".repeat(40_000)
        ),
    );
    write(dir, "shared.pdf", pdf_sharing_one_stream(16, 24 << 20));
    write(dir, "good.md", NOTICE);
}

#[cfg(unix)]
fn peak_child_rss_mib() -> i64 {
    // SAFETY: getrusage only writes into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss / 1024
}

#[test]
fn a_folder_of_pathological_inputs_is_checked_quickly_with_every_file_reported() {
    let d = tempfile::tempdir().unwrap();
    pathological_folder(d.path());
    let alone = avglint(d.path(), &["check", "--format", "json", "good.md"]);
    let r = avglint(d.path(), &["check", "--format", "json", "--jobs", "2", "."]);
    // Debug builds are several times slower than release (30 s there).
    assert!(r.took < Duration::from_secs(50), "took {:?}", r.took);
    let files = files_of(&r);
    assert_eq!(
        files.len(),
        8,
        "{:?}",
        files.iter().map(|f| &f["path"]).collect::<Vec<_>>()
    );
    assert!(internal_errors(&r.json()).is_empty());
    let good = files.iter().find(|f| f["path"] == "good.md").unwrap();
    assert_eq!(good, &files_of(&alone)[0]);
    for f in &files {
        assert!(
            f["findings"].as_array().is_none_or(|a| a.len() <= 1000),
            "{}",
            f["path"]
        );
    }
    // Human output is bounded: a window of the line per finding.
    let human = avglint(
        d.path(),
        &["check", "--color", "never", "supp.txt", "supp.md"],
    );
    assert!(human.stdout.len() < 8 << 20, "{} bytes", human.stdout.len());
    #[cfg(unix)]
    assert!(peak_child_rss_mib() < 1024, "{} MiB", peak_child_rss_mib());
}

// ---- the fuzz targets' properties, on generated inputs ----

/// The properties `fuzz/fuzz_targets/{suppress,config,baseline}.rs` check,
/// over a few thousand inputs pieced together from the parsers' syntax.
#[test]
fn suppression_config_and_baseline_parsers_hold_on_generated_inputs() {
    let parts = [
        "# avglint-disable-file x",
        "<!-- avglint-disable retention: why -->",
        "<!-- avglint-enable",
        " -->",
        "# avglint-enable y",
        "# avglint-disable-next-line a, b: c",
        "\n",
        "\r\n",
        "\r",
        ":",
        "é",
        " ",
        "x",
        "<!--",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let n = (next() % 12) as usize;
        let text: String = (0..n)
            .map(|_| parts[(next() % parts.len() as u64) as usize])
            .collect();
        let directives = avglint::suppress::parse(&text);
        let mut end = 0;
        for d in &directives {
            assert!(end <= d.span.start, "{text:?}: overlap at {:?}", d.span);
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            end = d.span.end;
        }
        assert_eq!(avglint::suppress::mask(&text).len(), text.len());
    }
    let configs = [
        "[[overrides]]\npaths = [\"../**\", \"./a//b\"]\nignore = []\n",
        "rules-dir = \"\"\n",
        "[[overrides]]\npaths = [\"[\"]\n",
        "fail-level = 3\n",
    ];
    for text in configs {
        let path = std::path::PathBuf::from("/p/avglint.toml");
        if let Ok(loaded) = avglint::config::parse(path, text.to_string()) {
            let settings = avglint::config::Settings::new(Some(loaded), Default::default());
            for p in ["a.md", "../x/b.md", "./g//c.md", "/p/g/d.md", ""] {
                let _ = settings.for_path(Path::new(p), Path::new("/p/sub"));
            }
        }
    }
    for text in [
        "{\"version\": 1, \"findings\": []}",
        "{\"version\": 2, \"findings\": []}",
        "{\"version\": 1, \"findings\": [{\"path\": \"\\u0000\", \"rule\": \"\", \"fingerprint\": \"\"}]}",
        "[",
        "",
    ] {
        if let Ok(b) = avglint::baseline::Baseline::parse(text, Path::new("b.json")) {
            let again = serde_json::to_string_pretty(&b).unwrap();
            let back = avglint::baseline::Baseline::parse(&again, Path::new("again.json")).unwrap();
            assert_eq!(back.findings, b.findings);
            let _ = b.index();
        }
    }
}

#[cfg(unix)]
#[test]
fn a_baseline_write_that_fails_half_way_leaves_the_old_baseline() {
    let d = tempfile::tempdir().unwrap();
    notices(d.path());
    let r = avglint(
        d.path(),
        &["check", "n/a.md", "--write-baseline", "base.json"],
    );
    assert_eq!(r.code, 0, "{}", r.err());
    let old = std::fs::read(d.path().join("base.json")).unwrap();
    assert!(old.len() < 4096, "{}", old.len());
    // A file size limit of 4 KiB: the baseline of three notices is larger.
    let status = Command::new("sh")
        .current_dir(d.path())
        .arg("-c")
        .arg(format!(
            "ulimit -f 4; exec '{}' check n --write-baseline base.json",
            env!("CARGO_BIN_EXE_avglint")
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    assert_eq!(std::fs::read(d.path().join("base.json")).unwrap(), old);
}

#[cfg(unix)]
#[test]
fn an_interrupted_audit_leaves_the_old_report_or_a_complete_new_one() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(
            d.path(),
            &format!("n/{i:03}.md"),
            NOTICE.replace("Tulip", &format!("Shop{i}")),
        );
    }
    let r = avglint(
        d.path(),
        &["audit", "n", "--html", "r.html", "--csv", "r.csv"],
    );
    assert_eq!(r.code, 0, "{}", r.err());
    let (old_html, old_csv) = (
        std::fs::read(d.path().join("r.html")).unwrap(),
        std::fs::read(d.path().join("r.csv")).unwrap(),
    );
    write(d.path(), "n/new.md", NOTICE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_avglint"))
        .current_dir(d.path())
        .args([
            "audit", "n", "--html", "r.html", "--csv", "r.csv", "--jobs", "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: kill only sends a signal to the child we started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let _ = child.wait();
    let html = std::fs::read(d.path().join("r.html")).unwrap();
    let csv = std::fs::read(d.path().join("r.csv")).unwrap();
    if html == old_html {
        assert_eq!(csv, old_csv, "the HTML is old, so the CSV must be");
    } else {
        assert!(html.ends_with(b"</html>\n"), "a cut HTML page");
        assert!(csv.len() > old_csv.len(), "a cut CSV");
    }
}
