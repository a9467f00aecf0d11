"""Reference import: parse time of 2 MB files in each format, and a mutation fuzz.

Run by hand (not part of the suite); it prints figures and asserts nothing:

    .venv/bin/python bench/reference_import.py              # parse times
    .venv/bin/python bench/reference_import.py --fuzz 10000 # and 10,000 fuzzed inputs

Parse times: a realistic export of each format just under the 2 MB limit, and the worst cases
found for each (dense LaTeX in every BibTeX title, math that only pylatexenc decodes, accented
author names, lines that are all tags...). Each is timed best of three, wall clock and CPU
(the CPU time is what the parse costs; the wall clock also counts other processes on a shared
machine).

The fuzz mutates the corpus files (not in this repository: references/ under
EDITORIAL_TEST_CORPUS or shared/corpus/ beside the checkout, tests/references/CORPUS.md): bytes
and text, cut off, doubled, noise, delimiters and tags broken. For each input it checks that
reading never raises anything but ReferenceParseError and never takes more than 5 s (an alarm
stops it), and for every tenth input that the import saves every valid entry or, given an invalid
one, nothing at all. It runs on a throw-away SQLite database, so it touches no data.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import random
import signal
import string
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from references.models import Reference  # noqa: E402
from references.parsers import (  # noqa: E402
    MAX_ENTRIES,
    MAX_IMPORT_BYTES,
    ParsedFile,
    ReferenceParseError,
    parse_references,
    read_references,
)
from references.services import reference_import  # noqa: E402
from tests.factories import editor_user  # noqa: E402
from tests.references.corpus_reading import CORPUS, CORPUS_ABSENT  # noqa: E402

ABSTRACT = "Background: attachment security in adults. " * 40
RNG = random.Random(13)


def word(length: int = 6) -> str:
    return "".join(RNG.choice(string.ascii_lowercase) for _ in range(length))


# (Every record differs from the others, as in a real file: nothing is decoded once for all.)
# Realistic exports: a few authors with accents, a title, a journal, identifiers, an abstract.
REALISTIC: dict[str, Callable[[int], str]] = {
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

LATEX_TITLE = "\\'e{\\\"u}\\c{c}{\\ss}\\&--" * 160  # every character LaTeX, under 4,000
UNKNOWN_TITLE = "\\foo{bar} " * 250  # commands no table knows: pylatexenc, within its budget
MATH_TITLE = "$\\alpha$-{S}ynuclein $\\beta_2$ " * 100  # math: pylatexenc, within its budget


def bibtex_names(n: int) -> str:
    return " and ".join(f'M{{\\"u}}{word(4)}, J{{\\"o}}{word(4)}' for _ in range(100))


WORST: dict[str, list[tuple[str, Callable[[int], str]]]] = {
    "ris": [
        (
            "200 authors a record",
            lambda n: (
                "TY  - JOUR\n"
                + "".join(f"AU  - {word()}, {word()}\n" for _ in range(200))
                + "TI  - T\nJO  - J\nPY  - 2020\nER  - \n"
            ),
        ),
        (
            "every line a continuation",
            lambda n: (
                "TY  - JOUR\nTI  - T\n" + f"{word()}\n" * 300 + "JO  - J\nPY  - 2020\nER  - \n"
            ),
        ),
    ],
    "bibtex": [
        (
            "LaTeX in every title",
            lambda n: (
                f"@article{{k{n}, title = {{{n} {LATEX_TITLE}}}, journal={{J}}, year=2020}}\n"
            ),
        ),
        (
            "math in every title",
            lambda n: f"@article{{k{n}, title = {{{n} {MATH_TITLE}}}, journal={{J}}, year=2020}}\n",
        ),
        (
            "unknown commands in every title",
            lambda n: (
                f"@article{{k{n}, title = {{{n} {UNKNOWN_TITLE}}}, journal={{J}}, year=2020}}\n"
            ),
        ),
        (
            "braces in every title",
            lambda n: f"@article{{k{n}, title = {{{'{}' * 1000}}}, journal={{J}}, year=2020}}\n",
        ),
        (
            "100 accented authors an entry",
            lambda n: (
                f"@article{{k{n}, author = {{{bibtex_names(n)}}}, title={{T}}, "
                "journal={J}, year=2020}\n"
            ),
        ),
        (
            "40 @strings an entry",
            lambda n: (
                "".join(f"@string{{s{n}x{i} = {{Journal {word()}}}}}\n" for i in range(40))
                + f"@article{{k{n}, title={{T}}, journal=s{n}x7 # {{ Part}}, year=2020}}\n"
            ),
        ),
        (
            "200 unread fields an entry",
            lambda n: (
                f"@article{{k{n}, title={{T}}, journal={{J}}, year=2020, "
                + ", ".join(f"f{i}={{x}}" for i in range(200))
                + "}\n"
            ),
        ),
    ],
    "medline": [
        (
            "every line a tag",
            lambda n: (
                f"PMID- {n + 1}\nTI  - T\nJT  - J\nDP  - 2020\n"
                + "".join(f"FAU - {word()}, {word()}\nAU  - {word()} A\n" for _ in range(60))
                + "\n"
            ),
        ),
        (
            "every line a continuation",
            lambda n: (
                f"PMID- {n + 1}\nTI  - T\nJT  - J\nDP  - 2020\nAB  - x\n"
                + f"      {word()}\n" * 250
                + "\n"
            ),
        ),
    ],
    "csl_json": [
        (
            "100 authors an item, escaped text",
            lambda n: json.dumps(
                {
                    "id": f"k{n}",
                    "title": "<i>\\u00e9</i>" * 20,
                    "author": [{"family": word(), "given": word()} for _ in range(100)],
                    "container-title": "J",
                    "issued": {"date-parts": [[2020]]},
                }
            ),
        ),
    ],
}


def two_megabytes(fmt: str, make: Callable[[int], str]) -> str:
    """As many records as fit under the size limit (and the limit on entries)."""
    parts, size = [], 2
    for n in range(MAX_ENTRIES):
        part = make(n)
        if size + len(part.encode()) + 2 > MAX_IMPORT_BYTES:
            break
        parts.append(part)
        size += len(part.encode()) + (2 if fmt == "csl_json" else 0)
    return "[" + ",\n".join(parts) + "]" if fmt == "csl_json" else "".join(parts)


def timed(text: str, fmt: str) -> tuple[float, float, str]:
    """Best of three: wall clock, CPU time, and what was read."""
    walls, cpus = [], []
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            parsed = parse_references(text, fmt)
            outcome = f"{len(parsed.entries)} entries"
            warned = sum(1 for entry in parsed.entries if entry.warnings)
            if warned:
                outcome += f", {warned} with a warning"
        except ReferenceParseError as error:
            outcome = f"refused: {error}"
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), outcome


def bench_parse() -> None:
    print("Parsing files just under 2 MB (best of 3; wall clock / CPU):")
    for fmt, make in REALISTIC.items():
        cases = [("realistic export", make), *WORST[fmt]]
        for name, make_record in cases:
            text = two_megabytes(fmt, make_record)
            wall, cpu, outcome = timed(text, fmt)
            size = len(text.encode()) / 2**20
            print(f"  {fmt:9} {name:33} {size:.2f} MB  {wall:5.2f} s / {cpu:5.2f} s  ({outcome})")


# --------------------------------------------------------------------------------------------
# Fuzz
# --------------------------------------------------------------------------------------------


def noise(text: str, rng: random.Random) -> str:
    return "".join(
        c if rng.random() > 0.01 else rng.choice('{}[]"\\,%@=#-$\x00\ud800\n\t ') for c in text
    )


TEXT_MUTATIONS: list[Callable[[str, random.Random], str]] = [
    lambda t, r: t[: r.randrange(len(t) + 1)],  # cut off
    lambda t, r: t.replace("\n", "\n" + r.choice(["", " ", "\t", "{", "}", "\x00", "-"]), 3),
    noise,
    lambda t, r: t + t[: r.randrange(len(t) + 1)],  # doubled in part
    lambda t, r: t.upper(),
    lambda t, r: t.replace("  - ", r.choice(["-", " - ", "  -", "   - "])),
    lambda t, r: "\ufeff" + t,
    lambda t, r: t.replace("}", "", r.randrange(1, 4)),  # unbalanced
    lambda t, r: t.replace("{", "{" * r.randrange(2, 30), 1),  # nested
    lambda t, r: t.replace("\n", "\r"),
    lambda t, r: t * r.randrange(2, 20),  # repeated records, repeated keys
    lambda t, r: t.replace("and", r.choice([" and ", "AND", "{and}", ","])),
    lambda t, r: t.replace("\\", r.choice(["", "\\\\", "\\x", "$"]), 5),
    lambda t, r: latex_noise(t, r),
    lambda t, r: (t * (MAX_IMPORT_BYTES // max(len(t), 1)))[: MAX_IMPORT_BYTES - 8],
]
LATEX_PIECES = [
    "\\'", '\\"', "\\c", "\\v", "{", "}", "$", "\\ss", "\\i", "\\emph{", "\\foo{", "%", "#",
    "\\\\", "~", "--", "$\\alpha$", "\\begin{x}", "\\end{x}", " and ", "{\\", "@string{x=",
    "\\url{",
]  # fmt: skip


def latex_noise(text: str, rng: random.Random) -> str:
    """LaTeX fragments dropped into the text, where BibTeX fields hold them."""
    parts = text.split(" ")
    for _ in range(rng.randrange(1, 40)):
        position = rng.randrange(len(parts))
        parts[position] += rng.choice(LATEX_PIECES)
    return " ".join(parts)


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    lambda b, r: b[: r.randrange(len(b) + 1)],
    lambda b, r: bytes(x if r.random() > 0.005 else r.randrange(256) for x in b),
    lambda b, r: b"\xff\xfe" + b.decode("utf-8", "replace").encode("utf-16-le"),
    lambda b, r: b"\xef\xbb\xbf" + b,
    lambda b, r: b.decode("utf-8", "replace").encode("cp1252", "replace"),
]


class Hang(BaseException):
    """Raised by the alarm; not an Exception, so that no handler in the code read swallows it."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang


