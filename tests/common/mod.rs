//! Helpers shared by the integration tests (`mod common;`).
// Each test crate compiles this module and uses only some of it.
#![allow(dead_code)]

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

/// Writes a PDF's page tree (A4 pages, `resources` shared when given) and
/// catalog, and saves it.
pub fn finish_pdf(
    mut doc: lopdf::Document,
    pages_id: lopdf::ObjectId,
    kids: Vec<lopdf::Object>,
    resources: Option<lopdf::ObjectId>,
) -> Vec<u8> {
    use lopdf::{dictionary, Object};
    let mut pages = dictionary! {
        "Type" => "Pages", "Count" => kids.len() as i64, "Kids" => kids,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    };
    if let Some(id) = resources {
        pages.set("Resources", id);
    }
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).unwrap();
    buf
}

/// Waits for `child`, killing it and failing the test once `deadline` has
/// passed (a hang is a failure, not a stuck test run); `what` names it.
pub fn wait_with_deadline(
    mut child: std::process::Child,
    deadline: std::time::Duration,
    what: &str,
) -> std::process::ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {deadline:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
