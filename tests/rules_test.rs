//! `avglint rules --test [DIR]`: the rule examples without cargo, for
//! people who write rules; and the errors a broken rules folder gives.

use assert_cmd::Command;
use std::path::Path;

fn avglint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("avglint").expect("binary builds");
    cmd.current_dir(dir).env_remove("AVGLINT_RULES_DIR");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("create folder");
    std::fs::write(p, text).expect("write file");
}

/// Runs `rules --test rules-x` in `dir`; returns (exit code, stdout).
fn test_rules(dir: &Path) -> (i32, String) {
    let out = avglint(dir)
        .args(["rules", "--no-config", "--test", "rules-x"])
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const RETENTION: &str = include_str!("../rules/elements/retention.toml");

#[test]
fn builtin_rules_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = avglint(dir.path())
        .args(["rules", "--test", "--no-config"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn a_wrong_example_names_file_line_example_expected_and_got() {
    let dir = tempfile::tempdir().expect("temp dir");
    let wrong = RETENTION.replacen("expect = \"vague\"", "expect = \"present\"", 1);
    assert_ne!(wrong, RETENTION);
    write(dir.path(), "rules-x/elements/retention.toml", &wrong);
    let (code, out) = test_rules(dir.path());
    assert_eq!(code, 1, "{out}");
    let fail = out
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .expect("a failure");
    assert!(
        fail.starts_with("FAIL rules-x/elements/retention.toml:")
            && fail.contains("example ")
            && fail.ends_with("expected present, got vague"),
        "{out}"
    );
    assert!(out.contains(" 1 failed"), "{out}");
}

#[test]
fn an_unknown_file_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "rules-x/element/retention.toml", RETENTION);
    let (code, out) = test_rules(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL rules-x/element/retention.toml: no rule file belongs at this path"),
        "{out}"
    );
    // `check` refuses the folder too, naming the file.
    write(dir.path(), "avglint.toml", "rules-dir = \"rules-x\"\n");
    write(dir.path(), "notice.md", "# Privacy\n\nWe keep data.\n");
    let out = avglint(dir.path())
        .args(["check", "notice.md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("element/retention.toml"));
}

#[test]
fn a_bad_pattern_names_its_own_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "rules-x/facts/extra.toml",
        "[[facts]]\nid = \"made_up\"\ndescription = \"A fact for the test.\"\n\
         patterns.en.sentences = [\n  '\\bfine\\b',\n  '(unclosed',\n]\n",
    );
    let (code, out) = test_rules(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL rules-x/facts/extra.toml:6: bad pattern \"(unclosed\""),
        "{out}"
    );
}

#[test]
fn vocabularies_work_in_element_patterns() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "rules-x/vocabularies/periods.toml",
        "description = \"Ways to say how long.\"\n\
         [[entries]]\nname = \"fortnight\"\npatterns = ['\\bfortnights?\\b']\n",
    );
    let with_vocab =
        RETENTION.replacen("[patterns.en]\n", "[patterns.en]\n# added by the test\n", 1);
    let with_vocab = with_vocab.replacen(
        "sentences = [",
        "sentences = ['\\bkeep\\b.{0,40}{vocabulary:periods}', ",
        2,
    );
    let with_vocab = format!(
        "{with_vocab}\n[[examples]]\nlang = \"en\"\ntext = \"We keep your messages for one fortnight.\"\nexpect = \"present\"\n"
    );
    write(dir.path(), "rules-x/elements/retention.toml", &with_vocab);
    let (code, out) = test_rules(dir.path());
    assert_eq!(code, 0, "{out}");
    write(
        dir.path(),
        "rules-x/vocabularies/periods.toml",
        "description = \"Ways to say how long.\"\n\
         [[entries]]\nname = \"fortnight\"\npatterns = ['(fortnight']\n",
    );
    let (code, out) = test_rules(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL rules-x/vocabularies/periods.toml:4: bad pattern"),
        "{out}"
    );
}
