//! Helpers shared by the integration tests (`mod common;`).

use avglint::report::FileReport;

/// Every evidence text of a report, sorted, after checking that each is
/// exactly the bytes its span claims.
pub fn evidence(r: &FileReport, bytes: &[u8]) -> Vec<String> {
    let json = serde_json::to_value(r).expect("a report serialises");
    let mut out = Vec::new();
    for el in json["elements"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        for ev in el["evidence"].as_array().into_iter().flatten() {
            let (s, e) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            let text = ev["text"].as_str().unwrap();
            assert_eq!(std::str::from_utf8(&bytes[s..e]).unwrap(), text);
            out.push(text.to_owned());
        }
    }
    out.sort();
    out
}
