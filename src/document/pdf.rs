//! stub
use super::Document;
use crate::source::SourceText;
pub fn read(_bytes: &[u8]) -> Result<(SourceText, Document), String> {
    Err("pdf not yet supported".into())
}
