//! Any bytes, read as JSX/TSX: no internal error, spans exact.
#![no_main]

use avglint::document::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| avglint_fuzz::judge(data, Format::Jsx));
