//! A benchmark corpus of real notices: the shared documents next to the
//! repository (`../shared`: seeds, corpus, corpus2, gt200) copied with
//! variations until the corpus has the size asked for. Real notices cost
//! about twice the CPU per byte of the generated ones (`corpus.rs`): they
//! meet far more of the rules' literals, so this is the corpus the engine is
//! measured on. The documents are read from disk, never committed; the
//! corpus goes under `target/`.
//!
//! The variations keep each copy a plausible notice (they never write
//! words): paragraphs dropped, repeated or swapped with their neighbour,
//! digits changed, line breaks as CRLF, lines re-wrapped. Deterministic.

#![allow(dead_code)]

use std::io;
use std::path::{Path, PathBuf};

/// The sets of shared documents used, with the folder their documents are in.
const SETS: &[&str] = &["seeds", "corpus/docs", "corpus2/docs", "gt200/docs"];

/// Extensions of the documents taken (the notices; not labels or manifests).
const EXTENSIONS: &[&str] = &["md", "txt", "html", "htm", "jsx"];

/// The shared documents' folder: `$AVGLINT_SHARED`, else the first `shared`
/// folder beside the repository or one level up (a worktree of a checkout).
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("AVGLINT_SHARED") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|d| SETS.iter().any(|s| d.join(s).is_dir()))
}

/// One source document: a name (set and file) and its bytes.
pub struct Source {
    pub name: String,
    pub ext: String,
    pub bytes: Vec<u8>,
}

/// Every notice of the shared sets, in a fixed order.
pub fn sources(shared: &Path) -> io::Result<Vec<Source>> {
    let mut out = Vec::new();
    for set in SETS {
        let dir = shared.join(set);
        if !dir.is_dir() {
            continue;
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
                continue;
            };
            if !EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
            out.push(Source {
                name: format!("{}-{stem}", set.split('/').next().unwrap_or(set)),
                ext: ext.to_ascii_lowercase(),
                bytes: std::fs::read(&path)?,
            });
        }
    }
    Ok(out)
}

/// xorshift64*, as in `corpus.rs` (kept separate so either file stands alone).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Copy number `copy` of a document (copy 0 is the document itself).
pub fn vary(src: &Source, copy: u64) -> Vec<u8> {
    if copy == 0 {
        return src.bytes.clone();
    }
    let mut rng = Rng::new(copy.wrapping_mul(1_000_003) ^ src.bytes.len() as u64);
    let Ok(text) = std::str::from_utf8(&src.bytes) else {
        return src.bytes.clone();
    };
    let text = text.replace("\r\n", "\n");
    // Markup (HTML, JSX) keeps its structure: only digits and line ends vary.
    let prose = matches!(src.ext.as_str(), "md" | "txt");
    let mut out = if prose {
        let mut paras: Vec<String> = text.split("\n\n").map(str::to_string).collect();
        let mut i = 0;
        while i < paras.len() {
            // The first paragraph (title, front matter) stays first.
            if i > 0 && paras.len() > 4 {
                if rng.chance(4) {
                    paras.remove(i);
                    continue;
                }
                if rng.chance(4) {
                    let p = paras[i].clone();
                    paras.insert(i, p);
                    i += 2;
                    continue;
                }
                if i + 1 < paras.len() && rng.chance(6) {
                    paras.swap(i, i + 1);
                }
            }
            i += 1;
        }
        let wrap = src.ext == "txt" && rng.chance(30);
        let paras: Vec<String> = if wrap {
            paras
                .iter()
                .map(|p| rewrap(p, 60 + (copy % 30) as usize))
                .collect()
        } else {
            paras
        };
        paras.join("\n\n")
    } else {
        text
    };
    if rng.chance(40) {
        let bytes: Vec<u8> = out
            .bytes()
            .map(|b| {
                if b.is_ascii_digit() && rng.chance(30) {
                    b'0' + (rng.next() % 10) as u8
                } else {
                    b
                }
            })
            .collect();
        out = String::from_utf8(bytes).expect("only ASCII digits replaced");
    }
    if rng.chance(20) {
        out = out.replace('\n', "\r\n");
    }
    out.into_bytes()
}

/// A plain-text paragraph's lines joined and broken again at `width`.
fn rewrap(para: &str, width: usize) -> String {
    // Lists and headings keep their lines.
    if para
        .lines()
        .any(|l| l.trim_start().starts_with(['-', '*', '#']) || l.trim().is_empty())
    {
        return para.to_string();
    }
    let mut out = String::with_capacity(para.len());
    let mut line = 0;
    for word in para.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// Writes copies of the shared documents into `dir` (500 files a folder)
/// until at least `target_bytes` are written; returns (files, bytes).
pub fn write_corpus(shared: &Path, dir: &Path, target_bytes: u64) -> io::Result<(usize, u64)> {
    let docs = sources(shared)?;
    if docs.is_empty() {
        return Err(io::Error::other(format!(
            "no documents under {}",
            shared.display()
        )));
    }
    let (mut files, mut bytes) = (0usize, 0u64);
    let mut copy = 0u64;
    while bytes < target_bytes {
        for d in &docs {
            if bytes >= target_bytes {
                break;
            }
            let sub = dir.join(format!("{:03}", files / 500));
            if files % 500 == 0 {
                std::fs::create_dir_all(&sub)?;
            }
            let data = vary(d, copy);
            std::fs::write(sub.join(format!("{}-c{copy}.{}", d.name, d.ext)), &data)?;
            files += 1;
            bytes += data.len() as u64;
        }
        copy += 1;
    }
    Ok((files, bytes))
}
