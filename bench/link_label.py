#!/usr/bin/env python3
"""Plays the reviewer on a generated set: answers, from the truth, the pairs a
`vigie link --format jsonl --all` run left in review, least sure first, at most N, and
writes them as `vigie link --labels` reads them (as `vigie breach review --export-labels`
writes them).

    bench/link_label.py DIR RUN.jsonl N LABELS.jsonl
"""
import csv, json, sys

d, run, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
truth = {r["leak_ref"]: r["registry_id"] for r in csv.DictReader(open(f"{d}/truth.csv"))}
waiting = [x for x in map(json.loads, open(run)) if x.get("decision") == "review"]
waiting.sort(key=lambda x: abs(x["probability"] - 0.5))
with open(out, "w") as f:
    for x in waiting[:n]:
        same = truth.get(x["leak_id"]) == x["registry_id"]
        f.write(json.dumps({"leak_id": x["leak_id"], "registry_id": x["registry_id"],
                            "answer": "same" if same else "different",
                            "by": "bench", "at": "2026-12-05T00:00:00Z"}) + "\n")
print(f"{min(n, len(waiting))} of {len(waiting)} pairs in review answered")
