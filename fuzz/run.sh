#!/usr/bin/env bash
# Runs every fuzz target (or those named in TARGETS) for SECONDS_EACH (default 45) each,
# two at a time, and prints what each found. libFuzzer runs in fork mode and goes on
# after a crash (each one saved under fuzz/artifacts/TARGET), so a third-party parser's
# known assertion does not end a target's time. libFuzzer needs nightly flags:
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
  cargo fuzz run -O "$t" "corpus/$t" -- -fork=1 -ignore_crashes=1 \
    -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
    > "/tmp/fuzz-$t.log" 2>&1 || true
  local last crashes
  last=$(grep -oE '^#[0-9]+: cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "/tmp/fuzz-$t.log" | tail -1)
  crashes=$(grep -oE 'oom/timeout/crash: [0-9]+/[0-9]+/[0-9]+' "/tmp/fuzz-$t.log" | tail -1 |
    cut -d/ -f5)
  echo "$t: ${last:-no run} (executions, coverage, corpus); crashes: ${crashes:-0}, see fuzz/artifacts/$t"
}
export -f run
export SECONDS_EACH
printf '%s\n' $targets | xargs -P 2 -I{} bash -c 'run {}'
