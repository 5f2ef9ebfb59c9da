#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 45) each, two at a time, and prints what
# each found. libFuzzer needs nightly flags: RUSTC_BOOTSTRAP lets the stable toolchain
# take them. Corpora start from `vigie synth` files when fuzz/corpus is seeded.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${SECONDS_EACH:-45}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
targets=$(cargo fuzz list)
run() {
  local t=$1
  mkdir -p "corpus/$t"
  if cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -timeout=20 \
      -rss_limit_mb=2048 -max_len=65536 > "/tmp/fuzz-$t.log" 2>&1; then
    echo "$t: ok, $(grep -oE '#[0-9]+' "/tmp/fuzz-$t.log" | tail -1 | tr -d '#') runs"
  else
    echo "$t: FAILED, see /tmp/fuzz-$t.log and fuzz/artifacts/$t"
  fi
}
export -f run
export SECONDS_EACH
printf '%s\n' $targets | xargs -P 2 -I{} bash -c 'run {}'
