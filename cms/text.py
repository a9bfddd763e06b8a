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

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

# "đ" is a letter of its own, not "d" with a combining mark, so NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


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


# A syllable: letters and digits only ("_" is a word character for ``re`` but a separator
# for the search backends' tokenisers).
_SYLLABLE = re.compile(r"[^\W_]+", re.UNICODE)
# A query longer than this is cut: nobody types more to find a guidance page, and each
# syllable is one more condition for the database.
MAX_QUERY_SYLLABLES = 10
# A syllable longer than this is no Vietnamese or English word; it is dropped.
MAX_SYLLABLE_LENGTH = 40


def clean_query(raw: str | None, max_length: int = 200) -> str:
    """What a person typed in a search box, fit to show back: NFC, no control characters,
    no runs of spaces, at most ``max_length`` characters."""
    text = "".join(" " if _is_control(char, multiline=False) else char for char in nfc(raw))
    return " ".join(text.split())[:max_length]


def query_terms(query: str) -> list[str]:
    """The folded syllables of a search query, in order, without duplicates."""
    return list(dict.fromkeys(SearchQuery.parse(query).folded))


@functools.lru_cache(maxsize=20000)
def _fold_syllable(syllable: str) -> str:
    """``fold`` of one syllable: a language has few of them, a page repeats them often."""
    return fold(syllable)


def _split(text: str) -> tuple[list[re.Match[str]], list[str], list[str]]:
    """The syllables of ``text``: their matches (for offsets), as typed (lower-cased) and
    folded."""
    matches = list(_SYLLABLE.finditer(text))
    exact = [m.group().lower() for m in matches]
    return matches, exact, [_fold_syllable(word) for word in exact]


@dataclass(frozen=True)
class _Field:
    """One field of a document as its syllables, as typed and folded, in order and as sets
    (made once per document by :func:`document_syllables`, matched against many queries)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]
    exact_set: frozenset[str]
    folded_set: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Field:
        _, exact, folded = _split(nfc(text))
        return cls(tuple(exact), tuple(folded), frozenset(exact), frozenset(folded))


def document_syllables(*texts: str) -> tuple[_Field, ...]:
    """The fields of one document as syllables, for :meth:`SearchQuery.tier_of` (worth
    keeping when the same document is matched against many queries)."""
    return tuple(_Field.of(text) for text in texts)


def _phrase_starts(words: tuple[str, ...] | list[str], phrase: tuple[str, ...]) -> list[int]:
    """Indexes in ``words`` where ``phrase`` starts."""
    size = len(phrase)
    if not size:
        return []
    first = phrase[0]
    return [
        i
        for i in range(len(words) - size + 1)
        if words[i] == first and tuple(words[i : i + size]) == phrase
    ]


@dataclass(frozen=True)
class SearchQuery:
    """A search query as whole syllables, as typed and without diacritics.

    Only letters and digits are kept, so quotes, ``*``, brackets, ``-`` or backslashes can
    never reach a full-text query syntax; ``AND`` and ``OR`` are plain words.

    Matching is by whole syllable: "don" matches "đơn" and "dọn" but never "đồng".
    """

    exact: tuple[str, ...]
    folded: tuple[str, ...]

    # Match tiers, best first.
    EXACT_PHRASE = 0
    EXACT_WORDS = 1
    FOLDED_PHRASE = 2
    FOLDED_WORDS = 3

    @classmethod
    def parse(cls, raw: str | None) -> SearchQuery:
        words = [
            w.lower() for w in _SYLLABLE.findall(clean_query(raw)) if len(w) <= MAX_SYLLABLE_LENGTH
        ][:MAX_QUERY_SYLLABLES]
        return cls(tuple(words), tuple(fold(w) for w in words))

    def __bool__(self) -> bool:
        return bool(self.exact)

    def backend_query(self) -> str:
        """The folded syllables for the search backend, each one a plain word."""
        return " ".join(dict.fromkeys(self.folded))

    def tier(self, *texts: str) -> int | None:
        """How well ``texts`` (the fields of one document) match, or ``None`` if some query
        syllable is not a whole syllable of any of them after folding.

        Phrases are looked for within one field; single syllables in all of them.
        """
        return self.tier_of(document_syllables(*texts))

    def tier_of(self, fields: tuple[_Field, ...]) -> int | None:
        """:meth:`tier` of a document already split by :func:`document_syllables`."""
        wanted = set(self.folded)
        for field in fields:
            wanted -= field.folded_set
        if wanted:
            return None
        if any(_phrase_starts(field.exact, self.exact) for field in fields):
            return self.EXACT_PHRASE
        missing = set(self.exact)
        for field in fields:
            missing -= field.exact_set
        if not missing:
            return self.EXACT_WORDS
        if any(_phrase_starts(field.folded, self.folded) for field in fields):
            return self.FOLDED_PHRASE
        return self.FOLDED_WORDS

    def matched_spans(self, text: str) -> list[tuple[int, int]]:
        """The syllables of ``text`` this query matched, as (start, end) offsets.

        The strongest kind of match in ``text`` wins: the phrase as typed, then the
        phrase without diacritics; failing a phrase, each query syllable marks its
        occurrences as typed, and a syllable typed without diacritics also those that
        match after folding ("tu" marks "tử" and "từ"; "tử" marks only "tử").
        """
        matches, exact_words, folded_words = _split(text)
        for phrase, words in ((self.exact, exact_words), (self.folded, folded_words)):
            starts = _phrase_starts(words, phrase)
            if starts:
                size = len(phrase)
                marked = sorted({i + k for i in starts for k in range(size)})
                return [(matches[i].start(), matches[i].end()) for i in marked]
        marked: set[int] = set()
        for exact, folded in zip(self.exact, self.folded, strict=True):
            if exact == folded:
                marked.update(i for i, word in enumerate(folded_words) if word == folded)
            else:
                marked.update(i for i, word in enumerate(exact_words) if word == exact)
        return [(matches[i].start(), matches[i].end()) for i in sorted(marked)]

    def highlight(self, text: str | None) -> SafeString:
        """``text`` escaped, with each syllable this query matched in ``<mark>``."""
        text = nfc(text)
        parts: list[str] = []
        cursor = 0
        for start, end in self.matched_spans(text) if self else []:
            parts.append(escape(text[cursor:start]))
            parts.append(f"<mark>{escape(text[start:end])}</mark>")
            cursor = end
        parts.append(escape(text[cursor:]))
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def highlight(text: str, query: str) -> SafeString:
    """Escape ``text`` and wrap each syllable ``query`` matched in ``<mark>``.

    Matching ignores case and diacritics, but the original spelling is what is shown.
    See :meth:`SearchQuery.matched_spans`.
    """
    return SearchQuery.parse(query).highlight(text)
