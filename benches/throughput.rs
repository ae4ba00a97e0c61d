//! Throughput over a generated corpus (see `support/corpus.rs`): parsing,
//! rule matching and end to end, in bytes/s and files/s; and end to end over
//! the real notices of `../shared` (see `support/real.rs`) when they are there.
//!
//! `cargo bench --bench throughput`; `AVGLINT_BENCH_FILES` sets the corpus
//! size (default 200 notices, about 2.5 MB).

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/real.rs"]
mod real;

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
            let (name, bytes) = corpus::notice(i, 7);
            let format = Format::from_extension(std::path::Path::new(&name))
                .expect("the generator writes known extensions");
            Notice { format, bytes }
        })
        .collect()
}

/// Decoding and parsing one file into the document model.
fn parse(n: &Notice) -> document::Document {
    let text = || SourceText::decode(n.bytes.clone()).expect("generated text decodes");
    match n.format {
        Format::Markdown => document::markdown::parse(text().text()),
        Format::Html => document::html::parse(text().text()),
        Format::Docx => document::docx::read(&n.bytes).expect("generated docx").1,
        // The generator writes these four formats only.
        _ => document::text::parse(text().text()),
    }
}

fn bench(c: &mut Criterion) {
    let reg = Registry::builtin().expect("built-in rules compile");
    let corpus = load();
    let total: u64 = corpus.iter().map(|n| n.bytes.len() as u64).sum();
    let docs: Vec<document::Document> = corpus.iter().map(parse).collect();
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
                for n in &corpus {
                    black_box(parse(n));
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
    real_notices(c, reg, &opts);
}

/// End to end over each shared document once (about 1.4 MB of real
/// notices); skipped with a message when they are not beside the repository.
fn real_notices(c: &mut Criterion, reg: &Registry, opts: &avglint::Options) {
    let Some(shared) = real::shared_dir() else {
        eprintln!("real-notices: no shared documents (set AVGLINT_SHARED); skipped");
        return;
    };
    let docs: Vec<Notice> = real::sources(&shared)
        .expect("shared documents readable")
        .into_iter()
        .filter_map(|s| {
            let path = format!("doc.{}", s.ext);
            Format::from_extension(std::path::Path::new(&path)).map(|format| Notice {
                format,
                bytes: s.bytes,
            })
        })
        .collect();
    let total: u64 = docs.iter().map(|n| n.bytes.len() as u64).sum();
    let mut g = c.benchmark_group("real-notices");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(10);
    g.bench_function("end-to-end", |b| {
        b.iter(|| {
            for n in &docs {
                let r = avglint::check_bytes("bench", n.bytes.clone(), n.format, opts, reg);
                black_box(serde_json::to_vec(&r).expect("report serializes"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
