//! CI gating from the command line: config, suppressions, baselines, formats,
//! `rules`, `explain` and `init`. Each test runs in its own temporary folder.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const GAPS_NL: &str = include_str!("../fixtures/nl/vereniging-gaps.md");
const GAPS_EN: &str = include_str!("../fixtures/en/startup-gaps.md");
const COMPLETE_NL: &str = include_str!("../fixtures/nl/gemeente-complete.md");

fn avglint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("avglint").expect("binary builds");
    cmd.current_dir(dir).env_remove("AVGLINT_RULES_DIR");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(p, text).expect("write file");
}

/// Runs `check --format json` and returns (exit code, findings of every file).
fn check_json(dir: &Path, args: &[&str]) -> (i32, Vec<Value>) {
    let out = avglint(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .collect();
    (out.status.code().expect("exit code"), findings)
}

fn rules(findings: &[Value]) -> Vec<&str> {
    findings
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn config_ignore_by_element_id() {
    let d = tmp();
    write(d.path(), "club.md", GAPS_NL);
    let (_, before) = check_json(d.path(), &["club.md"]);
    assert!(rules(&before).contains(&"missing-dpo-contact"));
    write(d.path(), "avglint.toml", "ignore = [\"dpo_contact\"]\n");
    let (_, after) = check_json(d.path(), &["club.md"]);
    assert!(!rules(&after).contains(&"missing-dpo-contact"));
    assert_eq!(after.len(), before.len() - 1);
}

#[test]
fn config_is_found_upward_and_overrides_apply_by_path() {
    let d = tmp();
    write(d.path(), "club/a.md", GAPS_NL);
    write(d.path(), "other/a.md", GAPS_NL);
    write(
        d.path(),
        ".avglint.toml",
        "[[overrides]]\npaths = [\"club/**\"]\nignore = [\"missing-dpo-contact\"]\n",
    );
    let (_, club) = check_json(&d.path().join("club"), &["a.md"]);
    assert!(!rules(&club).contains(&"missing-dpo-contact"));
    let (_, other) = check_json(d.path(), &["other/a.md"]);
    assert!(rules(&other).contains(&"missing-dpo-contact"));
}

#[test]
fn cli_flags_win_over_config() {
    let d = tmp();
    write(d.path(), "app.md", GAPS_EN);
    write(
        d.path(),
        "avglint.toml",
        "fail-level = \"error\"\nselect = [\"vague-retention\"]\n",
    );
    let (code, f) = check_json(d.path(), &["app.md"]);
    assert_eq!(rules(&f), ["vague-retention"]);
    assert_eq!(code, 0, "a warning is below the config's fail level");
    let (code, f) = check_json(
        d.path(),
        &[
            "app.md",
            "--fail-level",
            "warning",
            "--select",
            "retention,complaint",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(rules(&f), ["missing-complaint", "vague-retention"]);
}

#[test]
fn unknown_config_key_is_exit_2_with_its_line() {
    let d = tmp();
    write(d.path(), "club.md", GAPS_NL);
    write(
        d.path(),
        "avglint.toml",
        "# comment\nfail-level = \"error\"\nfial-level = \"warning\"\n",
    );
    avglint(d.path())
        .args(["check", "club.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("avglint.toml:3:"))
        .stderr(predicates::str::contains("fial-level"));
}

#[test]
fn unknown_id_in_config_is_exit_2_with_its_line() {
    let d = tmp();
    write(d.path(), "club.md", GAPS_NL);
    write(
        d.path(),
        "avglint.toml",
        "ignore = [\n  \"retention\",\n  \"no-such-rule\",\n]\n",
    );
    avglint(d.path())
        .args(["check", "club.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("avglint.toml:3:"))
        .stderr(predicates::str::contains("no-such-rule"));
}

#[test]
fn explicit_config_and_no_config() {
    let d = tmp();
    write(d.path(), "club.md", GAPS_NL);
    write(d.path(), "avglint.toml", "ignore = [\"dpo_contact\"]\n");
    write(d.path(), "ci/strict.toml", "ignore = []\n");
    let (_, f) = check_json(d.path(), &["club.md", "--config", "ci/strict.toml"]);
    assert!(rules(&f).contains(&"missing-dpo-contact"));
    let (_, f) = check_json(d.path(), &["club.md", "--no-config"]);
    assert!(rules(&f).contains(&"missing-dpo-contact"));
    avglint(d.path())
        .args(["check", "club.md", "--config", "missing.toml"])
        .assert()
        .code(2);
}

#[test]
fn file_level_suppression_silences_a_missing_element() {
    let d = tmp();
    let text = format!(
        "<!-- avglint-disable-file dpo_contact: a sports club need not appoint a DPO -->\n{GAPS_NL}"
    );
    write(d.path(), "club.md", &text);
    let (_, f) = check_json(d.path(), &["club.md"]);
    let r = rules(&f);
    assert!(!r.contains(&"missing-dpo-contact"), "{r:?}");
    assert!(!r.contains(&"unused-suppression"), "{r:?}");
    assert!(
        r.contains(&"missing-complaint"),
        "only the named element is silenced"
    );
}

#[test]
fn reasonless_suppression_is_reported_and_not_applied() {
    let d = tmp();
    write(
        d.path(),
        "club.md",
        &format!("{GAPS_NL}\n<!-- avglint-disable-file dpo_contact -->\n"),
    );
    let (_, f) = check_json(d.path(), &["club.md"]);
    assert!(rules(&f).contains(&"missing-dpo-contact"));
    let s = f
        .iter()
        .find(|x| x["rule"] == "suppression-without-reason")
        .expect("reasonless suppression reported");
    assert_eq!(s["severity"], "warning");
    assert_eq!(s["span"]["line"], GAPS_NL.lines().count() + 2);
}

#[test]
fn unused_and_unknown_suppressions_are_reported() {
    let d = tmp();
    write(
        d.path(),
        "gemeente.md",
        &format!("<!-- avglint-disable-file retention, no-such-id: accepted -->\n{COMPLETE_NL}"),
    );
    let (code, f) = check_json(d.path(), &["gemeente.md"]);
    assert_eq!(rules(&f), ["unused-suppression", "unused-suppression"]);
    assert!(f[1]["message"]
        .as_str()
        .unwrap_or("")
        .contains("no-such-id"));
    assert_eq!(f[0]["span"]["line"], 1);
    assert_eq!(code, 0, "warnings stay below the default fail level");
}

#[test]
fn next_line_and_range_suppressions() {
    let d = tmp();
    let vague = "We keep your personal data for as long as necessary";
    let next_line = GAPS_EN.replace(
        vague,
        &format!(
            "<!-- avglint-disable-next-line vague-retention: agreed with our DPO -->\n\n{vague}"
        ),
    );
    write(d.path(), "a.md", &next_line);
    let (_, f) = check_json(d.path(), &["a.md"]);
    assert!(!rules(&f).contains(&"vague-retention"), "{:?}", rules(&f));
    assert!(!rules(&f).contains(&"unused-suppression"));

    let range = GAPS_EN
        .replace(
            "## How long we keep it",
            "<!-- avglint-disable retention: agreed with our DPO -->\n## How long we keep it",
        )
        .replace(
            "## Do you have to give",
            "<!-- avglint-enable retention -->\n## Do you have to give",
        );
    write(d.path(), "b.md", &range);
    let (_, f) = check_json(d.path(), &["b.md"]);
    assert!(!rules(&f).contains(&"vague-retention"));
    assert!(!rules(&f).contains(&"unused-suppression"));

    let elsewhere = GAPS_EN.replace(
        "## Do you have to give",
        "<!-- avglint-disable retention: wrong place -->\n## Do you have to give",
    );
    write(d.path(), "c.md", &elsewhere);
    let (_, f) = check_json(d.path(), &["c.md"]);
    assert!(rules(&f).contains(&"vague-retention"));
    assert!(rules(&f).contains(&"unused-suppression"));
}

#[test]
fn baseline_survives_inserted_lines_and_moved_sections_but_not_a_removed_element() {
    let d = tmp();
    write(d.path(), "app.md", GAPS_EN);
    write(d.path(), "gemeente.md", COMPLETE_NL);
    avglint(d.path())
        .args([
            "check",
            "app.md",
            "gemeente.md",
            "--write-baseline",
            "baseline.json",
        ])
        .assert()
        .code(0);
    let written = std::fs::read_to_string(d.path().join("baseline.json")).expect("baseline");
    assert!(written.contains("vague-retention"));
    let (code, f) = check_json(
        d.path(),
        &["app.md", "gemeente.md", "--baseline", "baseline.json"],
    );
    assert_eq!((code, f.len()), (0, 0));

    // Lines inserted above every finding, and the vague section moved to the end.
    let start = GAPS_EN.find("## How long we keep it").expect("section");
    let end = GAPS_EN
        .find("## Do you have to give")
        .expect("next section");
    let moved = format!(
        "{}\n\nA new introduction.\n\nAnd another paragraph.\n\n{}{}\n\n{}",
        &GAPS_EN[..GAPS_EN.find('\n').expect("title line")],
        &GAPS_EN[GAPS_EN.find('\n').expect("title line")..start],
        &GAPS_EN[end..],
        &GAPS_EN[start..end]
    );
    write(d.path(), "app.md", &moved);
    let (code, f) = check_json(
        d.path(),
        &["app.md", "gemeente.md", "--baseline", "baseline.json"],
    );
    assert_eq!((code, rules(&f)), (0, vec![]));

    // Removing the retention section makes a new finding that fails the build.
    let start = COMPLETE_NL.find("## Hoe lang bewaren").expect("section");
    let end = COMPLETE_NL.find("## Uw rechten").expect("next section");
    let removed = format!("{}{}", &COMPLETE_NL[..start], &COMPLETE_NL[end..]);
    write(d.path(), "gemeente.md", &removed);
    let (code, f) = check_json(
        d.path(),
        &["app.md", "gemeente.md", "--baseline", "baseline.json"],
    );
    assert_eq!(code, 1);
    assert_eq!(rules(&f), ["missing-retention"]);
}

#[test]
fn broken_baseline_is_exit_2() {
    let d = tmp();
    write(d.path(), "app.md", GAPS_EN);
    write(
        d.path(),
        "baseline.json",
        "{ \"version\": 1, \"findings\": [ }",
    );
    avglint(d.path())
        .args(["check", "app.md", "--baseline", "baseline.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("baseline.json:1:"));
}

#[test]
fn github_lines_are_well_formed_and_escaped() {
    let d = tmp();
    write(d.path(), "my app, v2: notice.md", GAPS_EN);
    let out = avglint(d.path())
        .args(["check", "my app, v2: notice.md", "--format", "github"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let line = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]+::[^\r\n]+$",
    )
    .expect("regex");
    let mut levels = Vec::new();
    for l in text.lines() {
        assert!(line.is_match(l), "malformed: {l}");
        assert!(l.contains("file=my app%2C v2%3A notice.md,"), "{l}");
        assert!(l.contains("%0Ahelp: "), "{l}");
        levels.push(l[2..].split(' ').next().unwrap_or("").to_owned());
    }
    assert!(levels.len() >= 2);
    let first_warning = levels
        .iter()
        .position(|l| l == "warning")
        .expect("a warning");
    assert!(
        levels[first_warning..].iter().all(|l| l != "error"),
        "errors first: {levels:?}"
    );
}

#[test]
fn sarif_output_is_schema_valid() {
    let schema: Value = serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json"))
        .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let d = tmp();
    write(d.path(), "app.md", GAPS_EN);
    write(
        d.path(),
        "club.md",
        &format!("{GAPS_NL}\n<!-- avglint-disable-file dpo_contact -->\n"),
    );
    write(d.path(), "gemeente.md", COMPLETE_NL);
    write(d.path(), "empty.txt", "   \n");
    let out = avglint(d.path())
        .args(["check", ".", "--format", "sarif"])
        .output()
        .expect("runs");
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= 5);
    let r = &results[0];
    assert!(r["partialFingerprints"]["avglint/v1"].is_string());
    assert!(r["properties"]["article"].is_string());
    assert!(r["locations"][0]["physicalLocation"]["region"]["endColumn"].is_u64());
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    let rule = &log["runs"][0]["tool"]["driver"]["rules"]
        [r["ruleIndex"].as_u64().expect("index") as usize];
    assert_eq!(rule["id"], r["ruleId"]);
    assert!(rule["fullDescription"]["text"].is_string());
    assert!(rule["help"]["text"].is_string());
}

#[test]
fn junit_output_counts_failures() {
    let d = tmp();
    write(d.path(), "app.md", GAPS_EN);
    write(d.path(), "gemeente.md", COMPLETE_NL);
    let out = avglint(d.path())
        .args(["check", "app.md", "gemeente.md", "--format", "junit"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    let suite = |text: &str, name: &str| {
        let start = text
            .find(&format!("<testsuite name=\"{name}\""))
            .expect("suite");
        text[start..start + text[start..].find('>').expect("tag end")].to_string()
    };
    // One case per element and check, however many findings; failures only at the fail level.
    let complete = suite(&text, "gemeente.md");
    assert!(complete.contains("failures=\"0\""), "{complete}");
    let tests = |tag: &str| {
        tag.split("tests=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .map(str::to_owned)
    };
    assert_eq!(tests(&complete), tests(&suite(&text, "app.md")));
    assert!(
        !text.contains("<failure type=\"vague-retention\""),
        "a warning is below the fail level"
    );
    let out = avglint(d.path())
        .args([
            "check",
            "app.md",
            "--format",
            "junit",
            "--fail-level",
            "warning",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("<failure type=\"vague-retention\""));
}

#[test]
fn rules_lists_every_rule_and_explain_shows_examples() {
    let d = tmp();
    let out = avglint(d.path()).arg("rules").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).expect("utf-8");
    for id in [
        "missing-retention",
        "vague-retention",
        "suppression-without-reason",
        "unused-suppression",
    ] {
        assert!(
            table.lines().any(|l| l.starts_with(id)),
            "{id} missing from\n{table}"
        );
    }
    avglint(d.path())
        .args(["explain", "vague-retention"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("13(2)(a)"))
        .stdout(predicates::str::contains("no longer than necessary"));
    avglint(d.path())
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("avglint rules"));
}

#[test]
fn init_writes_a_starter_config_that_loads() {
    let d = tmp();
    avglint(d.path()).arg("init").assert().code(0);
    let text = std::fs::read_to_string(d.path().join("avglint.toml")).expect("written");
    assert!(text.contains("fail-level"));
    avglint(d.path()).arg("init").assert().code(2);
    avglint(d.path()).args(["init", "--force"]).assert().code(0);
    write(d.path(), "app.md", GAPS_EN);
    avglint(d.path()).args(["check", "app.md"]).assert().code(1);
}

#[test]
fn rules_dir_overrides_a_builtin_rule() {
    let d = tmp();
    write(d.path(), "club.md", GAPS_NL);
    let builtin = include_str!("../rules/elements/dpo_contact.toml");
    let relaxed = builtin.replacen("severity = \"error\"", "severity = \"info\"", 1);
    assert_ne!(builtin, relaxed);
    write(d.path(), "our-rules/elements/dpo_contact.toml", &relaxed);
    write(d.path(), "avglint.toml", "rules-dir = \"our-rules\"\n");
    let (_, f) = check_json(d.path(), &["club.md"]);
    let dpo = f
        .iter()
        .find(|x| x["rule"] == "missing-dpo-contact")
        .expect("still reported");
    assert_eq!(dpo["severity"], "info");
    write(d.path(), "avglint.toml", "rules-dir = \"nowhere\"\n");
    avglint(d.path())
        .args(["check", "club.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("rules-dir"));
}

#[test]
fn hash_directive_in_plain_text_suppresses_and_is_not_notice_text() {
    let d = tmp();
    let shop = include_str!("../fixtures/nl/webwinkel.txt");
    write(
        d.path(),
        "shop.txt",
        &format!("# avglint-disable-file dpo_contact: no DPO needed, says our FG\n{shop}"),
    );
    let (_, f) = check_json(d.path(), &["shop.txt"]);
    let r = rules(&f);
    assert!(!r.contains(&"missing-dpo-contact"), "{r:?}");
    // Had the comment's words ("DPO", "FG") counted as the notice's own text,
    // the element would be present and the suppression unused.
    assert!(!r.contains(&"unused-suppression"), "{r:?}");
}

/// Paths of the files a JSON report judged.
fn judged(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = avglint(dir).args(args).output().expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut paths: Vec<String> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").replace('\\', "/"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_walk_leaves_out_the_config_baseline_and_reports_of_the_run() {
    let dir = tmp();
    write(dir.path(), "notices/a.md", GAPS_NL);
    write(
        dir.path(),
        "notices/avglint.toml",
        "fail-level = \"error\"\n",
    );
    let baseline = dir.path().join("notices/baseline.json");
    let baseline = baseline.to_str().expect("utf-8 path");
    avglint(dir.path())
        .args(["check", "notices", "--write-baseline", baseline])
        .assert()
        .success();
    // The baseline now lies in the walked folder: read by the run, not judged.
    assert_eq!(
        judged(
            dir.path(),
            &[
                "check",
                "notices",
                "--baseline",
                baseline,
                "--format",
                "json"
            ]
        ),
        ["notices/a.md"]
    );
    // Without `--baseline` it is just a JSON file of the folder (not a notice).
    assert_eq!(
        judged(dir.path(), &["check", "notices", "--format", "json"]),
        ["notices/a.md", "notices/baseline.json"]
    );
    // An audit writing its page into the audited folder does not read it back.
    for _ in 0..2 {
        avglint(dir.path())
            .args(["audit", "notices", "--html", "notices/report.html"])
            .assert()
            .success();
    }
    let page = std::fs::read_to_string(dir.path().join("notices/report.html")).expect("page");
    assert!(page.contains("\"a.md\""));
    assert!(!page.contains("report.html\""), "the report lists itself");
}

#[test]
fn audit_applies_the_config_as_check_does() {
    let dir = tmp();
    write(dir.path(), "notices/a.md", GAPS_NL);
    let csv = |args: &[&str]| {
        avglint(dir.path())
            .args(["audit", "notices", "--csv", "matrix.csv"])
            .args(args)
            .assert()
            .success();
        let text = std::fs::read_to_string(dir.path().join("matrix.csv")).expect("csv");
        let mut rows = text
            .lines()
            .map(|l| l.split(';').map(str::to_owned).collect::<Vec<_>>());
        let header = rows.next().expect("header");
        let row = rows.next().expect("one row");
        let at = header
            .iter()
            .position(|h| h == "language")
            .expect("language column");
        row[at].clone()
    };
    assert_eq!(csv(&[]), "nl");
    write(
        dir.path(),
        "avglint.toml",
        "[[overrides]]\npaths = [\"notices/*.md\"]\nlanguage = \"en\"\n",
    );
    assert_eq!(csv(&[]), "en", "a per-path override of the config");
    assert_eq!(csv(&["--no-config"]), "nl");
    // An explicit config file inside the audited folder is read, not audited.
    write(dir.path(), "notices/audit.toml", "language = \"en\"\n");
    let text = {
        avglint(dir.path())
            .args([
                "audit",
                "notices",
                "--config",
                "notices/audit.toml",
                "--csv",
                "matrix.csv",
            ])
            .assert()
            .success();
        std::fs::read_to_string(dir.path().join("matrix.csv")).expect("csv")
    };
    assert_eq!(text.lines().count(), 2, "{text}");
}
