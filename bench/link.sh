#!/usr/bin/env bash
# End-to-end benchmark of `vigie link`, with Splink (DuckDB backend) on the same data in
# the same run.
#
#   bench/link.sh                         # side by side on 200,000 x 20,000, then the scale runs
#   SIDE=50000:5000 SCALE= bench/link.sh  # a quick side by side only
#   BIG=10000000 bench/link.sh            # also index a 10-million-row registry
#
# Data: `vigie synth --linkage` (seeded): a registry and a leak of French patients, 70 % of
# the leak in the registry with the corruptions of real leaks, with truth.
# Side by side (SIDE=REGISTRY:LEAK): RUNS runs each of `vigie link` and of
# bench/splink_link.py (Splink installed from PyPI in a virtual environment under
# bench/out), median wall time, peak RSS, precision, recall and F1 of each leak row's
# accepted match.
# Scale (SCALE=REGISTRY:LEAK): `vigie link` on the files (and Splink, when installed by
# the side-by-side run), `vigie link index` (--memory MEMORY MB) and `vigie link` against
# the index.
# BIG=N: `vigie link index` of an N-row registry, with --memory MEMORY.
set -euo pipefail
cd "$(dirname "$0")/.."
SIDE=${SIDE-200000:20000}
SCALE=${SCALE-1000000:100000}
BIG=${BIG-}
MEMORY=${MEMORY:-512}
RUNS=${RUNS:-3}
OUT=${OUT:-bench/out/link}
SPLINK=${SPLINK:-5.0.0}
mkdir -p "$OUT"
# The index is sealed with the register key: the benchmark's own, not the user's.
export VIGIE_HOME="$OUT/home"
unset VIGIE_REGISTER_KEY
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release -q -p vigie
VIGIE=target/release/vigie

data() { # REGISTRY LEAK -> directory
  local d="$OUT/data-$1-$2"
  [ -f "$d/truth.csv" ] || "$VIGIE" synth "$d" --patients "$1" --linkage "$2" --seed 5 2>/dev/null
  echo "$d"
}
# Runs a command RUNS times; prints "median_seconds max_rss_mb".
timed() {
  local times=() rss=0 line
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$@" >/dev/null 2>&1
    line=$(tail -1 "$OUT/time.txt")
    times+=("${line% *}")
    local r=${line#* }
    (( r > rss )) && rss=$r
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $((rss / 1024))"
}

if [ -n "$SIDE" ]; then
  VENV="$OUT/splink-venv"
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "splink==$SPLINK"
  fi
  d=$(data "${SIDE%:*}" "${SIDE#*:}")
  echo "== side by side: registry ${SIDE%:*}, leak ${SIDE#*:} ($RUNS runs each; median)"
  v=$(timed "$VIGIE" link "$d/leak.csv" "$d/registry.csv" --output "$d/vigie.csv")
  s=$(timed "$VENV/bin/python" bench/splink_link.py "$d/leak.csv" "$d/registry.csv" "$d/splink.csv")
  printf '%-8s %8s s %6s MB   %s\n' vigie ${v} "$(python3 bench/link_eval.py "$d/truth.csv" "$d/vigie.csv")"
  printf '%-8s %8s s %6s MB   %s\n' splink ${s} "$(python3 bench/link_eval.py "$d/truth.csv" "$d/splink.csv")"
  awk -v a="${v% *}" -v b="${s% *}" 'BEGIN {printf "splink / vigie wall time: %.1fx\n", b / a}'
fi

if [ -n "$SCALE" ]; then
  d=$(data "${SCALE%:*}" "${SCALE#*:}")
  echo "== scale: registry ${SCALE%:*}, leak ${SCALE#*:} ($RUNS runs each; median)"
  v=$(timed "$VIGIE" link "$d/leak.csv" "$d/registry.csv" --output "$d/vigie.csv")
  printf '%-22s %8s s %6s MB   %s\n' "link (files)" ${v} "$(python3 bench/link_eval.py "$d/truth.csv" "$d/vigie.csv")"
  if [ -x "$OUT/splink-venv/bin/python" ]; then
    p=$(timed "$OUT/splink-venv/bin/python" bench/splink_link.py "$d/leak.csv" "$d/registry.csv" "$d/splink.csv")
    printf '%-22s %8s s %6s MB   %s\n' "splink (files)" ${p} "$(python3 bench/link_eval.py "$d/truth.csv" "$d/splink.csv")"
  fi
  i=$(timed "$VIGIE" link index "$d/registry.csv" --output "$d/index" --memory "$MEMORY")
  printf '%-22s %8s s %6s MB\n' "index (--memory $MEMORY)" ${i}
  x=$(timed "$VIGIE" link "$d/leak.csv" "$d/index" --output "$d/vigie-index.csv")
  printf '%-22s %8s s %6s MB   %s\n' "link (index)" ${x} "$(python3 bench/link_eval.py "$d/truth.csv" "$d/vigie-index.csv")"
fi

if [ -n "$BIG" ]; then
  d=$(data "$BIG" 1000)
  echo "== index of a $BIG-row registry (one run)"
  RUNS=1
  for m in $MEMORY 128; do
    i=$(timed "$VIGIE" link index "$d/registry.csv" --output "$d/index" --memory "$m")
    printf '%-22s %8s s %6s MB\n' "index (--memory $m)" ${i}
  done
  rm -rf "$d/index"
fi