@dataclass
class Findings:
    """What the fuzz has met so far."""

    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    imports: int = 0
    refused_whole: int = 0
    partial: int = 0
    slowest: float = 0.0
    slowest_name: str = ""
    slowest_cpu: float = 0.0


def fuzz(count: int, keep: Path | None = None) -> None:
    if CORPUS_ABSENT:
        raise SystemExit(f"--fuzz needs the corpus: {CORPUS_ABSENT}")
    call_command("migrate", verbosity=0)
    files = sorted(
        path for path in CORPUS.rglob("*") if path.is_file() and path.name != "MANIFEST.json"
    )
    rng = random.Random(13)
    found = Findings()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    by = editor_user()
    started_all = time.perf_counter()
    for number in range(1, count + 1):
        path, fmt, fuzzed = fuzzed_input(files, rng)
        parsed, elapsed = read_within_five_seconds(fuzzed, fmt, path.name, found)
        if keep and (elapsed > 1 or (found.crashes and found.crashes[-1].startswith(path.name))):
            name = f"{number:05d}-{fmt or 'any'}-{path.name}"
            raw = fuzzed if isinstance(fuzzed, bytes) else fuzzed.encode("utf-8", "surrogatepass")
            (keep / name).write_bytes(raw)
        if parsed and number % 10 == 0:
            # the valid ones only every other time, as the preview lets one choose
            import_all_or_nothing(parsed, path.name, by, found, valid_only=number % 20 == 0)
        if number % 1000 == 0:
            print(
                f"  {number} inputs, {len(found.crashes)} crashes, {len(found.hangs)} hangs, "
                f"slowest {found.slowest:.2f} s"
            )
    print_findings(found, count, time.perf_counter() - started_all)


