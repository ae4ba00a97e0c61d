//! `avglint audit`'s reports: file reports -> rows and a coverage summary
//! (for the terminal), a CSV coverage matrix and a self-contained HTML page
//! (the command itself is in `cli`). Reports stream through here in path order, and each is reduced to
//! counts and rows at once, so memory stays flat however many files there are.

pub mod csv;
pub mod html;
mod summary;

pub use summary::{Row, Summary, STATUSES};
