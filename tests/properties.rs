//! Property tests: for any input, every span lies within the file on
//! character boundaries, its `text` is exactly the bytes it claims, and
//! nothing panics inside avglint (a caught panic would be an internal error);
//! the CLI's output is the same for `--jobs 1` and `--jobs 4`.

use avglint::document::Format;
use avglint::report::{ErrorClass, FileKind, FileReport, Location};
use avglint::rules::Registry;
use avglint::{check_bytes, Options};
use proptest::prelude::*;

fn registry() -> &'static Registry {
    Registry::builtin().expect("rules compile")
}

/// Pieces notices are made of, mixed with markup and awkward characters.
fn notice_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Wij bewaren uw gegevens 7 jaar. ".to_owned()),
        Just("We keep your data for no longer than necessary. ".to_owned()),
        Just("U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.".to_owned()),
        Just("bijv. ".to_owned()),
        Just("e.g. ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\n\n## Bewaartermijn\n\n".to_owned()),
        Just("# Privacy\n".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("| a | b |\n|---|---|\n| c | d |\n".to_owned()),
        Just("**vet** _schuin_ `code` ".to_owned()),
        Just("[link](https://example.org) ".to_owned()),
        Just("&amp; &eacute; &#x1F600; ".to_owned()),
        Just("<div>html</div>\n".to_owned()),
        Just("---\ntitle: x\n---\n".to_owned()),
        Just("beëindiging “quotes” – ß ".to_owned()),
        Just("😀 ".to_owned()),
        Just("\u{a0}\u{200b}".to_owned()),
        "[a-zA-Z .,:;!?]{0,40}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn spans_of(r: &FileReport) -> Vec<(Location, Option<String>)> {
    let mut out = Vec::new();
    let json = serde_json::to_value(r).expect("serialises");
    for e in json["elements"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        for ev in e["evidence"].as_array().into_iter().flatten() {
            let loc = Location {
                start: ev["start"].as_u64().unwrap() as usize,
                end: ev["end"].as_u64().unwrap() as usize,
                line: ev["line"].as_u64().unwrap() as usize,
                column: ev["column"].as_u64().unwrap() as usize,
                end_line: ev["end_line"].as_u64().unwrap() as usize,
                end_column: ev["end_column"].as_u64().unwrap() as usize,
                page: None,
                paragraph: None,
            };
            out.push((loc, ev["text"].as_str().map(str::to_owned)));
        }
    }
    for f in &r.findings {
        out.push((r.location(&f.span), None));
        out.extend(f.related.iter().map(|x| (r.location(&x.span), None)));
    }
    out
}

fn check_invariants(raw: &[u8], format: Format) -> FileReport {
    let r = check_bytes(
        "input",
        raw.to_vec(),
        format,
        &Options::default(),
        registry(),
    );
    assert_ne!(
        r.error_class,
        Some(ErrorClass::Internal),
        "internal error: {:?}",
        r.error
    );
    let utf8 = std::str::from_utf8(raw).ok();
    for (loc, text) in spans_of(&r) {
        assert!(
            loc.start <= loc.end && loc.end <= raw.len(),
            "span {loc:?} outside {} bytes",
            raw.len()
        );
        assert!(loc.line >= 1 && loc.column >= 1);
        if let Some(s) = utf8 {
            assert!(
                s.is_char_boundary(loc.start) && s.is_char_boundary(loc.end),
                "span {loc:?} cuts a character"
            );
            if let Some(text) = text {
                assert_eq!(
                    &s[loc.start..loc.end],
                    text,
                    "evidence text equals the bytes it claims"
                );
            }
        }
    }
    r
}

