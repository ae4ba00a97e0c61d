//! Command-line cases as data (like typos' `tests/cmd`): each
//! `tests/cmd/*.toml` names the files to lay out in a temporary folder, the
//! arguments, standard input, the exit code and what the output must and
//! must not contain. One case per point of the gate and its output.

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    #[serde(default)]
    stdin: Option<String>,
    code: i32,
    /// File name -> contents.
    #[serde(default)]
    files: BTreeMap<String, String>,
    /// File name -> a file of the project to copy there.
    #[serde(default)]
    copy: BTreeMap<String, String>,
    #[serde(default)]
    stdout_contains: Vec<String>,
    #[serde(default)]
    stdout_lacks: Vec<String>,
    #[serde(default)]
    stderr_contains: Vec<String>,
    /// Substring -> how often it occurs in standard output.
    #[serde(default)]
    stdout_counts: BTreeMap<String, usize>,
    /// Standard output must be empty.
    #[serde(default)]
    stdout_empty: bool,
}

fn run_case(name: &str, case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, text) in &case.files {
        let p = dir.path().join(file);
        std::fs::create_dir_all(p.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&p, text).map_err(|e| e.to_string())?;
    }
    for (file, from) in &case.copy {
        let p = dir.path().join(file);
        std::fs::create_dir_all(p.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::copy(root.join(from), &p).map_err(|e| format!("{from}: {e}"))?;
    }
    let mut cmd = Command::cargo_bin("avglint").map_err(|e| e.to_string())?;
    cmd.current_dir(dir.path())
        .env_remove("AVGLINT_RULES_DIR")
        .env_remove("COLUMNS")
        .args(&case.args);
    if let Some(input) = &case.stdin {
        cmd.write_stdin(input.clone());
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if out.status.code() != Some(case.code) {
        problems.push(format!(
            "exit {:?}, expected {}",
            out.status.code(),
            case.code
        ));
    }
    for s in &case.stdout_contains {
        if !stdout.contains(s.as_str()) {
            problems.push(format!("stdout lacks {s:?}"));
        }
    }
    for s in &case.stdout_lacks {
        if stdout.contains(s.as_str()) {
            problems.push(format!("stdout has {s:?}"));
        }
    }
    for s in &case.stderr_contains {
        if !stderr.contains(s.as_str()) {
            problems.push(format!("stderr lacks {s:?}"));
        }
    }
    for (s, n) in &case.stdout_counts {
        let got = stdout.matches(s.as_str()).count();
        if got != *n {
            problems.push(format!("stdout has {s:?} {got} times, expected {n}"));
        }
    }
    if case.stdout_empty && !stdout.is_empty() {
        problems.push("stdout is not empty".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
            problems.join("; ")
        ))
    }
}

#[test]
fn command_line_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cmd")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "the cases are there");
    let failures: Vec<String> = names
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).expect("read case");
            let case: Case =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            run_case(&name, &case).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn avglint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("avglint").expect("binary builds");
    cmd.current_dir(dir).env_remove("AVGLINT_RULES_DIR");
    cmd
}

fn copy_data(dir: &Path, name: &str, data: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("tests/data").join(data), dir.join(name)).expect("copy");
}

