"""Precision, recall and F1 of a matches file (leak_id,registry_id,...) against truth.csv;
rows with a `decision` other than `accept` (pairs in review) are not counted as accepted.

    python bench/link_eval.py truth.csv matches.csv
"""
import csv
import sys
truth={}
for r in csv.DictReader(open(sys.argv[1])):
    if r['registry_id']: truth[r['leak_ref']]=r['registry_id']
acc=[r for r in csv.DictReader(open(sys.argv[2])) if r.get('decision', 'accept') == 'accept']
tp=sum(1 for r in acc if truth.get(r['leak_id'])==r['registry_id'])
p=tp/max(len(acc),1); rc=tp/len(truth); f=2*p*rc/(p+rc) if p+rc else 0
print(f"accepted {len(acc)} true {len(truth)} tp {tp} P {p:.4f} R {rc:.4f} F1 {f:.4f}")
