//! Any text as an `avglint.toml`: an error or a config, never a panic; a
//! parsed config applies to any path (override globs included).
#![no_main]

use avglint::config::{self, CliSettings, Settings};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = config::parse(PathBuf::from("/p/avglint.toml"), text.to_string()) {
        let settings = Settings::new(Some(loaded), CliSettings::default());
        for path in ["a.md", "../x/b.md", "./g//c.md", "/p/g/d.md", ""] {
            let _ = settings.for_path(Path::new(path), Path::new("/p/sub"));
        }
    }
});
