//! Any text through the suppression parser: never a panic; directives in
//! order, inside the text, on char boundaries, never overlapping; the
//! masked text as long as the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let directives = avglint::suppress::parse(&text);
    let mut end = 0;
    for d in &directives {
        assert!(end <= d.span.start, "overlap at {:?}", d.span);
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        end = d.span.end;
    }
    assert_eq!(avglint::suppress::mask(&text).len(), text.len());
});
