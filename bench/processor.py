#!/usr/bin/env python3
"""A processor's breach end to end (issue 21's scenario), timed step by step.

A processor's leak of ROWS rows from 12 laboratories (about 14 % of its rows repeat a
patient), a site column naming the laboratory for 9 of them and nothing for 3; each
laboratory's registry. The processor opens its case, takes in its controllers, finds the
rows of the 3 without a site by linkage on their encoded registries, shares the leak out,
tells the 12 and writes each its notice; each laboratory opens its own case from the
notice, links its rows to its registry and attaches its persons; 8 delegate their notices
to the processor, which sends them in their names; the other 4 send their own; every
notice goes to a real SMTP server on loopback (the tests' aiosmtpd). Then each
laboratory's rows and persons are compared with the generator's truth.

    bench/processor.py                    # 300,000 rows
    bench/processor.py --rows 30000       # a quick run

Prints a table per step (wall seconds) and per laboratory (rows and persons: truth and
vigie's), for docs/benchmarks.md. The generator's data are synthetic: no real person.
"""

import argparse
import concurrent.futures
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABS = 12
WITHOUT_SITE = 3
DELEGATING = 8
SENDERS = 3


def lab_of(patient: str) -> int:
    return int(hashlib.blake2b(patient.encode(), digest_size=8).hexdigest(), 16) % LABS


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=300_000)
    p.add_argument("--out", default=str(ROOT / "bench/out/processor"))
    args = p.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "vigie"], cwd=ROOT, check=True)
    vigie = str(ROOT / "target/release/vigie")
    env = dict(os.environ, VIGIE_HOME=str(out / "home"), LANG="C.UTF-8")
    env.pop("VIGIE_REGISTER_KEY", None)
    env.pop("VIGIE_STORE", None)
    store = str(out / "register.db")
    steps = []

    def run(*cmd, by="presta", **kw):
        full = [vigie, *cmd]
        if cmd[0] == "breach":
            full = [vigie, "breach", "--store", store, "--by", by, *cmd[1:]]
        r = subprocess.run(full, env=env, capture_output=True, text=True, **kw)
        if r.returncode not in (0,):
            sys.exit(f"{' '.join(full)}: {r.returncode}\n{r.stderr}")
        return r

    def step(name, f):
        t = time.monotonic()
        result = f()
        steps.append((name, time.monotonic() - t))
        print(f"{name}: {steps[-1][1]:.1f} s", file=sys.stderr)
        return result

    # The data: a registry half again as large as the leak, split among the laboratories.
    gen = out / "gen"
    t0 = time.monotonic()
    run("synth", str(gen), "--patients", str(args.rows * 3 // 2), "--linkage", str(args.rows), "--seed", "21")
    truth = {}
    with open(gen / "truth.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            truth[r["leak_ref"]] = r["registry_id"]
    with open(gen / "registry.csv", encoding="cp1252", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        head = next(reader)
        regs = defaultdict(list)
        for row in reader:
            regs[lab_of(row[0])].append(row)
    for k, rows in regs.items():
        with open(out / f"registry-{k:02}.csv", "w", encoding="cp1252", newline="") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(head)
            w.writerows(rows)
    # The leak with its site column: a patient's laboratory, an outsider's one of the
    # nine that say theirs (a row of their data that no registry holds).
    true_rows = defaultdict(set)
    true_persons = defaultdict(set)
    with open(gen / "leak.csv", encoding="cp1252", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        leak_head = next(reader)
        with open(out / "export.csv", "w", encoding="cp1252", newline="") as g:
            w = csv.writer(g, delimiter=";")
            w.writerow(leak_head + ["Site"])
            for row in reader:
                ref, patient = row[0], truth.get(row[0], "")
                k = lab_of(patient) if patient else lab_of(ref) % (LABS - WITHOUT_SITE)
                site = f"LAB{k:02}" if k < LABS - WITHOUT_SITE else ""
                w.writerow(row + [site])
                true_rows[k].add(ref)
                true_persons[k].add(patient or "row " + ref)
    steps.append(("data (not timed in the chain)", time.monotonic() - t0))
    with open(out / "controllers.csv", "w", encoding="utf-8") as f:
        f.write("id;name;dpo;sites\n")
        for k in range(LABS):
            site = f"LAB{k:02}" if k < LABS - WITHOUT_SITE else ""
            f.write(f"7500000{k:02};Laboratoire {k:02};dpo@lab{k:02}.example;{site}\n")
    (out / "secret").write_text("5e" * 32)

    # The SMTP server: its port on its first line; it stops when its input closes.
    smtp = subprocess.Popen(
        [os.environ.get("VIGIE_TEST_PYTHON", "/usr/bin/python3"), str(ROOT / "crates/vigie-testkit/smtp_server.py"), "--maildir", str(out / "mail")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    port = int(smtp.stdout.readline())
    chain = time.monotonic()

    created = step("processor's case", lambda: run(
        "breach", "new", "--title", "Fuite chez le prestataire", "--controller", "processor",
        "--discovered", "2026-11-20 09:00", "--aware", "2026-11-20 10:00", "--nature", "confidentiality",
        "--origin", "hacking", "--dpo", "dpo@presta.example", "--measures-taken",
        "Le serveur exposé a été fermé.", "--json"))
    ref = json.loads(created.stdout)["reference"]
    step("controllers taken in", lambda: run("breach", "controllers", ref, "--import", str(out / "controllers.csv")))
    encoded = []
    def encode():
        for k in range(LABS - WITHOUT_SITE, LABS):
            path = out / f"registry-{k:02}.pprl"
            run("link", "encode", str(out / f"registry-{k:02}.csv"), "--secret", str(out / "secret"), "--output", str(path))
            encoded.append(f"7500000{k:02}={path}")
    step(f"{WITHOUT_SITE} registries encoded by their laboratories", encode)
    split_args = ["breach", "split", ref, str(out / "export.csv"), "--column", "Site", "--secret", str(out / "secret"), "--output", str(out / "shares"), "--json"]
    for e in encoded:
        split_args += ["--encoded", e]
    step("leak de-duplicated and shared out (with encoded linkage)", lambda: run(*split_args))
    step("12 controllers told", lambda: run("breach", "inform", ref, "--all", "--at", "2026-11-21 09:00", "--how", "courriel"))
    cases = {}
    def notices():
        for k in range(LABS):
            notice = out / f"notice-{k:02}.json"
            run("breach", "notice", ref, f"7500000{k:02}", "--output", str(notice))
            r = run("breach", "receive", str(notice), "--controller", "laboratory", "--dpo", f"dpo@lab{k:02}.example", "--json", by=f"lab{k:02}")
            cases[k] = json.loads(r.stdout)["reference"]
    step("12 notices written, 12 controllers' cases opened", notices)
    def link():
        for k in range(LABS):
            # The rows the processor handed this laboratory (`split --output`).
            share = out / "shares" / f"7500000{k:02}.csv"
            result = out / f"link-{k:02}.jsonl"
            run("link", str(share), str(out / f"registry-{k:02}.csv"), "--contacts", "--format", "jsonl", "--output", str(result))
            run("breach", "attach", cases[k], "--link", str(result), by=f"lab{k:02}")
    step("each laboratory links its rows and attaches its persons", link)
    def send():
        sends = []
        for k in range(LABS):
            if k < DELEGATING:
                run("breach", "delegate", cases[k], "--to", "Prestataire", "--organisation", f"Laboratoire {k:02}",
                    "--from", f"Laboratoire {k:02} <dpo@lab{k:02}.example>", by=f"lab{k:02}")
                who = ["--delegated"]
            else:
                who = ["--from", f"Laboratoire {k:02} <dpo@lab{k:02}.example>", "--organisation", f"Laboratoire {k:02}"]
            sends.append(["notify", "--store", store, "send", cases[k], "--smtp", f"smtp://127.0.0.1:{port}?tls=none",
                          "--rate", "0", "--letters-for", "none", *who])
        # The laboratories send at once, as they would (SENDERS at a time, one register):
        # each exchange with the server is one command and one answer at a time.
        with concurrent.futures.ThreadPoolExecutor(SENDERS) as pool:
            list(pool.map(lambda c: run(*c), sends))
    step(f"notices sent, {SENDERS} laboratories at a time ({DELEGATING} by the processor)", send)
    total = time.monotonic() - chain
    smtp.stdin.close()
    smtp.wait()
    sent = len(list((out / "mail" / "new").iterdir()))

    split = json.loads(run("breach", "controllers", ref, "--json").stdout)["split"]
    print(f"\n{args.rows:,} rows, 12 laboratories; the chain took {total:.1f} s; {sent:,} e-mails received\n")
    print("| step | wall |\n| --- | ---: |")
    for name, s in steps:
        print(f"| {name} | {s:.1f} s |")
    print("\n| laboratory | site | rows (truth / vigie) | of them by encoded linkage | persons (truth / vigie, after review) |")
    print("| --- | --- | ---: | ---: | ---: |")
    for k in range(LABS):
        s = split["shares"].get(f"7500000{k:02}", {})
        site = "yes" if k < LABS - WITHOUT_SITE else "no"
        print(f"| {k:02} | {site} | {len(true_rows[k]):,} / {s.get('rows', 0):,} | {s.get('linked', 0):,} | "
              f"{len(true_persons[k]):,} / {s.get('persons', 0):,}, {s.get('persons_if_reviewed', 0):,} |")
    u = split["unassigned"]
    print(f"| unassigned | | {u['rows']:,} | | {u['persons']:,} |")
    t = split["total"]
    true_all = set().union(*true_persons.values())
    print(f"| whole leak | | {args.rows:,} / {t['rows']:,} | | {len(true_all):,} / {t['persons']:,}, {t['persons_if_reviewed']:,} |")


if __name__ == "__main__":
    main()
