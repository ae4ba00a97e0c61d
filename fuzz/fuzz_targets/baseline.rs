//! Any text as a baseline file: an error or a baseline, never a panic; a
//! parsed baseline indexes and round-trips through its own writer's format.
#![no_main]

use avglint::baseline::Baseline;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(b) = Baseline::parse(text, Path::new("baseline.json")) {
        let again = serde_json::to_string_pretty(&b).expect("serialises");
        let back = Baseline::parse(&again, Path::new("again.json")).expect("re-reads");
        assert_eq!(back.findings, b.findings);
        let _ = b.index();
    }
});