def fuzzed_input(files: list[Path], rng: random.Random) -> tuple[Path, str, bytes | str]:
    """A corpus file (or two spliced), mutated as bytes or as text, and the format to read it
    as: recognised, the file's own format, or another one."""
    path = rng.choice(files)
    data = path.read_bytes()
    if rng.random() < 0.1:  # two files spliced
        other = rng.choice(files).read_bytes()
        data = data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]
    fmt = rng.choice(["", "", path.parent.name, rng.choice(list(REALISTIC))])
    fuzzed: bytes | str
    if rng.random() < 0.25:
        fuzzed = rng.choice(BYTE_MUTATIONS)(data, rng)
    else:
        fuzzed = data.decode("utf-8", "replace")
        for mutation in rng.sample(TEXT_MUTATIONS, rng.randrange(1, 3)):
            fuzzed = mutation(fuzzed, rng)
    return path, fmt, fuzzed


def read_within_five_seconds(
    fuzzed: bytes | str, fmt: str, name: str, found: Findings
) -> tuple[ParsedFile | None, float]:
    """The input read (``None`` when refused, crashed or stopped by the alarm after 5 s), and
    the wall-clock seconds it took; the outcome and the time are added to ``found``."""
    parsed = None
    started, cpu_started = time.perf_counter(), time.process_time()
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        if isinstance(fuzzed, bytes):
            parsed = read_references(fuzzed, fmt)
        else:
            parsed = parse_references(fuzzed, fmt)
        found.outcomes["read"] += 1
    except ReferenceParseError:
        found.outcomes["refused with a message"] += 1
    except Hang:
        found.hangs.append(name)
    except Exception as error:  # a crash: what the fuzz looks for
        found.crashes.append(f"{name}: {type(error).__name__}: {error}"[:200])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - started
    found.slowest_cpu = max(found.slowest_cpu, time.process_time() - cpu_started)
    if elapsed > found.slowest:
        found.slowest, found.slowest_name = elapsed, name
    return parsed, elapsed


