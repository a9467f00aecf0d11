"""Keys that records are matched on: text with what does not tell two works apart removed.

``text_key`` ignores case, accents, punctuation and spacing; ``title_key`` also ignores a leading
article, Greek letters spelt out or not (β, beta), and British or American spelling of -ise/-ize
and -yse/-yze (randomised, randomized). The library stores a record's title key in an indexed
column, so that an import finds the record of its work with one indexed query.
"""

from __future__ import annotations

import re
import unicodedata

TITLE_KEY_LENGTH = 500
# How much of the start and of the end of a title key near-duplicates are looked up by
# (references.dedupe): two titles of one work rarely differ at both ends.
TITLE_AFFIX_LENGTH = 20

_WORDS = re.compile(r"[^\W_]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")
# randomised, randomising, randomisation, analyse, analysed: the American spelling.
_SPELLING = re.compile(r"(?<=[a-z]{3})(is|ys)(e|es|ed|ing|ation|ations)\b")


def _greek_spelt(char: str) -> str:
    if "\u0370" <= char <= "\u03ff":
        name = unicodedata.name(char, "")
        if name.startswith("GREEK") and "LETTER" in name:
            return " " + name.rsplit(" ", 1)[-1].lower() + " "
    return char


def text_key(value: str) -> str:
    """Case, accents, punctuation and spacing ignored; ``&`` read as "and"."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(char for char in value if not unicodedata.combining(char)).casefold()
    value = value.replace("&", " and ")
    return " ".join(_WORDS.findall(value))


def title_key(title: str) -> str:
    """The key two titles of one work share (see the module's docstring)."""
    spelt = "".join(_greek_spelt(char) for char in unicodedata.normalize("NFC", title or ""))
    key = _LEADING_ARTICLE.sub("", text_key(spelt))
    key = _SPELLING.sub(lambda match: ("iz" if match.group(1) == "is" else "yz") + match.group(2),
                        key)  # fmt: skip
    return key[:TITLE_KEY_LENGTH]
