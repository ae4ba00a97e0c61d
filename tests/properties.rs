//! Property tests: for any input, every span lies within the file on
//! character boundaries, its `text` is exactly the bytes it claims, and
//! nothing panics inside avglint (a caught panic would be an internal error).

use avglint::document::Format;
use avglint::report::{ErrorClass, FileReport, Location};
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
    for e in r.elements.values() {
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
        out.push((f.span.clone(), None));
        out.extend(f.related.iter().map(|x| (x.span.clone(), None)));
    }
    out
}

fn check_invariants(raw: &[u8], format: Format) {
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
