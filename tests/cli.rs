//! Command-line behaviour: exit codes, output shape, determinism, bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn avglint() -> Command {
    Command::cargo_bin("avglint").expect("binary builds")
}

fn json_report(args: &[&str]) -> (serde_json::Value, i32) {
    let out = avglint()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (v, out.status.code().unwrap_or(-1))
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn fixtures_with_gaps_exit_1_with_compiler_style_diagnostics() {
    avglint()
        .args([
            "check",
            "--color",
            "never",
            &fixture("nl/vereniging-gaps.md"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fout: de verklaring behandelt"))
        .stdout(predicate::str::contains("[missing-dpo-contact]"))
        .stdout(predicate::str::contains("vereniging-gaps.md:1:"));
}

#[test]
fn json_report_has_the_contract_shape() {
    let (v, code) = json_report(&[&fixture("")]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "avglint");
    let files = v["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are reported in path order");
    for f in files {
        match f["kind"].as_str().unwrap() {
            "notice" => {
                assert_eq!(f["elements"].as_object().unwrap().len(), 16);
                for (id, e) in f["elements"].as_object().unwrap() {
                    let status = e["status"].as_str().unwrap();
                    assert!(["present", "absent", "vague", "not_applicable", "unclear"]
                        .contains(&status));
                    if status == "present" || status == "vague" {
                        assert!(
                            !e["evidence"].as_array().unwrap().is_empty(),
                            "{id} has evidence"
                        );
                    }
                }
                for finding in f["findings"].as_array().unwrap() {
                    for key in [
                        "rule", "element", "check", "severity", "article", "message", "help",
                        "span", "related",
                    ] {
                        assert!(finding.get(key).is_some(), "finding has {key}");
                    }
                }
            }
            "not_a_notice" => assert!(f["findings"].as_array().unwrap().is_empty()),
            other => panic!("unexpected kind {other}"),
        }
    }
    let kinds: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds
        .iter()
        .any(|(p, k)| p.ends_with("nieuwsbericht.md") && *k == "not_a_notice"));
}

#[test]
fn output_is_the_same_for_any_number_of_jobs() {
    let run = |jobs: &str| {
        avglint()
            .args(["check", "--format", "json", "--jobs", jobs, &fixture("")])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("2"));
}

#[test]
fn a_missing_path_is_exit_2_with_one_line() {
    avglint()
        .args(["check", "no/such/notice.md"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no/such/notice.md")
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
}

#[test]
fn an_unknown_flag_is_exit_2() {
    avglint()
        .args(["check", "--no-such-flag", "x.md"])
        .assert()
        .code(2);
}

#[test]
fn complete_notices_exit_0_without_gaps() {
    for f in ["nl/gemeente-complete.md", "en/company-complete.md"] {
        let (v, code) = json_report(&[&fixture(f)]);
        let file = &v["files"][0];
        let gaps: Vec<&String> = file["elements"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, e)| matches!(e["status"].as_str(), Some("absent" | "vague")))
            .map(|(k, _)| k)
            .collect();
        assert!(gaps.is_empty(), "{f}: gaps {gaps:?}");
        assert_eq!(code, 0, "{f}");
    }
}

/// Splits a Markdown notice into its `##` sections: (heading, byte range).
fn sections(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut starts: Vec<(String, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(h) = line.strip_prefix("## ") {
            starts.push((h.trim().to_owned(), offset));
        }
        offset += line.len();
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|s| s.1)
        .chain([text.len()])
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .map(|((h, s), e)| (h, s..e))
        .collect()
}

#[test]
fn removing_one_section_makes_exactly_that_element_a_gap() {
    let labels: toml::Table =
        toml::from_str(&std::fs::read_to_string(fixture("labels.toml")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for f in ["nl/gemeente-complete.md", "en/company-complete.md"] {
        let text = std::fs::read_to_string(fixture(f)).unwrap();
        let map = labels[f]["sections"].as_table().unwrap();
        for (element, heading) in map {
            let heading = heading.as_str().unwrap();
            let (_, range) = sections(&text)
                .into_iter()
                .find(|(h, _)| h == heading)
                .expect("section exists");
            let mut cut = text.clone();
            cut.replace_range(range, "");
            let path = dir
                .path()
                .join(format!("{}-without-{element}.md", f.replace('/', "-")));
            std::fs::write(&path, cut).unwrap();
            let (v, _) = json_report(&[path.to_str().unwrap()]);
            let els = v["files"][0]["elements"].as_object().unwrap().clone();
            let gap = |e: &str| matches!(els[e]["status"].as_str(), Some("absent" | "vague"));
            let conditional = ["source", "consent_withdrawal", "legitimate_interests"];
            let gone = gap(element)
                || (conditional.contains(&element.as_str())
                    && els[element]["status"] == "not_applicable");
            let others: Vec<&String> = els.keys().filter(|k| *k != element && gap(k)).collect();
            if !gone || !others.is_empty() {
                failures.push(format!(
                    "{f} without `{heading}`: {element} is {}, other gaps {others:?}",
                    els[element]["status"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn fail_level_decides_whether_warnings_fail() {
    let text = std::fs::read_to_string(fixture("en/company-complete.md")).unwrap();
    let heading = labels_heading("en/company-complete.md", "retention");
    let (_, range) = sections(&text)
        .into_iter()
        .find(|(h, _)| *h == heading)
        .unwrap();
    let mut vague = text.clone();
    vague.replace_range(
        range,
        &format!("## {heading}\n\nWe keep your personal data for no longer than necessary.\n\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vague.md");
    std::fs::write(&path, vague).unwrap();
    let p = path.to_str().unwrap();
    let (v, code) = json_report(&[p]);
    assert_eq!(v["files"][0]["elements"]["retention"]["status"], "vague");
    assert_eq!(code, 0, "a warning does not fail at the default level");
    avglint()
        .args(["check", "--fail-level", "warning", p])
        .assert()
        .code(1);
}

fn labels_heading(file: &str, element: &str) -> String {
    let labels: toml::Table =
        toml::from_str(&std::fs::read_to_string(fixture("labels.toml")).unwrap()).unwrap();
    labels[file]["sections"][element]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn bad_input_never_panics_and_never_stops_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a-empty.md"), "").unwrap();
    std::fs::write(
        d.join("b-binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(100),
    )
    .unwrap();
    let mut latin1 = b"Privacyverklaring\n\nWij bewaren uw gegevens tot 7 jaar na de laatste bestelling. Caf\xe9.\n".to_vec();
    latin1.extend(std::iter::repeat_n(b'x', 10));
    std::fs::write(d.join("c-latin1.txt"), latin1).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Privacy\r\n\r\nWe keep your data for 2 years.".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(d.join("d-utf16.txt"), utf16).unwrap();
    std::fs::write(
        d.join("e-big.md"),
        "Wij bewaren uw gegevens. ".repeat(10 * 1024 * 1024 / 25),
    )
    .unwrap();
    std::fs::write(d.join("f-longline.txt"), "woord ".repeat(1024 * 1024 / 6)).unwrap();
    std::fs::write(
        d.join("g-cr-only.txt"),
        "Privacy\r\rWij bewaren uw gegevens 2 jaar.\rU kunt een klacht indienen bij de AP.",
    )
    .unwrap();
    std::fs::copy(fixture("nl/vereniging-gaps.md"), d.join("h-good.md")).unwrap();
    let (v, code) = json_report(&[d.to_str().unwrap()]);
    assert_eq!(code, 1, "the good notice's findings decide the exit code");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 8, "every file has a result");
    let kind = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap()["kind"]
            .clone()
    };
    assert_eq!(kind("a-empty.md"), "error");
    assert_eq!(kind("b-binary.txt"), "error");
    assert_ne!(kind("c-latin1.txt"), "error");
    assert_ne!(kind("d-utf16.txt"), "error");
    assert_eq!(kind("h-good.md"), "notice");
    for f in files {
        if f["kind"] == "error" {
            assert!(f["error"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }
    let (alone, _) = json_report(&[&fixture("nl/vereniging-gaps.md")]);
    let good = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("h-good.md"))
        .unwrap();
    assert_eq!(
        good["elements"], alone["files"][0]["elements"],
        "judged exactly as when alone"
    );
}

#[test]
fn utf16_evidence_points_at_file_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.txt");
    let text = std::fs::read_to_string(fixture("en/company-complete.md")).unwrap();
    let mut raw = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        raw.extend(u.to_le_bytes());
    }
    std::fs::write(&path, &raw).unwrap();
    let (v, _) = json_report(&["--input-format", "markdown", path.to_str().unwrap()]);
    let ev = &v["files"][0]["elements"]["retention"]["evidence"][0];
    let (s, e) = (
        ev["start"].as_u64().unwrap() as usize,
        ev["end"].as_u64().unwrap() as usize,
    );
    let units: Vec<u16> = raw[s..e]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let decoded = String::from_utf16(&units).unwrap();
    assert!(text.contains(&decoded) && decoded.len() > 10, "{decoded:?}");
}

#[test]
fn language_override_picks_the_messages() {
    let out = avglint()
        .args([
            "check",
            "--format",
            "json",
            "--language",
            "en",
            &fixture("nl/vereniging-gaps.md"),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["language"], "en");
    let msg = v["files"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(msg.starts_with("The notice"), "{msg}");
}
