#!/usr/bin/env bash
# Regenerates docs/screens: every page a DPO and a patient see (Chromium headless, French,
# on the demo's synthetic case), the scan and link reports, and the first page of each
# draft and of a letter. Needs what scripts/test installs (Chromium, the driver, poppler).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prepare-tests.sh
out=docs/screens
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build -q -p vigie
vigie=target/debug/vigie
export VIGIE_HOME="$work/home"
"$vigie" demo --dir "$work/demo" --patients 600 --lang fr > "$work/demo.txt" 2>&1
store="$work/demo/register.db"
key="$work/demo/register.key"
reference=$(grep -o 'breaches/VIG-[0-9-]*' "$work/demo.txt" | head -1 | cut -d/ -f2)
password="mot de passe de démonstration"
VIGIE_PASSWORD="$password" "$vigie" serve --store "$store" --register-key "$key" user dpo --role dpo
# A patient's code, from one of the notices the demo wrote.
code=$(grep -rhoE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' "$work/demo/notifications/email" | head -1)
"$vigie" serve --store "$store" --register-key "$key" --listen 127.0.0.1:0 \
  --organisation 'Laboratoire Exemple' --dpo 'dpo@labo.example' > "$work/serve.txt" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q listening "$work/serve.txt" && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.txt" | head -1)
"$vigie" scan "$work/demo/laboratoire" --exclude '**/truth.jsonl' --format html --lang fr \
  --output "$work/rapport-analyse.html" || true
rm -f "$out"/*.png
node crates/vigie/tests/e2e/screens.mjs "$url" dpo "$password" "$reference" "$code" "$out" \
  "$work/rapport-analyse.html" "$work/demo/fuite/lien.html"
for pdf in "$work"/demo/projets/*.pdf; do
  pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$pdf" "$out/pdf-$(basename "$pdf" .pdf)"
done
letter=$(find "$work/demo/notifications" -name '*.pdf' | head -1)
if [ -n "$letter" ]; then pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$letter" "$out/pdf-courrier"; fi
ls -l "$out"
