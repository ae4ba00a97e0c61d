#!/bin/sh
# Throughput on real notices (issue 16): `check --format json` over the
# corpus of `examples/real_corpus.rs` (the shared documents copied with
# variations) for --jobs 1 and 2, with GNU grep over the same files beside it.
# Prints MB/s, files/s and peak RSS (from /usr/bin/time -v) per run.
#
#   scripts/bench-real.sh [MB ...]      (default: 60 240)
#
# The corpus is written once under target/real-notices-MBmb/; without the
# shared documents the script says so and exits 0.
set -eu
cd "$(dirname "$0")/.."
bin=${AVGLINT_BIN:-target/release/avglint}
[ -x "$bin" ] || cargo build --release --locked
out=target/bench-real
mkdir -p "$out"
# 16 keyword alternations, Dutch and English, as a plain keyword scan would use.
words='persoonsgegevens|bewaartermijn|toestemming|verwerkingsverantwoordelijke|klacht|autoriteit|functionaris|rechten|personal data|retention|consent|controller|complaint|supervisory|data protection officer|rights'

# wall seconds, peak RSS (MB) and CPU seconds (user + system) from a /usr/bin/time -v log
time_of() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
        /Maximum resident set size/ { rss = $2 / 1024 }
        /User time|System time/ { cpu += $2 }
        END { printf "%.3f %.0f %.2f\n", s, rss, cpu }' "$1"
}

for mb in ${*:-60 240}; do
    dir=target/real-notices-${mb}mb
    if [ ! -d "$dir" ]; then
        cargo run --release --locked --example real_corpus -- "$mb" "$dir"
    fi
    if [ ! -d "$dir" ]; then
        echo "skipped: no shared documents for the real-notice corpus"
        exit 0
    fi
    files=$(find "$dir" -type f | wc -l)
    bytes=$(find "$dir" -type f -exec cat {} + | wc -c)
    # Read once so every run starts from the page cache.
    find "$dir" -type f -exec cat {} + >/dev/null
    for jobs in 1 2; do
        status=0
        /usr/bin/time -v -o "$out/time.txt" "$bin" check --format json --jobs "$jobs" "$dir" \
            >"$out/report-$mb-$jobs.json" || status=$?
        if [ "$status" -gt 1 ]; then
            echo "avglint failed (exit $status)" >&2
            exit 1
        fi
        set -- $(time_of "$out/time.txt")
        awk -v mb="$mb" -v j="$jobs" -v s="$1" -v rss="$2" -v cpu="$3" -v b="$bytes" -v f="$files" 'BEGIN {
            printf "%4s MB  avglint --jobs %s  %7.2f s  %6.1f MB/s  %7.0f files/s  peak RSS %4d MB  CPU %.1f s\n",
                mb, j, s, b / 1e6 / s, f / s, rss, cpu }'
    done
    LC_ALL=C /usr/bin/time -v -o "$out/time.txt" grep -r -c -i -E "$words" "$dir" >"$out/grep-$mb.txt" || true
    set -- $(time_of "$out/time.txt")
    awk -v mb="$mb" -v s="$1" -v rss="$2" -v cpu="$3" -v b="$bytes" -v f="$files" 'BEGIN {
        printf "%4s MB  grep -c -i -E (16 words)  %7.2f s  %6.1f MB/s  %7.0f files/s  peak RSS %4d MB  CPU %.1f s\n",
            mb, s, b / 1e6 / s, f / s, rss, cpu }'
done
