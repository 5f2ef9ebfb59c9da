#!/usr/bin/env bash
# Runs every fuzz target (or those named in TARGETS) for SECONDS_EACH (default 45) each,
# two at a time, and prints what each found. libFuzzer needs nightly flags:
# RUSTC_BOOTSTRAP lets the stable toolchain take them. Corpora start from the seeds
# fuzz/seed.py writes (a small `vigie synth` share and the third-party test corpus).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${SECONDS_EACH:-45}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
targets=${TARGETS:-$(cargo fuzz list)}
run() {
  local t=$1
  mkdir -p "corpus/$t"
  if cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -timeout=20 \
      -rss_limit_mb=2048 -max_len=65536 > "/tmp/fuzz-$t.log" 2>&1; then
    echo "$t: ok, $(grep -oE '#[0-9]+' "/tmp/fuzz-$t.log" | tail -1 | tr -d '#') runs," \
      "$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "/tmp/fuzz-$t.log" | tail -1)"
  else
    echo "$t: FAILED, see /tmp/fuzz-$t.log and fuzz/artifacts/$t"
  fi
}
export -f run
export SECONDS_EACH
printf '%s\n' $targets | xargs -P 2 -I{} bash -c 'run {}'
