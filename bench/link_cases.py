#!/usr/bin/env python3
"""Scores a `vigie link --format jsonl --all` run against a generated set's truth, per
case of `cases.csv` (the adversarial set): rows, accepted right and wrong, in review,
and the model's own estimate of false matches among the accepted beside the true count.

    bench/link_cases.py DIR OUT.jsonl
"""
import csv, json, sys
from collections import defaultdict

d, out = sys.argv[1], sys.argv[2]
truth = {r["leak_ref"]: r["registry_id"] for r in csv.DictReader(open(f"{d}/truth.csv"))}
try:
    cases = {r["leak_ref"]: r["case"] for r in csv.DictReader(open(f"{d}/cases.csv"))}
except FileNotFoundError:
    cases = {k: ("patient" if v else "outsider") for k, v in truth.items()}
per = defaultdict(lambda: [0, 0, 0, 0])
for k, c in cases.items():
    per[c][0] += 1
tp = fp = rev = 0
expected = 0.0
for line in open(out):
    x = json.loads(line)
    decision = x.get("decision", "accept" if x["accepted"] else "reject")
    row = per[cases[x["leak_id"]]]
    if decision == "accept":
        # A pair a reviewer answered is no longer the model's guess.
        if not x.get("reviewed"):
            expected += 1 - x["probability"]
        if truth.get(x["leak_id"]) == x["registry_id"]:
            tp += 1; row[1] += 1
        else:
            fp += 1; row[2] += 1
    elif decision == "review":
        rev += 1; row[3] += 1
true = sum(1 for v in truth.values() if v)
p = tp / max(tp + fp, 1); r = tp / max(true, 1)
print(f"true {true} accepted {tp+fp} wrong {fp} review {rev} P {p:.4f} R {r:.4f} "
      f"F1 {2*p*r/max(p+r,1e-9):.4f} expected false {expected:.1f}")
for c, (n, right, wrong, review) in sorted(per.items()):
    print(f"  {c:<24} rows {n:>6} right {right:>6} wrong {wrong:>5} review {review:>5}")