def import_all_or_nothing(
    parsed: ParsedFile, name: str, by: object, found: Findings, *, valid_only: bool
) -> None:
    """Import the first 30 entries in a transaction rolled back at once: an invalid entry must
    refuse the whole import, and a valid import saves exactly the works it says it created."""
    found.imports += 1
    entries = parsed.entries[:30]
    if valid_only:
        entries = [entry for entry in entries if entry.is_valid]
    for entry in entries:
        entry.kind = entry.kind or "research"
    any_invalid = any(entry.errors for entry in entries)
    before = Reference.objects.count()
    try:
        with transaction.atomic():
            outcome = reference_import(entries=entries, by=by)
            saved = Reference.objects.count() - before
            if any_invalid or saved != len(outcome.created):
                found.partial += 1
            transaction.set_rollback(True)
    except ValidationError:
        found.refused_whole += 1
        if Reference.objects.count() != before:
            found.partial += 1
    except Exception as error:
        found.crashes.append(f"import of {name}: {type(error).__name__}: {error}"[:200])


def print_findings(found: Findings, count: int, total: float) -> None:
    print(
        f"Fuzz: {count} inputs in {total:.0f} s ({dict(found.outcomes)}); "
        f"{len(found.crashes)} crashes, "
        f"{len(found.hangs)} over 5 s, slowest read {found.slowest:.2f} s ({found.slowest_name}), "
        f"{found.slowest_cpu:.2f} s of CPU at most; "
        f"{found.imports} imports tried, {found.refused_whole} refused whole, "
        f"{found.partial} partial saves"
    )
    for crash in found.crashes[:20]:
        print("  crash:", crash)
    for hang in found.hangs[:20]:
        print("  over 5 s:", hang)


# --------------------------------------------------------------------------------------------
# A publisher's library: preview and import of 1,000 records into 30,000 works
# --------------------------------------------------------------------------------------------

JOURNALS = [f"Journal of {' '.join(w.title() for w in (word(7), word(5)))}" for _ in range(300)]
LIBRARY_KEY = "bench"