/// HTML made of block and inline tags, entities, comments, scripts and notice text.
fn html_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<h2>Bewaartermijn</h2>".to_owned()),
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<ul><li>".to_owned()),
        Just("</li></ul>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<br>".to_owned()),
        Just("<strong>".to_owned()),
        Just("</strong>".to_owned()),
        Just("<a href=\"x\">".to_owned()),
        Just("<script>var a = '<p>';</script>".to_owned()),
        Just("<style>p{}</style>".to_owned()),
        Just("<!-- comment -->".to_owned()),
        Just("<nav>".to_owned()),
        Just("{% trans 'Wij bewaren' %}".to_owned()),
        Just("&amp;&nbsp;&eacute;&#233;&#x1F600;&bogus;&".to_owned()),
        Just("<".to_owned()),
        notice_like(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Template and JSX syntax, closed or not, mixed with HTML and notice text.
fn template_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{{ user.name }}".to_owned()),
        Just("{{".to_owned()),
        Just("}}".to_owned()),
        Just("{% if a > b %}".to_owned()),
        Just("{% trans 'Wij bewaren' %}".to_owned()),
        Just("{# noot #}".to_owned()),
        Just("{!! $x !!}".to_owned()),
        Just("<?php echo $a->b; ?>".to_owned()),
        Just("<?php".to_owned()),
        Just("<%= link_to 'x' %>".to_owned()),
        Just("@include('a', ['b' => 1])".to_owned()),
        Just("@if(".to_owned()),
        Just("{$var}".to_owned()),
        Just("<template>".to_owned()),
        Just("</template>".to_owned()),
        Just("return (<div className='a'>".to_owned()),
        Just("<Link href={url}>".to_owned()),
        Just("</Link>".to_owned()),
        Just("{' '}".to_owned()),
        Just("{items.map(i => <li key={i}>{i}</li>)}".to_owned()),
        Just("/* c */ // d\n".to_owned()),
        Just("`t ${x}`".to_owned()),
        Just("/re[/]g".to_owned()),
        Just("const t = 'Wij bewaren uw naam twee jaar.';\n".to_owned()),
        Just("`\n  # Kop\n\n  - Wij bewaren uw naam. ${x}\n`".to_owned()),
        Just("`<h2>Kop</h2><p>Tekst \\u00e9 ${a}.</p>`".to_owned()),
        Just("'caf\\u{e9} \\'x\\n".to_owned()),
        Just("<#if (a > b)>".to_owned()),
        Just("</#if>".to_owned()),
        Just("<@m.x a=\"b\"/>".to_owned()),
        Just("<#-- c -->".to_owned()),
        Just("${x!\"y\"}".to_owned()),
        html_like(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A TILT fixture with some of its double-quoted strings replaced by
/// arbitrary text, written as a JSON string literal (valid in JSON, in YAML
/// double-quoted scalars and in TOML basic strings).
fn tilt_with(fixture: &'static str) -> impl Strategy<Value = String> {
    let replacement = prop_oneof![
        Just(String::new()),
        Just("Wij bewaren uw gegevens 7 jaar.".to_owned()),
        "\\PC{0,30}",
        "[\\x00-\\x7f]{0,20}",
        notice_like(),
    ];
    prop::collection::vec((any::<prop::sample::Index>(), replacement), 0..8).prop_map(
        move |edits| {
            static STRING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(r#""(?:[^"\\\n]|\\.)*""#).expect("regex")
            });
            let literals: Vec<_> = STRING.find_iter(fixture).map(|m| m.range()).collect();
            let mut chosen: Vec<(std::ops::Range<usize>, String)> = edits
                .into_iter()
                .map(|(i, text)| {
                    let lit = quoted(&text);
                    (literals[i.index(literals.len())].clone(), lit)
                })
                .collect();
            chosen.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            chosen.dedup_by_key(|(r, _)| r.start);
            let mut out = fixture.to_owned();
            for (r, lit) in chosen {
                out.replace_range(r, &lit);
            }
            out
        },
    )
}

/// A double-quoted literal valid in JSON, YAML and TOML: quotes, backslashes
/// and every control character (DEL too, which YAML and TOML forbid raw) escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const TILT_JSON: &str = include_str!("../fixtures/tilt/fernhill.tilt.json");
const TILT_YAML: &str = include_str!("../fixtures/tilt/fernhill.tilt.yaml");
const TILT_TOML: &str = include_str!("../fixtures/tilt/fernhill.tilt.toml");

/// Runs the CLI on a folder with `--jobs`, returning stdout.
fn cli_json(dir: &std::path::Path, jobs: &str) -> Vec<u8> {
    assert_cmd::Command::cargo_bin("avglint")
        .expect("binary builds")
        .args(["check", "--format", "json", "--jobs", jobs])
        .arg(dir)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("avglint runs")
        .stdout
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn html_spans_are_exact(text in html_like()) {
        check_invariants(text.as_bytes(), Format::Html);
    }

    #[test]
    fn template_spans_are_exact(
        text in template_like(),
        format in prop::sample::select(vec![
            Format::Template, Format::Smarty, Format::Vue, Format::Jsx, Format::Js, Format::Ts,
            Format::Freemarker,
        ]),
    ) {
        check_invariants(text.as_bytes(), format);
    }

    #[test]
    fn tilt_json_spans_are_exact(text in tilt_with(TILT_JSON)) {
        // The edits keep the document valid: it is still read as a notice.
        let r = check_invariants(text.as_bytes(), Format::Json);
        prop_assert_eq!(r.kind, FileKind::Notice, "{:?}", r.error);
    }

    #[test]
    fn tilt_yaml_spans_are_exact(text in tilt_with(TILT_YAML)) {
        // The edits keep the document valid: it is still read as a notice.
        let r = check_invariants(text.as_bytes(), Format::Yaml);
        prop_assert_eq!(r.kind, FileKind::Notice, "{:?}", r.error);
    }

    #[test]
    fn tilt_toml_spans_are_exact(text in tilt_with(TILT_TOML)) {
        // The edits keep the document valid: it is still read as a notice.
        let r = check_invariants(text.as_bytes(), Format::Toml);
        prop_assert_eq!(r.kind, FileKind::Notice, "{:?}", r.error);
    }

    #[test]
    fn arbitrary_bytes_never_break_the_structured_readers(
        raw in prop::collection::vec(any::<u8>(), 0..2000)
    ) {
        for format in [
            Format::Html, Format::Template, Format::Smarty, Format::Vue, Format::Jsx,
            Format::Js, Format::Ts, Format::Freemarker, Format::Json, Format::Yaml, Format::Toml, Format::Docx, Format::Pdf,
        ] {
            let r = check_bytes("input", raw.clone(), format, &Options::default(), registry());
            prop_assert_ne!(r.error_class, Some(ErrorClass::Internal), "{:?}: {:?}", format, r.error);
        }
    }
}

proptest! {
    // Each case starts the CLI twice: few cases, each a whole folder.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn output_is_the_same_for_one_and_four_jobs(
        files in prop::collection::vec((0..4usize, notice_like()), 1..12)
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        for (i, (ext, text)) in files.iter().enumerate() {
            let ext = ["md", "txt", "html", "json"][*ext];
            std::fs::write(dir.path().join(format!("f{i:02}.{ext}")), text).expect("write");
        }
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/nl/gemeente-complete.md"),
            dir.path().join("good.md"),
        ).expect("copy");
        let one = cli_json(dir.path(), "1");
        prop_assert!(!one.is_empty());
        prop_assert_eq!(one, cli_json(dir.path(), "4"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn markdown_spans_are_exact(text in notice_like()) {
        check_invariants(text.as_bytes(), Format::Markdown);
    }

    #[test]
    fn text_spans_are_exact(text in notice_like()) {
        check_invariants(text.as_bytes(), Format::Text);
    }

    #[test]
    fn arbitrary_bytes_never_break_avglint(raw in prop::collection::vec(any::<u8>(), 0..2000)) {
        check_invariants(&raw, Format::Markdown);
        check_invariants(&raw, Format::Text);
    }
}
