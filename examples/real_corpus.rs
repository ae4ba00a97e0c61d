//! Writes the benchmark corpus of real notices (see `benches/support/real.rs`):
//! `cargo run --release --example real_corpus -- MB [DIR]`, by default into
//! `target/real-notices-MBmb/`. The shared documents are looked for in
//! `$AVGLINT_SHARED`, `../shared` and `../../shared`; without them it says
//! so and writes nothing (exit status 0, so scripts can skip).

#[path = "../benches/support/real.rs"]
mod real;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(mb) = args.next().and_then(|a| a.parse::<u64>().ok()) else {
        eprintln!("usage: real_corpus MB [DIR]");
        std::process::exit(2);
    };
    let dir = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join(format!("real-notices-{mb}mb"))
        });
    let Some(shared) = real::shared_dir() else {
        eprintln!("real_corpus: no shared documents (set AVGLINT_SHARED); skipped");
        return;
    };
    if dir.exists() {
        eprintln!("real_corpus: {} exists; remove it first", dir.display());
        std::process::exit(2);
    }
    match real::write_corpus(&shared, &dir, mb * 1_000_000) {
        Ok((files, bytes)) => println!("{files} notices, {bytes} bytes in {}", dir.display()),
        Err(e) => {
            eprintln!("real_corpus: {}: {e}", dir.display());
            std::process::exit(2);
        }
    }
}
