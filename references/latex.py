"""LaTeX in BibTeX fields, read as text, in time linear in the file's size.

What reference managers write into titles, journals and names is nearly always a handful of
forms: accents (``\\'e``, ``{\\"o}``, ``\\c{c}``), letters (``{\\ss}``, ``\\o``), escaped
characters (``\\&``, ``\\%``), dashes and quotes, braces that protect capitals (``{DNA}``), a few
formatting commands (``\\emph{…}``) and simple math (``$\\alpha$``, ``$\\beta_2$``). Those are
decoded here, from tables, in one pass, exactly as pylatexenc (the decoder bibtexparser uses)
decodes them; tests/references/test_latex.py holds the two to the same output.

A field holding anything else (a command the tables do not know) is decoded by pylatexenc, which
is exact but slow on dense markup (ten to fifty thousand characters a second). So that no file
can hold a worker, pylatexenc decodes at most ``FALLBACK_BUDGET`` characters per file; past that,
a field keeps its text as written and its entry says so. Nothing is dropped or changed silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_context
from pylatexenc.latexwalker import LatexWalker
from pylatexenc.latexwalker import get_default_latex_context_db as walker_context

# Characters of fields pylatexenc may decode per file: about half a second at its slowest
# (a brace or an accent in every other character), so that a 2 MB file of nothing but unknown
# LaTeX still reads in well under 2 s. Real exports need a few hundred characters at most.
FALLBACK_BUDGET = 6000

# A value with none of these is text already.
MARKUP = re.compile(r"[\\$~{}]|--|``|''")

# Accents: the command's character and the Unicode combining mark it puts on its letter.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip

# Commands of one word in text and what they stand for; declarations ({\em …}) stand for none.
WORDS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "\u0131", "j": "ȷ", "textendash": "\u2013",
    "textemdash": "—", "ldots": "…", "dots": "…", "textquoteright": "\u2019",
    "textregistered": "®", "texttrademark": "™", "dag": "†", "textdegree": "°",
    "guillemotleft": "«", "textasciitilde": "~", "textbackslash": "\\",
    **dict.fromkeys(
        (
            "em", "it", "bf", "sc", "tt", "rm", "sf", "sl", "upshape", "itshape", "bfseries",
            "scshape", "normalfont", "relax", "protect",
        ),
        "",
    ),
}  # fmt: skip
# Formatting commands: their argument, in braces, is the text (the braces are dropped like any
# other group's). Written without braces they take a single token, which pylatexenc reads.
FORMATTING = (
    "emph", "textit", "textbf", "textsc", "textrm", "textsl", "textnormal", "textup", "textmd",
    "texttt", "textsf", "textsuperscript", "textsubscript", "mbox", "hbox", "NoCaseChange",
)  # fmt: skip

# Commands of one word in math ($…$): Greek letters, relations, operators, function names.
MATH_WORDS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "\u03bd", "xi": "ξ", "pi": "π", "varpi": "ϖ",
    "rho": "\u03c1", "varrho": "ϱ", "sigma": "\u03c3", "varsigma": "ς", "tau": "τ",
    "upsilon": "\u03c5", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "pm": "±", "mp": "∓", "times": "\u00d7", "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "neq": "≠", "sim": "\u223c", "simeq": "≃", "approx": "≈", "equiv": "≡",
    "infty": "∞", "to": "→", "rightarrow": "→", "leftarrow": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "circ": "∘", "ell": "ℓ", "partial": "∂", "nabla": "∇", "prime": "'",
    "in": "∈", "notin": "∉", "subset": "⊂", "cup": "∪", "cap": "∩", "ast": "\u2217",
    "star": "⋆", "bullet": "\u2219", "div": "÷", "ll": "≪", "gg": "≫", "propto": "∝",
    "perp": "⊥", "parallel": "∥", "dagger": "†", "ldots": "…", "cdots": "⋯",
    **{name: name for name in ("log", "ln", "exp", "sin", "cos", "tan", "min", "max", "lim")},
}  # fmt: skip
# Formatting commands in math whose argument is plain text.
MATH_FORMATTING = ("mathrm", "text", "mbox")

# Spaces after a command: TeX skips them, and one line break, but not a blank line (a paragraph).
_SPACE = r"[ \t]*(?:\n[ \t]*)?"


def _letter(name: str) -> str:
    """The letter an accent is put on: a letter, alone or in braces, or a dotless i or j."""
    return (
        rf"(?:(?P<{name}>[A-Za-z])"
        rf"|\{{[ \t]*(?P<{name}_braced>[A-Za-z]|\\[ij](?![A-Za-z]))[ \t]*\}}"
        rf"|\\(?P<{name}_dotless>[ij])(?![A-Za-z])(?:\{{\}}|{_SPACE}))"
    )


def _tokens(formatting: tuple[str, ...], word_space: str) -> re.Pattern[str]:
    """The markup the tables decode. In text a command word swallows the spaces after it; in
    math pylatexenc keeps them before text and drops them before another command, a case left
    to it."""
    return re.compile(
        # An accent, with the braces often around it ({\"u}), which are dropped anyway.
        r"(?P<accent>\{?(?:\\(?P<sym>['`^\"~=.])" + _SPACE + _letter("s")
        + r"|\\(?P<let>[uvHckrdb])(?![A-Za-z])" + _SPACE + _letter("m") + r")\}?)"
        + r"|(?P<formatting>\\(?:" + "|".join(formatting) + r")" + _SPACE + r"\{)"
        + r"|\\(?P<word>[A-Za-z]+)" + word_space + r"(?:\{\})?"
        + r"|\\(?P<escaped>[&%$#_{}])"
        + r"|(?P<space>\\[ ,\n])"
        + r"|(?P<newline>\\\\)"
        + r"|(?P<text>---|--|``|''|~|[{}]+)"
        + r"|(?P<unknown>[\\$])"
    )  # fmt: skip


TEXT_TOKEN = _tokens(FORMATTING, _SPACE)
MATH_TOKEN = _tokens(MATH_FORMATTING, r"(?!\s+\\)")
TEXT = {"---": "—", "--": "\u2013", "``": "“", "''": "”", "~": "\xa0"}
# Math, in $…$ (and \$ or \\ inside it), outside it, and escaped characters, which are skipped.
SEGMENT = re.compile(r"\\.|\$(?P<math>(?:\\.|[^$\\])+)\$", re.DOTALL)


class _Unknown(Exception):
    """Markup the tables do not know."""


def _token_text(match: re.Match[str], words: dict[str, str]) -> str:
    kind = match.lastgroup
    if kind == "accent":
        prefix = "s" if match.group("sym") else "m"
        letter = (
            match.group(prefix)
            or match.group(f"{prefix}_braced")
            or match.group(f"{prefix}_dotless")
        )
        command = match.group("sym") or match.group("let")
        # An accented dotless i (\i) is an accented i.
        return unicodedata.normalize("NFC", letter[-1] + ACCENTS[command])
    if kind == "formatting":
        return ""
    if kind == "word":
        if match.group("word") not in words:
            raise _Unknown
        return words[match.group("word")]
    if kind == "escaped":
        return match.group("escaped")
    if kind == "space":
        return " "
    if kind == "newline":
        return "\n"
    if kind == "text":
        return TEXT.get(match.group(), "")  # braces: dropped
    raise _Unknown


def _replacer(words: dict[str, str]) -> Callable[[re.Match[str]], str]:
    # What each token stands for, looked up once: files repeat the same few accents thousands
    # of times. Bounded, since a hostile file can make up endless tokens.
    known: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        token = match.group()
        text = known.get(token)
        if text is None:
            text = _token_text(match, words)
            if len(known) < 4096:
                known[token] = text
        return text

    return replace


_replace_text = _replacer(WORDS)
_replace_math = _replacer(MATH_WORDS)
_BRACES = str.maketrans("", "", "{}")
_TEXT_ONLY = re.compile(r"--|``|''|~")


def _decode_text(value: str) -> str:
    if "\\" not in value and "$" not in value and not _TEXT_ONLY.search(value):
        return value.translate(_BRACES)  # only braces: the most common
    # Braces are tokens of their own, so that an empty group breaks a ligature as in LaTeX:
    # "-{}-" is two hyphens, "--" a dash.
    return TEXT_TOKEN.sub(_replace_text, value)


def decode_known(value: str) -> str | None:
    """``value`` decoded, when it holds only what the tables know; else None."""
    try:
        if "$" not in value:
            return _decode_text(value)
        parts, position = [], 0
        for match in SEGMENT.finditer(value):
            if match.group("math") is not None:
                parts.append(_decode_text(value[position : match.start()]))
                parts.append(MATH_TOKEN.sub(_replace_math, match.group("math")).strip())
                position = match.end()
        parts.append(_decode_text(value[position:]))
        return "".join(parts)
    except _Unknown:
        return None


def _pylatexenc() -> tuple[LatexNodes2Text, object]:
    """bibtexparser's decoder (URLs as written), math as text (\\gamma as the Greek letter),
    the boxes BibTeX files put words in (\\mbox{G-Animal's}) kept as their words; and the
    parser's context built once, not once per value."""
    context = text_context()
    context.add_context_category(
        "references-bibtex",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl="%s") for name in ("url", "mbox")],
    )
    return LatexNodes2Text(latex_context=context, math_mode="text"), walker_context()


