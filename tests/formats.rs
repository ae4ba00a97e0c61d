//! Every input format reaches the same judgement: HTML, TILT (JSON, YAML,
//! TOML), docx and PDF renderings of a fixture notice get the statuses of
//! their source, spans point into the right bytes, hostile files are errors.

mod common;

use avglint::document::Format;
use avglint::report::{FileKind, FileReport};
use avglint::rules::Registry;
use avglint::Options;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

fn check(name: &str, bytes: Vec<u8>, format: Format) -> FileReport {
    let reg = Registry::builtin().expect("built-in rules compile");
    avglint::check_bytes(name, bytes, format, &Options::default(), reg)
}

fn check_file(path: &str) -> FileReport {
    let reg = Registry::builtin().expect("built-in rules compile");
    avglint::check_path(Path::new(path), path, &Options::default(), reg)
}

fn statuses(r: &FileReport) -> BTreeMap<String, String> {
    elements(r)
        .iter()
        .map(|(k, v)| (k.clone(), v["status"].as_str().unwrap_or("").to_string()))
        .collect()
}

const MD: &str = "fixtures/en/company-complete.md";

#[test]
fn html_rendering_gets_the_markdown_statuses() {
    let md = check_file(MD);
    let html = check_file("fixtures/html/company-complete.html");
    assert_eq!(html.kind, FileKind::Notice, "{:?}", html.error);
    assert_eq!(html.format, Some("html"));
    assert_eq!(statuses(&html), statuses(&md));
}

#[test]
fn html_evidence_slices_the_file_and_never_script_or_style() {
    let path = "fixtures/html/company-complete.html";
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let hidden: Vec<(usize, usize)> = ["script", "style"]
        .iter()
        .filter_map(|t| {
            let s = text.find(&format!("<{t}"))?;
            let e = text.find(&format!("</{t}>"))?;
            Some((s, e))
        })
        .collect();
    assert_eq!(hidden.len(), 2);
    let r = check_file(path);
    let mut n = 0;
    for el in elements(&r).values() {
        for ev in el["evidence"].as_array().unwrap() {
            let (s, e) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&bytes[s..e], ev["text"].as_str().unwrap().as_bytes());
            assert!(hidden.iter().all(|&(hs, he)| e <= hs || s >= he), "{ev}");
            n += 1;
        }
    }
    assert!(n > 16);
    // An entity inside evidence stays as the file has it.
    assert!(elements(&r)
        .values()
        .any(|el| el["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|ev| ev["text"].as_str().unwrap().contains("&#8217;")
                || ev["text"].as_str().unwrap().contains("&amp;"))));
}

#[test]
fn tilt_notice_gets_the_same_statuses_in_json_yaml_and_toml() {
    let json = check_file("fixtures/tilt/fernhill.tilt.json");
    let yaml = check_file("fixtures/tilt/fernhill.tilt.yaml");
    let toml = check_file("fixtures/tilt/fernhill.tilt.toml");
    assert_eq!(json.format, Some("tilt-json"));
    assert_eq!(yaml.format, Some("tilt-yaml"));
    assert_eq!(toml.format, Some("tilt-toml"));
    assert!(
        statuses(&json).values().all(|s| s == "present"),
        "{:?}",
        statuses(&json)
    );
    assert_eq!(statuses(&yaml), statuses(&json));
    assert_eq!(statuses(&toml), statuses(&json));
    // Evidence is the value in the file, in every syntax.
    for r in [&json, &yaml, &toml] {
        let bytes = std::fs::read(&r.path).unwrap();
        let ev = elements(r)["controller_identity"]["evidence"][0].clone();
        let (s, e) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], b"Fernhill Outdoor Ltd", "{}", r.path);
    }
}

#[test]
fn emptying_one_tilt_field_makes_exactly_that_element_a_gap() {
    let path = "fixtures/tilt/fernhill.tilt.json";
    let text = std::fs::read_to_string(path).unwrap();
    let full = statuses(&check_file(path));
    let cases = [
        (
            "\"name\": \"Fernhill Outdoor Ltd\"",
            "\"name\": null",
            "controller_identity",
        ),
        (
            "\"category\": \"Delivery address\"",
            "\"category\": \"\"",
            "data_categories",
        ),
        ("\"inUse\": false", "\"inUse\": null", "automated_decisions"),
        ("\"country\": \"US\"", "\"country\": \"\"", "transfers"),
        (
            "\"rightToComplain\": {\n    \"available\": true",
            "\"rightToComplain\": {\n    \"available\": false",
            "complaint",
        ),
    ];
    for (from, to, element) in cases {
        assert!(text.contains(from), "{from}");
        let r = check(path, text.replacen(from, to, 1).into_bytes(), Format::Json);
        let got = statuses(&r);
        for (k, v) in &got {
            if k == element {
                assert!(v == "absent" || v == "vague", "{element} is {v}");
            } else {
                assert_eq!(v, &full[k], "emptying {element} changed {k}");
            }
        }
    }
}

#[test]
fn real_tilt_documents_are_read_with_their_controller() {
    // Copies from shared/tilt (tilt-corpus, MIT): see fixtures/tilt/README.md.
    for (file, status) in [
        ("signal.org.tilt.json", "present"),
        ("privacy-icons.en.tilt.json", "present"),
        // controller.name is null: named only by the document's name.
        ("ltur.com.tilt.json", "vague"),
    ] {
        let r = check_file(&format!("fixtures/tilt/{file}"));
        assert_eq!(r.kind, FileKind::Notice, "{file}: {:?}", r.error);
        assert_eq!(
            elements(&r)["controller_identity"]["status"],
            status,
            "{file}"
        );
        assert!(r.findings.iter().any(|f| f.rule == "tilt-schema-deviation"));
    }
}

