//! Shared by every fuzz target: judge the bytes as one format and assert what
//! must hold for any input. A panic that avglint catches is turned back into
//! a crash here, so libFuzzer stops on it.

use avglint::document::Format;
use avglint::report::{ErrorClass, FileReport, Location};
use avglint::rules::Registry;
use avglint::{check_bytes, Options};
use std::sync::Once;

/// Judges `data` as `format` and asserts the invariants.
pub fn judge(data: &[u8], format: Format) {
    static QUIET: Once = Once::new();
    // libfuzzer-sys aborts on any panic, even one avglint catches on purpose
    // (lopdf is isolated with catch_unwind). Restore the default hook so caught
    // panics stay caught; an uncaught one still aborts via libfuzzer-sys.
    QUIET.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    let reg = Registry::builtin().expect("built-in rules compile");
    let report = check_bytes("input", data.to_vec(), format, &Options::default(), reg);
    assert_invariants(data, format, &report);
}

/// No internal error; spans ordered, and for text formats within the file,
/// on character boundaries, with evidence text equal to the bytes.
pub fn assert_invariants(data: &[u8], format: Format, r: &FileReport) {
    assert_ne!(
        r.error_class,
        Some(ErrorClass::Internal),
        "internal error: {:?}",
        r.error
    );
    // docx and pdf spans point into extracted text, not into the file.
    let in_file = !matches!(format, Format::Docx | Format::Pdf);
    let utf8 = std::str::from_utf8(data).ok();
    for (loc, text) in spans(r) {
        assert!(loc.start <= loc.end, "span {loc:?} runs backwards");
        assert!(
            loc.line >= 1 && loc.column >= 1,
            "span {loc:?} has line or column 0"
        );
        if !in_file {
            continue;
        }
        assert!(
            loc.end <= data.len(),
            "span {loc:?} outside {} bytes",
            data.len()
        );
        let Some(s) = utf8 else { continue };
        assert!(
            s.is_char_boundary(loc.start) && s.is_char_boundary(loc.end),
            "span {loc:?} cuts a character"
        );
        if let Some(text) = text {
            assert_eq!(
                &s[loc.start..loc.end],
                text,
                "evidence text differs from its bytes"
            );
        }
    }
}

fn spans(r: &FileReport) -> Vec<(Location, Option<String>)> {
    let mut out = Vec::new();
    let json = serde_json::to_value(r).expect("serialises");
    for e in json["elements"].as_object().into_iter().flat_map(|m| m.values()) {
        for ev in e["evidence"].as_array().into_iter().flatten() {
            let n = |k: &str| ev[k].as_u64().unwrap_or(0) as usize;
            let loc = Location {
                start: n("start"),
                end: n("end"),
                line: n("line"),
                column: n("column"),
                end_line: n("end_line"),
                end_column: n("end_column"),
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