_DECODER, _WALKER_CONTEXT = _pylatexenc()
# "%" starts a comment in LaTeX but is a character in BibTeX: pylatexenc would drop the rest of
# the line ("50% of {DNA}" read as "50").
_BARE_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")


def decode_with_pylatexenc(value: str) -> str:
    value = _BARE_PERCENT.sub(r"\1\\%", value)
    nodes = LatexWalker(value, latex_context=_WALKER_CONTEXT, tolerant_parsing=True)
    return _DECODER.nodelist_to_text(nodes.get_latex_nodes()[0])


class LatexDecoder:
    """Decodes the fields of one file; holds what is left of the file's pylatexenc budget."""

    def __init__(self, budget: int = FALLBACK_BUDGET) -> None:
        self.budget = budget
        # Each value decoded once: names and journals repeat through a file. (The keys are
        # values of this file, so this takes no more memory than the file.)
        self.decoded: dict[str, tuple[str, str]] = {}

    def decode(self, value: str) -> tuple[str, str]:
        """The text of ``value``, and "" or why it is kept as written: "budget" (the file's
        LaTeX decoding ran out) or "error" (pylatexenc could not read it)."""
        decoded = self.decoded.get(value)
        if decoded is None:
            decoded = self.decoded[value] = self._decode(value)
        return decoded

    def decode_many(self, values: list[str]) -> list[tuple[str, str]]:
        """Many short values (the parts of an entry's names) decoded together, in one pass when
        the tables know all of their markup: a NUL between them is no markup, so the pass gives
        what decoding each would give."""
        joined = "\x00".join(values)
        if joined.count("\x00") == len(values) - 1 and "$" not in joined:
            known = decode_known(joined) if MARKUP.search(joined) else joined
            if known is not None:
                return [(text, "") for text in known.split("\x00")]
        return [self.decode(value) for value in values]

    def _decode(self, value: str) -> tuple[str, str]:
        if not MARKUP.search(value):
            return value, ""
        known = decode_known(value)
        if known is not None:
            return known, ""
        if len(value) > self.budget:
            return value, "budget"
        self.budget -= len(value)
        try:
            return decode_with_pylatexenc(value), ""
        except Exception:  # pylatexenc's tolerant mode failing on hostile input
            return value, "error"
