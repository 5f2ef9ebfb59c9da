#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target> from files of the formats each target reads: a small
`vigie synth` share and the third-party corpus the scanner's tests use (files written by
pandas, LibreOffice, pg_dump, sqlite3, 7z). Each target prepends its format's magic bytes
(fuzz/common.rs), so a seed starts after them. Inputs that stop a target at once (the
fuzzing regression fixtures) are left out: they are tests already.

Usage: fuzz/seed.py SYNTH_DIR   (SYNTH_DIR from `vigie synth --patients 20 SYNTH_DIR`)
"""

import hashlib
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
THIRD_PARTY = ROOT / "crates/vigie-scan/tests/corpus/files"
FIXTURES = ROOT / "crates/vigie-sources/tests/fixtures"

# Which files feed which target, by how their names end.
ENDINGS = {
    "arrow": (".arrow", ".feather"),
    "bzip2": (".bz2",),
    "csv": (".csv", ".tsv"),
    "gzip": (".gz",),
    "html": (".html", ".htm"),
    "json": (".json", ".ndjson", ".jsonl"),
    "mail": (".eml",),
    "mbox": (".mbox", ".eml"),
    "parquet": (".parquet",),
    "pdf": (".pdf",),
    "pgdump": (".dump",),
    "rtf": (".rtf",),
    "sevenz": (".7z",),
    "sql": (".sql",),
    "sqlite": (".sqlite", ".db"),
    "tar": (".tar",),
    "text": (".txt",),
    "xls": (".xls",),
    "xz": (".xz",),
    "zip": (".zip", ".xlsx", ".docx", ".odt", ".ods"),
    "zstd": (".zst",),
}


def magic_of(target: str) -> bytes:
    """The magic bytes the target prepends, read from its source."""
    source = (HERE / "fuzz_targets" / f"{target}.rs").read_text()
    found = re.search(r'common::run\("[^"]*",\s*b"((?:[^"\\]|\\.)*)"', source)
    if not found:
        raise SystemExit(f"{target}: no common::run call")
    return found.group(1).encode().decode("unicode_escape").encode("latin-1")


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sources = [pathlib.Path(sys.argv[1]), THIRD_PARTY, FIXTURES]
    files = [f for s in sources for f in s.rglob("*") if f.is_file()]
    files = [f for f in files if not f.name.startswith("fuzz-")]
    for target, endings in ENDINGS.items():
        magic = magic_of(target)
        out = HERE / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for f in files:
            if not f.name.lower().endswith(endings):
                continue
            data = f.read_bytes()
            if target == "mbox" and f.suffix == ".eml":
                data = b"From vigie@example.fr Mon Jan  1 00:00:00 2024\n" + data
            if magic and not data.startswith(magic):
                continue
            data = data[len(magic):]
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
            n += 1
        print(f"{target}: {n} seed(s)")


if __name__ == "__main__":
    main()
