//! The whole `check` path on arbitrary bytes: the first byte picks a file
//! name, the format is sniffed from name and content as the CLI does.
#![no_main]

use avglint::document::sniff;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const NAMES: [&str; 17] = [
    "notice.md",
    "notice.txt",
    "notice.html",
    "notice.json",
    "notice.yaml",
    "notice.toml",
    "notice.docx",
    "notice.pdf",
    "notice",
    "notice.TXT",
    "notice.blade.php",
    "notice.tpl",
    "Notice.vue",
    "notice.tsx",
    "privacy.js",
    "privacy.ts",
    "privacy.ftl",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let format = sniff::detect(Path::new(name), bytes);
    avglint_fuzz::judge(bytes, format);
});
