//! avglint in the browser: the notice checker page (`web/`) loads this
//! module (built by `scripts/build-wasm.sh`) and calls [`check`] per pasted
//! or dropped file. The judge is the library's, without its command line.

use wasm_bindgen::prelude::*;

/// One file's result: the JSON report and the text its lines count in.
#[wasm_bindgen]
pub struct Checked {
    report: String,
    text: Option<String>,
}

#[wasm_bindgen]
impl Checked {
    /// The JSON report, byte for byte what `avglint check --format json` writes.
    #[wasm_bindgen(getter)]
    pub fn report(&self) -> String {
        self.report.clone()
    }

    /// The decoded or extracted text; `undefined` when the file was not read.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> Option<String> {
        self.text.clone()
    }
}

/// Judges a file: its name (for the format) and its bytes.
#[wasm_bindgen]
pub fn check(name: &str, bytes: Vec<u8>) -> Result<Checked, JsError> {
    let c = avglint::web::check(name, bytes).map_err(|e| JsError::new(&e))?;
    Ok(Checked {
        report: c.report,
        text: c.text,
    })
}

/// The elements (ids, articles, plain names) and rules (names, help) of
/// the built-in rules, as JSON.
#[wasm_bindgen]
pub fn catalog() -> Result<String, JsError> {
    avglint::web::catalog_json().map_err(|e| JsError::new(&e))
}

/// avglint's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
