"""Text helpers every app shares: Unicode normalisation and diacritic-insensitive search.

``nfc`` is applied to every text a person types or a data file holds, so that a
Vietnamese letter typed as a base letter plus combining marks (NFD, common on some
phones) and the same letter typed precomposed compare and render alike.

People often type Vietnamese on a phone without the tone and vowel marks
("chuyen doi so" for "chuyển đổi số"). The search index therefore keeps an
unaccented copy of each guidance page, and queries are unaccented the same way,
so both spellings find the same pages on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

# "đ" is a letter of its own, not "d" with a combining mark, so NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str | None) -> str:
    """``text`` in Unicode normal form C (composed); ``""`` for ``None``."""
    return unicodedata.normalize("NFC", text or "")


# Bidi embeddings, overrides and isolates turn "\u202eGRO lacigol" into "logical ORG" on screen:
# a name can then pose as another one in lists and e-mails.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a browser puts in place of bytes that were not UTF-8.
_REPLACEMENT = "\ufffd"
_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _is_control(char: str, multiline: bool) -> bool:
    if multiline and char in "\r\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS


@deconstructible
class TypedTextValidator:
    """Refuses what a person cannot have meant to type into a name or free text.

    Control characters (terminal escapes, CR/LF in a one-line field, which must never
    reach a mail header), bidi overrides (a name shown reversed to pose as another),
    text made only of invisible characters, and U+FFFD (the trace of bytes that were not
    UTF-8: storing it would keep a mangled name). ``multiline`` lets line breaks and
    tabs through, for text areas.
    """

    messages = {
        "control": gettext_lazy(
            "This text contains hidden control or text-direction characters. "
            "Please type it again without them."
        ),
        "invisible": gettext_lazy("This text has only invisible characters. Please type it."),
        "replacement": gettext_lazy(
            "Some characters of this text could not be read (�). Please type it again."
        ),
    }

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value: str) -> None:
        if not value:
            return
        if _REPLACEMENT in value:
            raise ValidationError(self.messages["replacement"], code="replacement")
        if any(_is_control(char, self.multiline) for char in value):
            raise ValidationError(self.messages["control"], code="control")
        if not any(not char.isspace() and unicodedata.category(char) != "Cf" for char in value):
            raise ValidationError(self.messages["invisible"], code="invisible")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TypedTextValidator) and other.multiline == self.multiline


validate_typed_line = TypedTextValidator()
validate_typed_text = TypedTextValidator(multiline=True)


def single_line(text: str | None) -> str:
    """``text`` with every line break and control character turned into one space.

    For mail headers: a name stored before names were validated must still never
    carry a CR/LF into a Subject.
    """
    cleaned = "".join(
        " " if char in _LINE_BREAKS or _is_control(char, multiline=False) else char
        for char in nfc(text)
    )
    return " ".join(cleaned.split())


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Return ``text`` lower-cased without Vietnamese (or other) diacritics."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text or ""))


def query_terms(query: str) -> list[str]:
    """The folded words of a search query, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(query)):
        seen.setdefault(word, None)
    return list(seen)


def highlight(text: str, query: str) -> SafeString:
    """Escape ``text`` and wrap every word that starts with a query term in ``<mark>``.

    Matching ignores case and diacritics, but the original spelling is what is shown.
    """
    text = unicodedata.normalize("NFC", text or "")
    terms = [t for t in query_terms(query) if len(t) > 1]
    if not terms:
        return escape(text)
    # Fold one character at a time so positions in the folded text map back to the original.
    folded_chars = [_fold_char(c) for c in text]
    offsets: list[int] = []
    folded = []
    for index, piece in enumerate(folded_chars):
        folded.append(piece)
        offsets.extend([index] * len(piece))
    folded_text = "".join(folded)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*")
    parts: list[str] = []
    cursor = 0
    for match in pattern.finditer(folded_text):
        start = offsets[match.start()]
        end = offsets[match.end() - 1] + 1
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
