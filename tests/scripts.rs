//! Notices kept in code: a React page in a `.js` file, a TypeScript module
//! holding the notice as an HTML or a Markdown template literal, and a
//! FreeMarker `.ftl` page. Each is judged as the page it renders, with spans
//! that slice the file; a directory walk takes a `.js`/`.ts` module only
//! when it mentions privacy.

mod common;

use avglint::document::{script, sniff, BlockKind, Format};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DIR: &str = "fixtures/html/scripts";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name)
}

/// Runs `avglint check --no-config --format json ARGS`.
fn run(args: &[&Path]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_avglint"))
        .args(["check", "--no-config", "--format", "json", "--jobs", "2"])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("avglint runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn files(report: &Value) -> Vec<(String, String, String)> {
    let mut seen: Vec<_> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_owned();
            let field = |k: &str| f[k].as_str().unwrap_or("-").to_owned();
            (name, field("format"), field("kind"))
        })
        .collect();
    seen.sort();
    seen
}

#[test]
fn the_extensions_name_their_formats() {
    for (name, format) in [
        ("a.js", Format::Js),
        ("a.mjs", Format::Js),
        ("a.cjs", Format::Js),
        ("a.ts", Format::Ts),
        ("a.mts", Format::Ts),
        ("a.cts", Format::Ts),
        ("a.ftl", Format::Freemarker),
    ] {
        assert_eq!(sniff::detect(Path::new(name), b"x"), format, "{name}");
        assert!(format.is_source_code());
    }
}

#[test]
fn a_walk_judges_notices_in_code_and_leaves_out_modules_without_privacy_words() {
    let report = run(&[&fixture("")]);
    let seen = files(&report);
    let expected = [
        ("footer-links.mjs", "js", "not_a_notice"),
        ("policy-html.ts", "ts", "notice"),
        ("policy-md.ts", "ts", "notice"),
        ("privacy-page.js", "js", "notice"),
        ("privacy.ftl", "freemarker", "notice"),
    ];
    let seen: Vec<(&str, &str, &str)> = seen
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(seen, expected);
    // Every evidence span is the bytes it quotes.
    for f in report["files"].as_array().unwrap() {
        let bytes = std::fs::read(f["path"].as_str().unwrap()).unwrap();
        for el in f["elements"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            for ev in el["evidence"].as_array().into_iter().flatten() {
                let (s, e) = (
                    ev["start"].as_u64().unwrap() as usize,
                    ev["end"].as_u64().unwrap() as usize,
                );
                let quoted = std::str::from_utf8(&bytes[s..e]).unwrap();
                assert_eq!(quoted, ev["text"].as_str().unwrap());
            }
        }
    }
}

#[test]
fn a_module_given_by_name_is_judged_whatever_it_mentions() {
    let report = run(&[&fixture("routes.js")]);
    assert_eq!(
        files(&report),
        [(
            "routes.js".to_owned(),
            "js".to_owned(),
            "not_a_notice".to_owned()
        )]
    );
}

fn read(name: &str, jsx: bool) -> (String, avglint::document::Document) {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let doc = script::read(&text, jsx).expect("readable");
    for s in &doc.sentences {
        assert!(text.get(s.span.clone()).is_some(), "{name}: {:?}", s.span);
    }
    (text, doc)
}

fn headings(doc: &avglint::document::Document) -> Vec<(u8, &str)> {
    doc.sections
        .iter()
        .map(|s| (s.level, s.heading.as_str()))
        .collect()
}

#[test]
fn a_markdown_literal_keeps_its_sections_and_list() {
    let (text, doc) = read("policy-md.ts", false);
    assert_eq!(
        headings(&doc),
        [
            (1, "Privacy notice"),
            (2, "Information we hold"),
            (2, "Legal basis"),
            (2, "Retention"),
            (2, "Your rights"),
        ]
    );
    let items: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| &text[b.span.clone()])
        .collect();
    assert_eq!(
        items,
        [
            "Your name and rating, to pair you in tournaments.",
            "Your e-mail address, to send you the club newsletter."
        ]
    );
    // The code around the literal is not read.
    assert!(doc.sentences.iter().all(|s| !s.text.contains("export")));
}

