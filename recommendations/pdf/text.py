"""Text on its way into the PDF: NFC, escaping, drawable characters, URLs, numbers, dates.

* every string is NFC-normalised, so text typed in decomposed form prints with composed glyphs;
* text is escaped before it enters ReportLab's paragraph markup, so ``HTX <Rau sạch> & "Sạch"``
  prints exactly as typed;
* characters the font cannot draw are replaced by "?" rather than printed as empty boxes.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from functools import cache, lru_cache
from urllib.parse import quote, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from assessment.scoring import display_score

from .labels import Labels
from .theme import ACCENT_HEX, FONT_BOLD, FONT_REGULAR, register_fonts

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


@cache
def _font_charset() -> frozenset[int]:
    """Code points both faces can draw."""
    register_fonts()
    regular = pdfmetrics.getFont(FONT_REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


@cache
def _undrawable() -> re.Pattern[str]:
    """Matches one character the font cannot draw (a newline is fine: it breaks lines)."""
    codepoints = sorted(_font_charset() | {ord("\n")})
    ranges = []
    start = previous = codepoints[0]
    for codepoint in [*codepoints[1:], -1]:
        if codepoint != previous + 1:
            ranges.append(
                re.escape(chr(start))
                if start == previous
                else f"{re.escape(chr(start))}-{re.escape(chr(previous))}"
            )
            start = codepoint
        previous = codepoint
    return re.compile(f"[^{''.join(ranges)}]")


def _replacement(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in "\t\r" or unicodedata.category(ch) == "Cc":
        return " "
    if unicodedata.category(ch) == "Cf":
        return ""  # zero-width joiners, byte-order marks: invisible anyway
    return "?"


def plain(value: object) -> str:
    """NFC text the font can draw: controls become spaces, missing glyphs become "?"."""
    return _undrawable().sub(_replacement, unicodedata.normalize("NFC", str(value)))


def one_line(value: object) -> str:
    """:func:`plain`, with line breaks made spaces (for running heads and chart labels)."""
    return plain(value).replace("\n", " ")


def esc(value: object) -> str:
    """Text made safe for paragraph markup (escaped, NFC, line breaks kept)."""
    text = escape(plain(value), {'"': "&quot;", "'": "&#39;"})
    return text.replace("\n", "<br/>")


def _ascii_url(url: str) -> str:
    """The URL with a punycode host and percent-encoded path, for link annotations and QR codes."""
    url = unicodedata.normalize("NFC", url.strip())
    if url.isascii():
        return url
    parts = urlsplit(url)
    try:
        netloc = parts.netloc.encode("idna").decode("ascii")
    except UnicodeError:
        netloc = quote(parts.netloc, safe=":@[]")
    safe = "/:@!$&'()*+,;=%-._~?#[]"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe),
            quote(parts.fragment, safe=safe),
        )
    )


def link_target(url: str) -> str | None:
    """An ASCII URL worth making clickable, or None (relative URLs, javascript:, …)."""
    if not url or not url.strip():
        return None
    target = _ascii_url(url)
    scheme = urlsplit(target).scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme in {"http", "https"} and not urlsplit(target).netloc:
        return None
    return target


def link(url: str, text: str | None = None) -> str:
    """Markup for a clickable link showing ``text`` (or the URL); plain text if not linkable."""
    shown = esc(text if text is not None else url)
    target = link_target(url)
    if target is None:
        return shown
    href = escape(target, {'"': "&quot;"})
    return f'<a href="{href}" color="{ACCENT_HEX}" underline="1">{shown}</a>'


def score_text(value: float | None) -> str:
    """A 0–100 score as the portal shows it everywhere (:func:`display_score`); "—" if none."""
    if value is None or math.isnan(float(value)):
        return "—"
    return str(display_score(value))


def format_date(value: datetime.date, labels: Labels) -> str:
    return labels.date_format.format(
        day=value.day,
        month=value.month,
        year=value.year,
        month_name=labels.months[value.month - 1],
    )


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=1024)
def wrap_words(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Break ``text`` into lines no wider than ``width`` at spaces (for drawn strings)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return tuple(lines)


def break_url(url: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width`` points, broken after "/", "-", "?", "&" or "=" when possible."""
    face = pdfmetrics.getFont(font)
    lines: list[str] = []
    current, current_width = "", 0.0
    for ch in url:
        ch_width = face.stringWidth(ch, size)
        if current and current_width + ch_width > width:
            cut = max(current.rfind(mark) for mark in "/-?&=") + 1
            if cut <= len(current) // 2:
                cut = len(current)
            lines.append(current[:cut])
            current = current[cut:]
            current_width = face.stringWidth(current, size)
        current += ch
        current_width += ch_width
    if current:
        lines.append(current)
    return lines


def clear_caches() -> None:
    """Forget the font's character set and wrapped labels (see ``render.clear_caches``)."""
    _font_charset.cache_clear()
    _undrawable.cache_clear()
    wrap_words.cache_clear()
