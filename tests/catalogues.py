"""The translation catalogues for the tests: compiled when stale, and extracted afresh.

``make install`` compiles ``locale/<code>/LC_MESSAGES/django.po`` into the ``.mo`` that gettext
reads (the ``.mo`` files are not committed); ``compile_stale()`` does the same for a test run
started without make (``.venv/bin/pytest``), so a catalogue changed by a rebase is never read
stale. ``extracted(tmp)`` runs ``makemessages`` on a copy of the code, as ``make messages``
does, and returns the catalogue it writes: every msgid the code and templates hold today.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE = BASE_DIR / "locale"
# What `make messages` leaves out (the Makefile's MESSAGES_OPTIONS), and what a copy needs not.
NOT_EXTRACTED = ("node_modules", "tests", "staticfiles", "locale", "*.sqlite3", "__pycache__")


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def compile_stale() -> list[Path]:
    """Compile each catalogue whose .mo is missing or older than its .po (msgfmt, as
    ``manage.py compilemessages`` runs it); the catalogues compiled."""
    compiled = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            raise RuntimeError(
                f"{mo} needs compiling and msgfmt is missing: apt-get install gettext"
            )
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
        compiled.append(po)
    return compiled


def extracted(tmp: Path, language: str = "es") -> Path:
    """The catalogue ``makemessages`` extracts from the code as it is, for ``language``, into a
    copy of the project under ``tmp`` (the repository's catalogues are not touched)."""
    copy = tmp / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".*", *NOT_EXTRACTED),
        symlinks=True,
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "editorial.settings"}
    environment.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            language,
            "--ignore",
            "node_modules",
            "--ignore",
            "tests",
            "--ignore",
            "staticfiles",
            "--no-obsolete",
            "--add-location",
            "file",
            "--verbosity",
            "0",
        ],
        cwd=copy,
        env=environment,
        check=True,
    )
    return copy / "locale" / language / "LC_MESSAGES" / "django.po"
