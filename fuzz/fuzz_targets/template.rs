//! Any bytes, read as a web-framework template (Jinja, Blade, PHP, ERB,
//! Handlebars ...): no internal error, spans exact.
#![no_main]

use avglint::document::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| avglint_fuzz::judge(data, Format::Template));
