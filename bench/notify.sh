#!/usr/bin/env bash
# End-to-end benchmark of `vigie notify send`: a case with N affected persons (each with
# an e-mail address and their own categories) sent to a local SMTP server (aiosmtpd, the
# tests' server, writing each message to disk), as fast as it takes them (--rate 0).
#
#   bench/notify.sh                 # 10,000 then 100,000 persons
#   SIZES=2000 bench/notify.sh      # a quick run
#
# For each size: wall time, messages a second, vigie's peak RSS (memory must not grow with
# the number of persons), and the SMTP server's CPU time beside vigie's (who is the
# bottleneck). The register is SQLite (full sync) on the same disk.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-10000 100000}
OUT=${OUT:-bench/out/notify}
PY=${VIGIE_TEST_PYTHON:-/usr/bin/python3}
mkdir -p "$OUT"
export VIGIE_HOME="$OUT/home"
unset VIGIE_REGISTER_KEY VIGIE_STORE
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release -q -p vigie
VIGIE=target/release/vigie

persons() { # N FILE: a link result with contact details, categories varying by person
  "$PY" - "$1" "$2" <<'EOF'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
cats = [["identity"], ["identity", "health"], ["contact"], ["nir", "health"], ["credentials", "identity"]]
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({
            "registry_id": "P%07d" % i, "probability": 0.99, "categories": cats[i % len(cats)],
            "first_name": "Prénom%d" % i, "last_name": "Nom%d" % i, "sex": "F" if i % 2 else "M",
            "email": "patient%d@example.org" % i,
        }) + "\n")
EOF
}

echo "| persons | wall | messages/s | vigie peak RSS | vigie CPU | server CPU |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $SIZES; do
  d="$OUT/run-$n"
  rm -rf "$d" && mkdir -p "$d"
  persons "$n" "$d/persons.jsonl"
  store="$d/register.db"
  ref=$("$VIGIE" breach --store "$store" new --title "Benchmark" --controller laboratory \
    --discovered "2026-11-20 09:00" --aware "2026-11-20 10:00" --nature confidentiality \
    --origin hacking --dpo "dpo@labo.example" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["reference"])')
  "$VIGIE" breach --store "$store" attach "$ref" --link "$d/persons.jsonl" >/dev/null
  # The server: its port on its first line; it stops when its input closes.
  mkfifo "$d/stdin"
  "$PY" crates/vigie-testkit/smtp_server.py --maildir "$d/mail" <"$d/stdin" >"$d/port" 2>/dev/null &
  server=$!
  exec 7>"$d/stdin"
  for _ in $(seq 50); do [ -s "$d/port" ] && break; sleep 0.1; done
  port=$(head -1 "$d/port")
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$d/time" "$VIGIE" notify --store "$store" send "$ref" \
    --smtp "smtp://127.0.0.1:$port?tls=none" --from "Labo <dpo@labo.example>" \
    --organisation "Laboratoire" --rate 0 2>"$d/stderr" || true
  end=$(date +%s.%N)
  server_cpu=$(ps -o cputime= -p "$server" | awk -F: '{print $1*3600 + $2*60 + $3}')
  exec 7>&-
  wait "$server" || true
  received=$(ls "$d/mail/new" | wc -l)
  read -r rss user sys <"$d/time"
  "$PY" - "$n" "$start" "$end" "$rss" "$user" "$sys" "$server_cpu" "$received" <<'EOF'
import sys
n, start, end, rss, user, sys_, server, received = sys.argv[1:]
wall = float(end) - float(start)
assert int(received) == int(n), f"{received} of {n} messages arrived"
print(f"| {int(n):,} | {wall:.1f} s | {int(n) / wall:,.0f} | {int(rss) / 1024:.0f} MB | {float(user) + float(sys_):.1f} s | {float(server):.0f} s |")
EOF
done