class TitleChain:
    """Titles that read like real ones: a Markov chain over the words of the corpus's titles
    (tests/references/CORPUS.md), so that words and their trigrams are as common as in a library."""

    def __init__(self) -> None:
        if CORPUS_ABSENT:
            raise SystemExit(f"--library needs the corpus's titles: {CORPUS_ABSENT}")
        self.next: dict[str, list[str]] = {}
        for path in sorted(CORPUS.glob("*/*")):
            try:
                parsed = read_references(path.read_bytes(), "")
            except (ReferenceParseError, OSError):
                continue
            for entry in parsed.entries:
                words = ["^", *entry.title.split()[:30], "$"]
                for first, second in itertools.pairwise(words):
                    self.next.setdefault(first, []).append(second)

    def title(self, rng: random.Random) -> str:
        words, current = [], "^"
        while len(words) < 24:
            current = rng.choice(self.next.get(current) or ["$"])
            if current == "$":
                if len(words) >= 5:
                    break
                current = "^"
                continue
            words.append(current)
        return " ".join(words)[:480]


def medical_word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))


def fill_library(size: int) -> None:
    """Generated works up to ``size`` (kept between runs): titles from the corpus's words
    (``TitleChain``), 300 journals, 35 years; a third with a DOI, a third with a PMID."""
    have = Reference.objects.filter(key__startswith=LIBRARY_KEY).count()
    rng = random.Random(have)
    chain = TitleChain()
    batch = []
    for n in range(have, size):
        reference = Reference(
            key=f"{LIBRARY_KEY}{n}",
            kind="research",
            title=chain.title(rng),
            authors=f"{medical_word(rng).title()} {rng.choice('ABCDEFGHJK')}",
            journal=rng.choice(JOURNALS),
            year=rng.randint(1990, 2025),
            doi=f"10.5555/bench.{n}" if n % 3 == 0 else "",
            pmid=str(10_000_000 + n) if n % 3 == 1 else "",
        )
        reference.fill_keys()
        batch.append(reference)
        if len(batch) == 5000:
            Reference.objects.bulk_create(batch)
            batch = []
    Reference.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE references_reference")


def thousand_records(rng: random.Random, chain: TitleChain) -> str:
    """1,000 RIS records: 800 new works, 100 already in the library by DOI or PMID, 100 near
    copies of a library title (a word changed, an e-pub year) with no identifier."""
    library = list(
        Reference.objects.filter(key__startswith=LIBRARY_KEY).values_list(
            "title", "journal", "year", "doi", "pmid"
        )[:5000]
    )
    records = []
    for n in range(1000):
        title, journal, year, doi, pmid = rng.choice(library)
        if n < 800:
            title, journal, year, doi, pmid = (
                chain.title(rng), rng.choice(JOURNALS), rng.randint(1990, 2025),
                f"10.5555/new.{n}", "",
            )  # fmt: skip
        elif n < 900:
            title = title + " (duplicate)"
        else:
            title, year, doi, pmid = title.replace(" of ", " in ", 1), year + 1, "", ""
        records.append(
            f"TY  - JOUR\nTI  - {title}\nAU  - {medical_word(rng).title()}, A\nJO  - {journal}\n"
            f"PY  - {year}\nM3  - Randomized Controlled Trial\n"
            + (f"DO  - {doi}\n" if doi else "")
            + (f"DB  - PubMed\nAN  - {pmid}\n" if pmid else "")
            + "ER  - \n"
        )
    return "".join(records)


