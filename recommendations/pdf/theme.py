"""The plan's look: fonts, colours, page geometry, paragraph and table styles.

Every piece of text is set in Noto Sans, a TrueType font shipped in ``fonts/`` and embedded
as a subset; no base-14 font is ever used (they cannot draw Vietnamese).
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = "NotoSans"
FONT_BOLD = "NotoSans-Bold"

ACCENT = colors.HexColor("#0b5d3b")
ACCENT_HEX = "#0b5d3b"  # the same, for paragraph markup
ACCENT_LIGHT = colors.HexColor("#e6f0ea")
TEXT = colors.HexColor("#1f2a24")
MUTED = colors.HexColor("#5b6660")
MUTED_HEX = "#5b6660"
RULE = colors.HexColor("#c9d3cd")
GRID = colors.HexColor("#d5dcd8")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_PADDING = 6  # SimpleDocTemplate's frame padding; the margins make room for it
QR_SIZE = 26 * mm
# Blocks up to this height are moved to the next page whole rather than split.
MAX_UNSPLIT_HEIGHT = 120 * mm

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register Noto Sans (regular and bold) with ReportLab, once per process.

    Also maps the family so ``<b>`` in paragraph markup selects the bold face.
    Safe to call from several threads.
    """
    global _fonts_registered
    if _fonts_registered:
        return
    with _font_lock:
        if _fonts_registered:
            return
        pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(FONTS_DIR / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "NotoSans-Bold.ttf")))
        # No italic face is shipped: <i> falls back to the upright faces rather than Helvetica.
        pdfmetrics.registerFontFamily(
            FONT_REGULAR,
            normal=FONT_REGULAR,
            bold=FONT_BOLD,
            italic=FONT_REGULAR,
            boldItalic=FONT_BOLD,
        )
        _fonts_registered = True


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles, built once per process (they only depend on the fonts)."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT_REGULAR,
        fontSize=9.5,
        leading=13.5,
        textColor=TEXT,
        bulletFontName=FONT_REGULAR,
        spaceAfter=4,
    )

    def derive(name: str, **kwargs: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kwargs)

    return {
        "body": body,
        "small": derive("small", fontSize=8.5, leading=11.5, spaceAfter=2),
        "muted": derive("muted", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=2),
        "kicker": derive(
            "kicker", fontName=FONT_BOLD, fontSize=10.5, leading=14, textColor=ACCENT, spaceAfter=6
        ),
        "org": derive(
            "org", fontName=FONT_BOLD, fontSize=22, leading=28, textColor=TEXT, spaceAfter=10
        ),
        "h1": derive(
            "h1",
            fontName=FONT_BOLD,
            fontSize=15,
            leading=20,
            textColor=ACCENT,
            spaceBefore=2,
            spaceAfter=6,
        ),
        "h2": derive(
            "h2",
            fontName=FONT_BOLD,
            fontSize=11,
            leading=15,
            textColor=TEXT,
            spaceBefore=10,
            spaceAfter=2,
        ),
        "contact_name": derive(
            "contact_name", fontName=FONT_BOLD, fontSize=13, leading=18, spaceAfter=6
        ),
        "label": derive("label", fontSize=9, leading=12, textColor=MUTED, spaceAfter=0),
        "value": derive("value", fontName=FONT_BOLD, fontSize=10, leading=13.5, spaceAfter=0),
        "cell": derive("cell", fontSize=9, leading=12, spaceAfter=0),
        "score_big": derive(
            "score_big", fontName=FONT_BOLD, fontSize=34, leading=38, textColor=ACCENT, spaceAfter=0
        ),
        "level": derive(
            "level", fontName=FONT_BOLD, fontSize=14, leading=19, textColor=ACCENT, spaceAfter=3
        ),
        "link": derive("link", fontSize=9, leading=12.5, leftIndent=10, spaceAfter=1),
    }


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose default cell font is ours (ReportLab's default is Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT_REGULAR, 9, 12), *commands])


# The header row of the data tables, for plain-string header cells.
HEADER_ROW: tuple[tuple, ...] = (
    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
    ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5, 11),
    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
)
