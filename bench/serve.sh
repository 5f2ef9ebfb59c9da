#!/usr/bin/env bash
# Load on the patient self-check of `vigie serve`, with wrk on loopback.
#
#   bench/serve.sh                      # 20,000 notified persons, 64 connections, 20 s
#   PERSONS=2000 DURATION=5s bench/serve.sh
#
# A case with PERSONS persons is notified through the tests' SMTP server (so their check
# codes exist), then wrk posts /api/check/code with a random code from a random client
# address (X-Forwarded-For, from the trusted proxy 127.0.0.1): the rate limiter is on, and
# every request goes the whole way (keyed hash, register lookup, answer). wrk and the
# server share the machine's 2 cores. Prints requests a second and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${PERSONS:-20000}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
OUT=${OUT:-bench/out/serve}
PY=${VIGIE_TEST_PYTHON:-/usr/bin/python3}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p vigie
VIGIE=$PWD/target/release/vigie
rm -rf "$OUT" && mkdir -p "$OUT"
export VIGIE_HOME="$OUT/home"
unset VIGIE_REGISTER_KEY VIGIE_STORE
store="$OUT/register.db"

"$PY" - "$PERSONS" "$OUT/persons.jsonl" <<'PYEOF'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({"registry_id": "P%07d" % i, "probability": 0.99,
            "categories": [["identity", "health"], ["contact"], ["nir"]][i % 3],
            "first_name": "P%d" % i, "last_name": "N%d" % i, "email": "p%d@example.org" % i}) + "\n")
PYEOF
ref=$("$VIGIE" breach --store "$store" new --title Bench --controller laboratory \
  --discovered "2026-11-20 09:00" --aware "2026-11-20 10:00" --nature confidentiality \
  --origin hacking --dpo dpo@labo.example --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["reference"])')
"$VIGIE" breach --store "$store" attach "$ref" --link "$OUT/persons.jsonl" >/dev/null
mkfifo "$OUT/smtp.in"
"$PY" crates/vigie-testkit/smtp_server.py --maildir "$OUT/mail" <"$OUT/smtp.in" >"$OUT/smtp.port" 2>/dev/null &
exec 7>"$OUT/smtp.in"
for _ in $(seq 50); do [ -s "$OUT/smtp.port" ] && break; sleep 0.1; done
"$VIGIE" notify --store "$store" send "$ref" --smtp "smtp://127.0.0.1:$(head -1 "$OUT/smtp.port")?tls=none" \
  --rate 0 --from "Labo <dpo@labo.example>" --organisation Labo 2>/dev/null
exec 7>&-

"$VIGIE" serve --store "$store" --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 >"$OUT/serve.out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/serve.out" ] && break; sleep 0.1; done
port=$(head -1 "$OUT/serve.out" | sed 's/.*://')

cat >"$OUT/check.lua" <<'LUA'
local alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
local codes = {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local c = {}
  for i = 1, 16 do
    local k = math.random(1, 32)
    c[i] = alphabet:sub(k, k)
  end
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format(nil, "/api/check/code", nil, '{"code":"' .. table.concat(c) .. '"}')
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors (status) %d, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
wrk -t1 -c2 -d2s -s "$OUT/check.lua" "http://127.0.0.1:$port" >/dev/null   # warm-up
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/check.lua" "http://127.0.0.1:$port"
