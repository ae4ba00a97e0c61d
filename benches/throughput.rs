//! Throughput over a generated corpus (see `support/corpus.rs`): parsing,
//! rule matching and end to end, in bytes/s and files/s.
//!
//! `cargo bench --bench throughput`; `AVGLINT_BENCH_FILES` sets the corpus
//! size (default 200 notices, about 2.5 MB).

#[path = "support/corpus.rs"]
mod corpus;

use avglint::document::{self, Format};
use avglint::rules::Registry;
use avglint::source::SourceText;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

struct Notice {
    format: Format,
    bytes: Vec<u8>,
}

fn load() -> Vec<Notice> {
    let n = std::env::var("AVGLINT_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    (0..n)
        .map(|i| {
            let (name, text) = corpus::notice(i, 7);
            let format = if name.ends_with(".md") {
                Format::Markdown
            } else {
                Format::Text
            };
            Notice {
                format,
                bytes: text.into_bytes(),
            }
        })
        .collect()
}

fn parse(src: &SourceText, format: Format) -> document::Document {
    match format {
        Format::Markdown => document::markdown::parse(src.text()),
        // The generator writes Markdown and plain text only.
        _ => document::text::parse(src.text()),
    }
}

fn bench(c: &mut Criterion) {
    let reg = Registry::builtin().expect("built-in rules compile");
    let corpus = load();
    let total: u64 = corpus.iter().map(|n| n.bytes.len() as u64).sum();
    let sources: Vec<SourceText> = corpus
        .iter()
        .map(|n| SourceText::decode(n.bytes.clone()).expect("generated text decodes"))
        .collect();
    let docs: Vec<document::Document> = sources
        .iter()
        .zip(&corpus)
        .map(|(s, n)| parse(s, n.format))
        .collect();
    let opts = avglint::Options::default();

    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(total)),
        ("files", Throughput::Elements(corpus.len() as u64)),
    ] {
        let mut g = c.benchmark_group(format!("corpus-{unit}"));
        g.throughput(throughput);
        g.sample_size(10);
        g.bench_function("parse", |b| {
            b.iter(|| {
                for (s, n) in sources.iter().zip(&corpus) {
                    black_box(parse(s, n.format));
                }
            })
        });
        g.bench_function("match", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(avglint::assess::assess(d, reg, Default::default()));
                }
            })
        });
        g.bench_function("end-to-end", |b| {
            b.iter(|| {
                for n in &corpus {
                    let r = avglint::check_bytes("bench", n.bytes.clone(), n.format, &opts, reg);
                    black_box(serde_json::to_vec(&r).expect("report serializes"));
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
