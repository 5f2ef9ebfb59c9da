#!/usr/bin/env bash
# Throughput of `vigie scan` on the compressed, archive and spreadsheet formats, side by
# side with the plain file they hold, in one run.
#
#   bench/formats.sh                 # 200,000 patients (~40 MB of CSV), 3 runs each
#   PATIENTS=50000 RUNS=5 bench/formats.sh
#
# One CSV export from `vigie synth` (seeded) is packed as gzip, bzip2, xz, zstd (one frame,
# and several concatenated as pzstd writes), zip, tar.gz, and written as an XLSX workbook (by
# xlsxwriter, installed with pip when missing). For each, the median wall time, the
# throughput in MB of *decompressed* data per second, the ratio to the plain CSV and the
# peak RSS; and the findings count, which must equal the plain CSV's.
set -euo pipefail
cd "$(dirname "$0")/.."
PATIENTS=${PATIENTS:-200000}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
OUT=${OUT:-bench/out}/formats
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v zstd >/dev/null || { apt-get update -qq && apt-get install -y -qq zstd >/dev/null; }
python3 -c "import xlsxwriter" 2>/dev/null || pip install -q xlsxwriter

cargo build --release -q -p vigie
VIGIE=target/release/vigie
export VIGIE_KEY_FILE="$OUT/bench.key"
mkdir -p "$OUT"
if [ ! -f "$OUT/done.$PATIENTS" ]; then
  rm -rf "$OUT/synth" "$OUT/files" "$OUT"/done.*
  "$VIGIE" synth "$OUT/synth" --patients "$PATIENTS" --rows-per-file "$PATIENTS" >/dev/null
  mkdir -p "$OUT/files"
  csv="$OUT/files/patients.csv"
  cp "$OUT/synth/exports/patients_export.csv" "$csv"
  gzip -6 -k -c "$csv" > "$csv.gz"
  bzip2 -9 -k -c "$csv" > "$csv.bz2"
  xz -6 -T1 -k -c "$csv" > "$csv.xz"
  zstd -q -3 -c "$csv" > "$csv.zst"
  # Several frames, as pzstd writes them: 4 MB pieces compressed apart, concatenated.
  split -b 4000000 "$csv" "$OUT/files/piece."
  for p in "$OUT"/files/piece.*; do zstd -q -3 -c "$p"; done > "$OUT/files/frames.csv.zst"
  rm "$OUT"/files/piece.*
  (cd "$OUT/files" && python3 -c "
import zipfile; z = zipfile.ZipFile('patients.zip', 'w', zipfile.ZIP_DEFLATED); z.write('patients.csv'); z.close()")
  tar -C "$OUT/files" -czf "$OUT/files/patients.tar.gz" patients.csv
  python3 - "$csv" "$OUT/files/patients.xlsx" <<'PY'
import csv, sys, xlsxwriter
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
sheet = book.add_worksheet("Patients")
with open(sys.argv[1], encoding="cp1252", newline="") as f:
    for r, row in enumerate(csv.reader(f, delimiter=";")):
        for c, v in enumerate(row):
            sheet.write_string(r, c, v)
book.close()
PY
  touch "$OUT/done.$PATIENTS"
fi
MB=$(echo "scale=1; $(stat -c %s "$OUT/files/patients.csv") / 1000000" | bc)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "content: $MB MB of CSV ($PATIENTS patients); threads: $THREADS; runs: $RUNS (medians)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
BASE=
for f in patients.csv patients.csv.gz patients.csv.bz2 patients.csv.xz patients.csv.zst frames.csv.zst patients.zip patients.tar.gz patients.xlsx; do
  path="$OUT/files/$f"
  secs=(); rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$VIGIE" scan "$path" --threads "$THREADS" --format jsonl --output "$OUT/findings.jsonl" >/dev/null 2>&1 || true
    read -r s m < <(tail -n 1 "$OUT/time.txt")
    secs+=("$s"); rss+=("$m")
  done
  med=$(printf '%s\n' "${secs[@]}" | median)
  maxrss=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  findings=$(wc -l < "$OUT/findings.jsonl")
  [ -z "$BASE" ] && BASE=$med
  printf '%-18s %9.1f MB %7.2f s %7.1f MB/s %5.2fx %6d MB RSS %8d findings\n' "$f" \
    "$(echo "scale=1; $(stat -c %s "$path") / 1000000" | bc)" "$med" "$(echo "$MB / $med" | bc -l)" \
    "$(echo "$med / $BASE" | bc -l)" $((maxrss / 1024)) "$findings"
done