def bench_library(size: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from references.forms import preview_matches

    if connection.vendor != "postgresql":
        sys.exit("--library needs BENCH_DATABASE_URL=postgres://... (its own database)")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill_library(size)
    total = Reference.objects.count()
    print(f"Library: {total} works ({time.perf_counter() - started:.0f} s to fill)")
    text = thousand_records(random.Random(22), TitleChain())
    from editorial.models import User

    by = User.objects.order_by("pk").first() or editor_user()  # kept between runs
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            parsed = parse_references(text, "ris")
            parsed_at = time.perf_counter()
            matches = preview_matches(parsed.entries)
            previewed, preview_cpu = time.perf_counter(), time.process_time() - cpu
        near = sum(1 for match in matches if match.near)
        known = sum(1 for match in matches if match.existing)
        print(
            f"  preview of 1,000 records: {previewed - started:5.2f} s ({preview_cpu:.2f} s CPU; "
            "parse "
            f"{parsed_at - started:.2f} s, library look-ups {previewed - parsed_at:.2f} s, "
            f"{len(queries)} queries): {known} already in the library, {near} possibly"
        )
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            started, cpu = time.perf_counter(), time.process_time()
            outcome = reference_import(entries=parsed.entries, by=by, skip_invalid=True)
            elapsed, import_cpu = time.perf_counter() - started, time.process_time() - cpu
            transaction.set_rollback(True)
        print(
            f"  import of 1,000 records:  {elapsed:5.2f} s ({import_cpu:.2f} s CPU; "
            f"{len(queries)} queries): "
            f"{len(outcome.created)} created, {len(outcome.merged)} merged, "
            f"{len(outcome.rejected)} rejected (rolled back)"
        )
    print("The author's import in the background (the site's requests and the worker's tasks):")
    bench_background(text, by)


def bench_background(text: str, by: Any) -> None:
    """The author's import as the site runs it: the upload request (saves the file and queues
    its preview), the worker's preview, the import's page with the preview of 1,000 entries,
    the confirming request, and the worker's save in batches; all rolled back."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from references import tasks
    from references.models import ReferenceImport

    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip("."))
    client.force_login(by)

    def timed_step(label: str, step: Callable[[], Any]) -> Any:
        connection.queries_log.clear()  # the save's thousands would overflow it
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            result = step()
            elapsed, used = time.perf_counter() - started, time.process_time() - cpu
        print(f"  {label:<34} {elapsed:5.2f} s ({used:.2f} s CPU; {len(queries)} queries)")
        return result

    with transaction.atomic():
        upload = SimpleUploadedFile("thousand.ris", text.encode())
        response = timed_step(
            "upload request (saves, queues):",
            lambda: client.post("/references/import/", {"file": upload}),
        )
        job = ReferenceImport.objects.latest("pk")
        assert response.status_code == 302, response.status_code
        timed_step(
            "worker: preview task:", lambda: tasks.reference_import_preview.call(job_id=job.pk)
        )
        page = timed_step(
            "the import's page (preview):", lambda: client.get(job.get_absolute_url())
        )
        assert page.status_code == 200 and b'name="selected"' in page.content
        job.refresh_from_db()
        chosen = {"selected": [str(n) for n in range(1, job.total + 1)]}
        confirm = timed_step(
            "confirming request (queues):", lambda: client.post(job.get_absolute_url(), chosen)
        )
        assert confirm.status_code == 302, confirm.content[:2000]
        timed_step(
            "worker: save task (batches):", lambda: tasks.reference_import_save.call(job_id=job.pk)
        )
        job.refresh_from_db()
        progress = timed_step(
            "the import's page (done):", lambda: client.get(job.get_absolute_url())
        )
        assert progress.status_code == 200
        print(
            f"  background import: {job.get_status_display()}, {len(job.created_keys)} created, "
            f"{len(job.merged_keys)} merged, {len(job.rejected_entries)} rejected (rolled back)"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--fuzz", type=int, default=0, help="number of fuzzed inputs")
    parser.add_argument("--no-parse", action="store_true", help="skip the parse times")
    parser.add_argument("--keep", type=Path, help="a folder to write crashing or slow inputs to")
    parser.add_argument(
        "--library", type=int, default=0, help="time preview and import into this many works"
    )
    args = parser.parse_args()
    if args.library:
        bench_library(args.library)
        sys.exit()
    if not args.no_parse:
        bench_parse()
    if args.fuzz:
        fuzz(args.fuzz, args.keep)
