//! What a caught panic may say: where it happened, never its message. A
//! panic message can quote the input (a slice error prints the text it
//! sliced), and the internal-error report and stderr reach terminals and CI
//! logs, so notice text must not travel through it.
//!
//! [`install`] (called by the CLI) replaces the default hook, which would
//! print the message to stderr, by one that records the location for
//! [`last_location`] (and prints it for a panic on the main thread). `AVGLINT_DEBUG_PANIC=1` keeps
//! the default hook too, for a developer reproducing a crash.

use std::cell::RefCell;

thread_local! {
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the hook (once per process is enough; calling again is harmless).
pub fn install() {
    let debug = std::env::var_os("AVGLINT_DEBUG_PANIC").is_some_and(|v| v == "1");
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        LAST.with(|last| *last.borrow_mut() = at.clone());
        if debug {
            default(info);
        } else if std::thread::current().name() == Some("main") {
            // Workers' panics are caught and become the file's report (or,
            // inside a format reader, its error); one on the main thread
            // ends the run, so it is named here. Source paths of avglint
            // itself: no input text can reach them.
            let at = at.as_deref().unwrap_or("an unknown place");
            eprintln!("avglint: internal error at {at} (set AVGLINT_DEBUG_PANIC=1 for details)");
        }
    }));
}

/// Where the last panic on this thread happened, for an internal-error
/// report: `at src/x.rs:12`, or a note that it is unknown.
pub fn last_location() -> String {
    LAST.with(|last| match last.borrow_mut().take() {
        Some(at) => format!("at {at}"),
        None => "location unknown".to_string(),
    })
}
