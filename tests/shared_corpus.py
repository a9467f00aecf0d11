"""Where the tests find data copied from other public repositories (the reference corpus, the
public list of XSS vectors). It is not kept in this repository: the tests read it from the
folder named by ``EDITORIAL_TEST_CORPUS``, or else ``corpus/`` in the ``shared/`` folder beside
the checkout, never from the network. See tests/references/CORPUS.md for its layout.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

VARIABLE = "EDITORIAL_TEST_CORPUS"
# In every skip's reason for data this repository may not hold (the tool rules keep files copied
# from other repositories out of our commits): the one skip CI allows besides PostgreSQL's
# (tests/conftest.py), as no checkout of ours can bring that data.
KEPT_OUTSIDE = "copied from other repositories, kept outside this one"
CHECKOUT = Path(__file__).resolve().parent.parent
LAYOUT = (
    "references/{bibtex,csl_json,medline,ris}/<file> as listed in "
    "tests/references/corpus/MANIFEST.json, and xss/IntrudersXSS.txt "
    "(see tests/references/CORPUS.md)"
)


def corpus_root() -> Path:
    named = os.environ.get(VARIABLE)
    return Path(named) if named else CHECKOUT.parent / "shared" / "corpus"


def absent(path: Path, what: str) -> str:
    """The reason a test needing ``path`` is skipped, or "" when it is there."""
    if path.exists():
        return ""
    return (
        f"{what} ({KEPT_OUTSIDE}) is not at {path}: set {VARIABLE} to a folder laid out "
        f"as {LAYOUT} (default: ../shared/corpus beside the checkout)"
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
