//! Writes a corpus of generated privacy notices for benchmarks:
//! `cargo run --release --example gen_corpus -- DIR [COUNT] [SEED]`.
//! About 12 KB a notice on average: 5,000 notices make about 60 MB.

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen_corpus DIR [COUNT] [SEED]");
        std::process::exit(2);
    };
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    match corpus::write_corpus(std::path::Path::new(&dir), count, seed) {
        Ok(bytes) => println!("{count} notices, {bytes} bytes in {dir}"),
        Err(e) => {
            eprintln!("gen_corpus: {dir}: {e}");
            std::process::exit(2);
        }
    }
}
