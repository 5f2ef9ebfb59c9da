#!/usr/bin/env bash
# End-to-end benchmark of `vigie scan`, with ripgrep on the same corpus in the same run.
#
#   bench/run.sh                      # ~190 MB corpus, 2 threads, 3 runs each
#   PATIENTS=100000 RUNS=5 bench/run.sh
#
# Generates the corpus with `vigie synth` (seeded), then times, each RUNS times, and
# prints the median wall time, throughput and peak RSS of:
#   - vigie scan with the summary report (text) and with every finding (jsonl to a file),
#   - ripgrep, one naive regex per kind (bench/rg-patterns.tsv), same thread count,
#     summed over the kinds, and all patterns in a single ripgrep run.
# Accuracy (precision/recall/F1 per kind) is measured on a smaller corpus with truth.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}
PATIENTS=${PATIENTS:-400000}
RUNS=${RUNS:-3}
OUT=${OUT:-bench/out}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release -q -p vigie
VIGIE=target/release/vigie
mkdir -p "$OUT"
export VIGIE_KEY_FILE="$OUT/bench.key"

if [ ! -f "$OUT/corpus.done.$PATIENTS" ]; then
  rm -rf "$OUT/corpus" "$OUT"/corpus.done.*
  "$VIGIE" synth "$OUT/corpus" --patients "$PATIENTS"
  mv "$OUT/corpus/truth.jsonl" "$OUT/truth-corpus.jsonl"
  touch "$OUT/corpus.done.$PATIENTS"
fi
BYTES=$(du -sb "$OUT/corpus" | cut -f1)
MB=$(echo "scale=1; $BYTES / 1000000" | bc)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "corpus: $MB MB in $(find "$OUT/corpus" -type f | wc -l) files; threads: $THREADS; runs: $RUNS (medians)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# time_cmd NAME CMD...: runs CMD RUNS times, prints median seconds and max RSS.
time_cmd() {
  local name=$1; shift
  local secs=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
    read -r s m < <(tail -n 1 "$OUT/time.txt")
    secs+=("$s"); rss+=("$m")
  done
  local med; med=$(printf '%s\n' "${secs[@]}" | median)
  local maxrss; maxrss=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  printf '%-34s %8.2f s %9.1f MB/s %8d MB peak RSS\n' "$name" "$med" "$(echo "$MB / $med" | bc -l)" $((maxrss / 1024))
  echo "$med" > "$OUT/last.txt"
}

time_cmd "vigie scan (text summary)" "$VIGIE" scan "$OUT/corpus" --threads "$THREADS"
VT=$(cat "$OUT/last.txt")
time_cmd "vigie scan (jsonl to file)" "$VIGIE" scan "$OUT/corpus" --threads "$THREADS" --format jsonl --output "$OUT/findings.jsonl"
VJ=$(cat "$OUT/last.txt")

# ripgrep: one run per kind, summed (what a DPO grepping for each kind would run).
RG_TOTAL=0
while IFS=$'\t' read -r kind pat; do
  case "$kind" in \#*|"") continue ;; esac
  s=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e" -o "$OUT/time.txt" rg -j "$THREADS" -c --no-filename -e "$pat" "$OUT/corpus" >/dev/null 2>&1 || true
    s+=("$(tail -n 1 "$OUT/time.txt")")
  done
  m=$(printf '%s\n' "${s[@]}" | median)
  printf '  rg %-20s %8.2f s\n' "$kind" "$m"
  RG_TOTAL=$(echo "$RG_TOTAL + $m" | bc -l)
done < bench/rg-patterns.tsv
printf '%-34s %8.2f s %9.1f MB/s\n' "ripgrep, one run per kind (sum)" "$RG_TOTAL" "$(echo "$MB / $RG_TOTAL" | bc -l)"
ARGS=()
while IFS=$'\t' read -r kind pat; do
  case "$kind" in \#*|"") continue ;; esac
  ARGS+=(-e "$pat")
done < bench/rg-patterns.tsv
time_cmd "ripgrep, all kinds in one run" rg -j "$THREADS" -c "${ARGS[@]}" "$OUT/corpus"
RG_ONE=$(cat "$OUT/last.txt")
printf 'ratios: vigie text vs rg per-kind %.1fx, vs rg one run %.1fx; vigie jsonl vs rg per-kind %.1fx, vs rg one run %.1fx\n' \
  "$(echo "$RG_TOTAL / $VT" | bc -l)" "$(echo "$RG_ONE / $VT" | bc -l)" \
  "$(echo "$RG_TOTAL / $VJ" | bc -l)" "$(echo "$RG_ONE / $VJ" | bc -l)"

# Accuracy on a smaller corpus with its truth.
rm -rf "$OUT/acc"
"$VIGIE" synth "$OUT/acc" --patients 20000 --seed 7 --rows-per-file 5000 2>/dev/null
mv "$OUT/acc/truth.jsonl" "$OUT/truth-acc.jsonl"
"$VIGIE" scan "$OUT/acc" --format jsonl --output "$OUT/acc-findings.jsonl" --threads "$THREADS" 2>/dev/null || true
echo "accuracy (20,000 patients, seed 7):"
"$VIGIE" eval --truth "$OUT/truth-acc.jsonl" --findings "$OUT/acc-findings.jsonl" --root "$OUT/acc"