/// JUnit: one test case per element and per check of no element (plus
/// `avglint`) for every notice, however many findings; failures only at or
/// above the fail level.
#[test]
fn junit_has_a_stable_count_and_fails_at_the_fail_level() {
    let d = tempfile::tempdir().expect("temp dir");
    copy_data(d.path(), "gaps.md", "consent-en.md");
    copy_data(d.path(), "vague.md", "snapshot-en.txt");
    let junit = |args: &[&str]| {
        let out = avglint(d.path())
            .args(["check", "--format", "junit"])
            .args(args)
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let cases = |xml: &str, suite: &str| {
        let start = xml
            .find(&format!("<testsuite name=\"{suite}\""))
            .expect("suite");
        let end = start + xml[start..].find("</testsuite>").expect("end");
        xml[start..end].matches("<testcase ").count()
    };
    let all = junit(&["gaps.md", "vague.md"]);
    let n = cases(&all, "gaps.md");
    assert_eq!(
        n,
        cases(&all, "vague.md"),
        "same count whatever the findings"
    );
    assert!(n > 16, "sixteen elements plus checks and avglint: {n}");
    let failures = |xml: &str| xml.matches("<failure ").count();
    let at_error = junit(&["gaps.md"]);
    let at_info = junit(&["--fail-level", "info", "gaps.md"]);
    assert!(
        failures(&at_info) > failures(&at_error),
        "the note on rights fails only at --fail-level info"
    );
    assert!(
        at_error.contains("<system-out>"),
        "a note below the fail level is output"
    );
    // The merged finding is one failure, in the element's case.
    assert_eq!(
        at_error
            .matches("type=\"consent-without-withdrawal\"")
            .count(),
        1
    );
}

/// A baseline entry that matches no finding is reported as stale, and
/// `--prune-baseline` removes it from the file.
#[test]
fn stale_baseline_entries_are_reported_and_pruned() {
    let d = tempfile::tempdir().expect("temp dir");
    copy_data(d.path(), "notice.md", "consent-en.md");
    avglint(d.path())
        .args(["check", "--write-baseline", "b.json", "notice.md"])
        .assert()
        .code(0);
    let before = std::fs::read_to_string(d.path().join("b.json")).expect("baseline");
    // Close one gap: the notice now says consent can be withdrawn.
    let mut text = std::fs::read_to_string(d.path().join("notice.md")).expect("read");
    text.push_str("\nYou can withdraw your consent at any time by writing to us.\n");
    std::fs::write(d.path().join("notice.md"), text).expect("write");
    let out = avglint(d.path())
        .args([
            "check",
            "--format",
            "concise",
            "--baseline",
            "b.json",
            "notice.md",
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("match no finding any more (stale)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("notice.md consent-without-withdrawal"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(0), "nothing new");
    avglint(d.path())
        .args([
            "check",
            "--baseline",
            "b.json",
            "--prune-baseline",
            "notice.md",
        ])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "removed 1 stale entries from b.json",
        ));
    let after = std::fs::read_to_string(d.path().join("b.json")).expect("baseline");
    assert!(before.contains("consent-without-withdrawal"));
    assert!(!after.contains("consent-without-withdrawal"));
    // Pruned, nothing is stale any more.
    let out = avglint(d.path())
        .args(["check", "--baseline", "b.json", "notice.md"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("stale"));
}

/// `--format gitlab` and `--format rdjson` are valid against the schemas of
/// their formats (copies in `tests/schemas/`), on a notice with missing,
/// vague and refined findings and on an unreadable file.
#[test]
fn gitlab_and_rdjson_follow_their_schemas() {
    let d = tempfile::tempdir().expect("temp dir");
    copy_data(d.path(), "gaps.md", "consent-en.md");
    copy_data(d.path(), "vague.md", "snapshot-nl.md");
    std::fs::write(d.path().join("empty.md"), "").expect("write");
    for (format, schema) in [
        (
            "gitlab",
            include_str!("schemas/gitlab-codequality.schema.json"),
        ),
        ("rdjson", include_str!("schemas/rdjson.schema.json")),
    ] {
        let out = avglint(d.path())
            .args([
                "check", "--format", format, "empty.md", "gaps.md", "vague.md",
            ])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let doc: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{format} is JSON: {e}"));
        let schema: serde_json::Value = serde_json::from_str(schema).expect("schema");
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{format}: {errors:#?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("unreadable"),
            "{format}: the empty file is reported"
        );
    }
    // GitLab fingerprints are unique in a report.
    let out = avglint(d.path())
        .args(["check", "--format", "gitlab", "gaps.md", "vague.md"])
        .output()
        .expect("runs");
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), n);
    // rdjson: the vague retention statement gets the help's example as a suggestion.
    let out = avglint(d.path())
        .args(["check", "--format", "rdjson", "vague.md"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let vague = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"]["value"] == "vague-retention")
        .expect("vague-retention");
    let text = vague["suggestions"][0]["text"]
        .as_str()
        .expect("a suggestion");
    assert!(!text.is_empty() && !text.contains("bijv."), "{text}");
}