#[test]
fn other_structured_files_are_not_notices() {
    for (bytes, format) in [
        (
            &b"{\"name\": \"x\", \"version\": \"1.0\"}"[..],
            Format::Json,
        ),
        (b"name: x\nversion: 1\n", Format::Yaml),
        (b"[package]\nname = \"x\"\n", Format::Toml),
    ] {
        let r = check("data", bytes.to_vec(), format);
        assert_eq!(r.kind, FileKind::NotANotice, "{format:?}: {:?}", r.error);
    }
}

/// The fixture's blocks as (kind, text): markup removed.
fn md_blocks() -> Vec<(char, String)> {
    let md = std::fs::read_to_string(MD).unwrap();
    md.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let clean = l.replace("**", "");
            if let Some(h) = clean.strip_prefix("## ") {
                ('2', h.to_string())
            } else if let Some(h) = clean.strip_prefix("# ") {
                ('1', h.to_string())
            } else if let Some(i) = clean.strip_prefix("- ") {
                ('-', i.to_string())
            } else {
                ('p', clean)
            }
        })
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn docx_rendering_gets_the_markdown_statuses() {
    let mut body = String::new();
    for (kind, text) in md_blocks() {
        let ppr = match kind {
            '1' => "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>",
            '2' => "<w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr>",
            '-' => "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
            _ => "",
        };
        body.push_str(&format!(
            "<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(&text)
        ));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opts).unwrap();
        write!(z, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>").unwrap();
        z.finish().unwrap();
    }
    let r = check("notice.docx", buf.into_inner(), Format::Docx);
    assert_eq!(r.kind, FileKind::Notice, "{:?}", r.error);
    assert_eq!(r.format, Some("docx"));
    assert_eq!(statuses(&r), statuses(&check_file(MD)));
    let ev = elements(&r)["dpo_contact"]["evidence"][0].clone();
    assert!(ev["paragraph"].as_u64().is_some_and(|p| p > 1), "{ev}");
}

fn pdf(pages: &[Vec<String>]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Object, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids: Vec<Object> = Vec::new();
    for lines in pages {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![40.into(), 800.into()]),
        ];
        for line in lines {
            ops.push(Operation::new(
                "Tj",
                vec![Object::string_literal(line.as_str())],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    common::finish_pdf(doc, pages_id, kids, Some(resources_id))
}

#[test]
fn pdf_rendering_gets_the_markdown_statuses() {
    let lines: Vec<String> = md_blocks()
        .into_iter()
        .map(|(kind, text)| {
            if kind == '-' {
                format!("- {text}")
            } else {
                text
            }
        })
        // Helvetica's standard encoding: keep the test to ASCII.
        .map(|t| t.replace(['’', '‘'], "'").replace(['“', '”'], "\""))
        .collect();
    let half = lines.len() / 2;
    let bytes = pdf(&[lines[..half].to_vec(), lines[half..].to_vec()]);
    let r = check("notice.pdf", bytes, Format::Pdf);
    assert_eq!(r.kind, FileKind::Notice, "{:?}", r.error);
    assert_eq!(r.format, Some("pdf"));
    assert_eq!(statuses(&r), statuses(&check_file(MD)));
    let pages: Vec<u64> = elements(&r)
        .values()
        .flat_map(|el| el["evidence"].as_array().unwrap().clone())
        .filter_map(|ev| ev["page"].as_u64())
        .collect();
    assert!(pages.contains(&1) && pages.contains(&2), "{pages:?}");
}

#[test]
fn hostile_files_are_per_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("deep.json", "[".repeat(1_000_000).as_bytes());
    write(
        "deep.toml",
        format!("a = {}", "[".repeat(100_000)).as_bytes(),
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, c) in "bcdefghij".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    write("bomb.yaml", bomb.as_bytes());
    write("deep.yaml", "- ".repeat(50_000).as_bytes());
    write("truncated.json", b"{\"controller\": {\"name\": \"Ac");
    write("truncated.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00");
    write(
        "truncated.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    );
    let mut zbomb = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut zbomb);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..20 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    write("bomb.docx", &zbomb.into_inner());
    let out = assert_cmd::Command::cargo_bin("avglint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 8);
    for f in files {
        assert_eq!(f["kind"], "error", "{}", f["path"]);
        let msg = f["error"].as_str().unwrap();
        assert!(!msg.contains("internal error"), "{}: {msg}", f["path"]);
    }
}

#[test]
fn content_sniffing_and_the_override_flag() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read("fixtures/html/company-complete.html").unwrap();
    std::fs::write(dir.path().join("notice.txt"), &html).unwrap();
    let out = assert_cmd::Command::cargo_bin("avglint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("notice.txt"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["format"], "html");
    let out = assert_cmd::Command::cargo_bin("avglint")
        .unwrap()
        .args(["check", "--format", "json", "--input-format", "text"])
        .arg(dir.path().join("notice.txt"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["format"], "text");
}

/// The report's `elements` as serialised (the JSON of `REPORT.md`).
fn elements(r: &FileReport) -> serde_json::Map<String, serde_json::Value> {
    serde_json::to_value(r).expect("serialises")["elements"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}
