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

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# "đ" is a letter of its own, not "d" with a combining mark, so NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str | None) -> str:
    """``text`` in Unicode normal form C (composed); ``""`` for ``None``."""
    return unicodedata.normalize("NFC", text or "")


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
