#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another,
# and prints libFuzzer's closing line for each. Usage: fuzz/run-all.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
[ -d corpus ] || ./seed.sh
mkdir -p logs
for t in markdown text html template jsx tilt_json tilt_yaml tilt_toml docx pdf check suppress config baseline; do
  cargo +nightly fuzz run -s none "$t" -- -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 > "logs/$t.log" 2>&1
  echo "$t: exit $? $(grep -E '^Done [0-9]+ runs' "logs/$t.log" | tail -n 1)"
done