#[test]
fn an_html_literal_is_read_as_html_and_its_substitution_as_a_space() {
    let (text, doc) = read("policy-html.ts", false);
    assert_eq!(
        headings(&doc),
        [
            (1, "Privacy policy"),
            (2, "What we collect and why"),
            (2, "How long we keep it"),
            (2, "Your rights"),
        ]
    );
    let last = doc
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Last changed"))
        .unwrap();
    assert_eq!(last.text, "Last changed on .");
    assert_eq!(&text[last.span.clone()], "Last changed on ${updated}.");
    // The page's title and class list are short strings of code: not text.
    assert!(doc.sentences.iter().all(|s| !s.text.contains("prose")));
}

#[test]
fn a_react_page_in_a_js_file_and_a_freemarker_page() {
    let (_, doc) = read("privacy-page.js", true);
    assert_eq!(doc.sections[0].heading, "Privacyverklaring");
    assert!(doc
        .sentences
        .iter()
        .any(|s| s.text == "Mail daarvoor naar het secretariaat."));
    let text = std::fs::read_to_string(fixture("privacy.ftl")).unwrap();
    let doc = avglint::document::html::read_as(&text, avglint::document::html::Flavor::Freemarker)
        .unwrap();
    let sentences: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(sentences[0], "Privacyverklaring");
    assert!(sentences[1].starts_with("(Stationsplein 2, 9999 AA Oostdorp) is"));
    assert!(sentences.contains(&"Welkom, ."));
    assert!(sentences
        .iter()
        .all(|s| !s.contains("<#") && !s.contains("${")));
}

fn statuses(r: &avglint::report::FileReport) -> Vec<(String, String)> {
    r.elements
        .iter()
        .map(|e| (e.element.clone(), e.status.as_str().to_string()))
        .collect()
}

/// Every evidence text with its whitespace collapsed (checked against its span).
fn evidence(r: &avglint::report::FileReport, bytes: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = common::evidence(r, bytes)
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    out.sort();
    out
}

/// A notice moved into a module, as a Markdown template literal indented
/// with the code or as an HTML one, is judged as the notice itself.
#[test]
fn a_notice_in_a_literal_is_judged_as_the_notice_itself() {
    let reg = avglint::rules::Registry::builtin().expect("built-in rules compile");
    let judge = |format: Format, text: &str| {
        avglint::check_bytes(
            "t",
            text.as_bytes().to_vec(),
            format,
            &avglint::Options::default(),
            reg,
        )
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for (name, format) in [
        ("nl/gemeente-complete.md", Format::Markdown),
        ("en/company-complete.md", Format::Markdown),
        ("html/company-complete.html", Format::Html),
    ] {
        let notice = std::fs::read_to_string(root.join(name)).unwrap();
        let notice = match format {
            Format::Html => notice
                [notice.find("<main>").unwrap()..notice.find("</main>").unwrap() + 7]
                .to_owned(),
            _ => notice,
        };
        let indented: String = notice
            .lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect();
        let module = format!(
            "import {{ x }} from './y';\n\nexport const page = {{\n  slug: 'privacy',\n  body: `\n{indented}  `,\n}};\n"
        );
        let direct = judge(format, &notice);
        assert_eq!(direct.kind, avglint::report::FileKind::Notice, "{name}");
        for module_format in [Format::Ts, Format::Js] {
            let r = judge(module_format, &module);
            assert_eq!(r.kind, direct.kind, "{name}");
            assert_eq!(statuses(&r), statuses(&direct), "{name}");
            assert_eq!(
                evidence(&r, module.as_bytes()),
                evidence(&direct, notice.as_bytes()),
                "{name}"
            );
        }
    }
}
