"""Reference import: parse time of 2 MB files in each format, and a mutation fuzz.

Run by hand: ``.venv/bin/python bench/reference_import.py [--fuzz N]``. Prints figures; asserts
nothing. The fuzz mutates the corpus files (tests/references/corpus/) and checks that parsing
never raises anything but ReferenceParseError and never takes more than 5 s, and that an import
of what was parsed either saves every valid entry or nothing (in a rolled-back transaction).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings")

import django  # noqa: E402

django.setup()

from references.parsers import (  # noqa: E402
    MAX_IMPORT_BYTES,
    ReferenceParseError,
    decode_upload,
    parse_references,
)

CORPUS = ROOT / "tests" / "references" / "corpus"
ABSTRACT = "Background: attachment security in adults. " * 40

SAMPLES = {
    "ris": lambda n: (
        f"TY  - JOUR\nID  - k{n}\nAU  - Müller, Hans-Peter\nAU  - Nguyễn, Văn An\n"
        f"TI  - Attachment security after early adversity {n}\nJO  - Attach Hum Dev\n"
        f"PY  - 2019\nVL  - 21\nSP  - 101\nEP  - 118\nDO  - 10.1080/{n}\nAB  - {ABSTRACT}\n"
        "ER  - \n"
    ),
    "bibtex": lambda n: (
        f'@article{{k{n}, author = {{M{{\\"u}}ller, J{{\\"o}}rg and {{World Health '
        f"Organization}}}}, title = {{Attachment {{DNA}} $\\gamma$ study {n}}}, journal = "
        f"{{J Affect Disord}}, year = 2020, doi = {{10.1000/a%20{n}}}, abstract = "
        f"{{{ABSTRACT} \\emph{{x}} \\'e}}}}\n"
    ),
    "medline": lambda n: (
        f"PMID- {n + 1}\nTI  - Attachment security after early adversity {n}.\n"
        f"AB  - {ABSTRACT}\nFAU - Page, Matthew J\nAU  - Page MJ\nJT  - BMJ\nDP  - 2021 Mar 29\n"
        "PT  - Journal Article\nPT  - Practice Guideline\nLID - 10.1136/bmj.n71 [doi]\n\n"
    ),
    "csl_json": lambda n: json.dumps(
        {
            "id": f"k{n}",
            "type": "article-journal",
            "title": f"Attachment {n}",
            "author": [{"family": "Müller", "given": "Hans-Peter"}],
            "abstract": ABSTRACT,
            "container-title": "J",
            "issued": {"date-parts": [[2020]]},
            "DOI": f"10.1/{n}",
        },
        ensure_ascii=False,
    ),
}


def two_megabytes(fmt: str) -> str:
    parts, size, n = [], 0, 0
    while n < 1000:
        part = SAMPLES[fmt](n)
        if size + len(part.encode()) > MAX_IMPORT_BYTES - 64:
            break
        parts.append(part)
        size += len(part.encode())
        n += 1
    if fmt == "csl_json":
        return "[" + ",\n".join(parts) + "]"
    return "".join(parts)


def bench_parse() -> None:
    print("Parsing files just under 2 MB (best of 3):")
    for fmt in SAMPLES:
        text = two_megabytes(fmt)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            parsed = parse_references(text, fmt)
            times.append(time.perf_counter() - started)
        print(
            f"  {fmt:9} {len(text.encode()) / 1e6:.2f} MB, {len(parsed.entries):4} entries: "
            f"{min(times):.2f} s"
        )
    # Worst case for BibTeX: every entry's title at the length limit, all LaTeX.
    title = "\\'e{\\\"u}" * 450
    text = "".join(
        f"@article{{k{n}, title = {{{title}}}, journal={{J}}, year=2020}}\n" for n in range(1000)
    )[: MAX_IMPORT_BYTES - 64]
    started = time.perf_counter()
    try:
        count = len(parse_references(text, "bibtex").entries)
    except ReferenceParseError as error:
        count = str(error)
    print(
        f"  bibtex, LaTeX in every title ({len(text) / 1e6:.2f} MB, {count} entries): "
        f"{time.perf_counter() - started:.2f} s"
    )


MUTATIONS = [
    lambda t, r: t[: r.randrange(len(t) + 1)],  # cut off
    lambda t, r: t.replace("\n", "\n" + r.choice(["", " ", "\t", "{", "}", "\x00", "-"]), 3),
    lambda t, r: "".join(
        c if r.random() > 0.01 else r.choice('{}[]"\\,%@=#-\x00\ud800\n') for c in t
    ),
    lambda t, r: t + t[: r.randrange(len(t) + 1)],
    lambda t, r: t.upper(),
    lambda t, r: t.replace("  - ", r.choice(["-", " - ", "  -", "   - "])),
    lambda t, r: "\ufeff" + t,
]


def fuzz(count: int) -> None:
    from django.db import transaction

    from references.models import Reference
    from references.services import reference_import
    from tests.factories import editor_user

    files = sorted(
        path for path in CORPUS.rglob("*") if path.is_file() and path.name != "MANIFEST.json"
    )
    rng = random.Random(13)
    crashes, slowest, partial = [], 0.0, 0
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    with transaction.atomic():
        by = editor_user()
        for number in range(count):
            path = rng.choice(files)
            text, _ = decode_upload(path.read_bytes())
            text = rng.choice(MUTATIONS)(text, rng)
            started = time.perf_counter()
            try:
                parsed = parse_references(text)
            except ReferenceParseError:
                parsed = None
            except Exception as error:  # a crash: what the fuzz looks for
                crashes.append(f"{path.name}: {type(error).__name__}: {error}"[:200])
                parsed = None
            slowest = max(slowest, time.perf_counter() - started)
            if parsed and number % 20 == 0:
                entries = [entry for entry in parsed.entries if entry.is_valid][:20]
                for entry in entries:
                    entry.kind = entry.kind or "research"
                before = Reference.objects.count()
                try:
                    with transaction.atomic():
                        outcome = reference_import(entries=entries, by=by)
                    if Reference.objects.count() - before != len(outcome.created):
                        partial += 1
                except Exception:
                    if Reference.objects.count() != before:
                        partial += 1
            if number and number % 1000 == 0:
                print(f"  {number} inputs, {len(crashes)} crashes, slowest {slowest:.2f} s")
        transaction.set_rollback(True)
    print(f"Fuzz: {count} inputs, {len(crashes)} crashes, slowest parse {slowest:.2f} s, "
          f"{partial} partial saves")  # fmt: skip
    for crash in crashes[:20]:
        print("  crash:", crash)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--fuzz", type=int, default=0, help="number of fuzzed inputs")
    args = parser.parse_args()
    bench_parse()
    if args.fuzz:
        fuzz(args.fuzz)
