"""Draw an action plan as an A4 PDF with ReportLab.

:func:`render_plan_pdf` is a pure function: a :class:`~recommendations.pdf.document.PlanDocument`
in, PDF bytes out. It never touches the database, a request or a task, and needs no Django
settings, so it can be tested and benchmarked on its own.

Vietnamese has to come out right on screen and on paper, which decides most of what is here:

* every piece of text (paragraphs, tables, chart labels, header and footer) is set in Noto Sans,
  a TrueType font shipped in ``fonts/`` and embedded as a subset; no base-14 font is ever used;
* every string is NFC-normalised, so text typed in decomposed form prints with composed glyphs;
* text from the database is escaped before it enters ReportLab's paragraph markup, so
  ``HTX <Rau sạch> & "Sạch"`` prints exactly as typed; only the fixed labels below are markup;
* characters the font cannot draw are replaced by "?" rather than printed as empty boxes.
"""

from __future__ import annotations

import datetime
import io
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .document import HORIZONS, MIN_PEER_GROUP_SIZE, PlanAction, PlanDocument

__all__ = [
    "FONT_BOLD",
    "FONT_REGULAR",
    "LABELS",
    "clear_caches",
    "register_fonts",
    "render_plan_pdf",
]

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = "NotoSans"
FONT_BOLD = "NotoSans-Bold"

ACCENT = colors.HexColor("#0b5d3b")
ACCENT_LIGHT = colors.HexColor("#e6f0ea")
TEXT = colors.HexColor("#1f2a24")
MUTED = colors.HexColor("#5b6660")
RULE = colors.HexColor("#c9d3cd")
GRID = colors.HexColor("#d5dcd8")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_PADDING = 6  # SimpleDocTemplate's frame padding; the margins below make room for it
QR_SIZE = 26 * mm
# Blocks up to this height are moved to the next page whole rather than split.
MAX_UNSPLIT_HEIGHT = 120 * mm
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Fixed labels. These (and only these) may contain ReportLab paragraph markup; every value
# coming from the document is escaped before it is combined with them.
LABELS: dict[str, dict[str, Any]] = {
    "vi": {
        "lang": "vi-VN",
        "short_title": "Kế hoạch hành động chuyển đổi số",
        "kicker": "KẾ HOẠCH HÀNH ĐỘNG CHUYỂN ĐỔI SỐ",
        "subject": "Kết quả tự đánh giá mức độ sẵn sàng chuyển đổi số và kế hoạch hành động",
        "creator": "Cổng tự đánh giá mức độ sẵn sàng chuyển đổi số",
        "kind": "Loại hình",
        "area": "Địa bàn",
        "sector": "Ngành nghề",
        "assessed_on": "Ngày tự đánh giá",
        "generated_on": "Ngày lập kế hoạch",
        "overall_score": "Điểm tổng thể",
        "out_of": "/100",
        "level": "Mức {level}/{max}",
        "level_unknown": "Chưa xác định được mức",
        "score_unknown": "Chưa đủ câu trả lời để tính điểm",
        "results_online": "Xem kết quả trực tuyến",
        "prepared_by": (
            "Kế hoạch được lập tự động từ câu trả lời của tổ chức. Đơn vị hỗ trợ: {name}."
        ),
        "first_steps": "Việc nên làm trước",
        "results_heading": "Kết quả theo từng lĩnh vực",
        "results_intro": (
            "Mỗi lĩnh vực được chấm trên thang điểm 0–100. Biểu đồ cho thấy lĩnh vực nào đã "
            "vững và lĩnh vực nào nên ưu tiên cải thiện."
        ),
        "legend_you": "Tổ chức của bạn",
        "legend_peer": "Trung vị các tổ chức tương tự",
        "col_dimension": "Lĩnh vực",
        "col_score": "Điểm",
        "col_peer": "Trung vị nhóm",
        "peer_note_shown": (
            "Trung vị nhóm: điểm ở giữa của {n} tổ chức tương tự đã tham gia đánh giá "
            "(một nửa số tổ chức có điểm cao hơn, một nửa thấp hơn)."
        ),
        "peer_note_hidden": (
            "Phần so sánh với các tổ chức tương tự sẽ xuất hiện khi có ít nhất {min} tổ chức "
            "tương tự tham gia đánh giá."
        ),
        "no_dimensions": "Chưa có điểm theo lĩnh vực.",
        "actions_heading": "Kế hoạch hành động ưu tiên",
        "actions_intro": (
            "Các việc được xếp theo thời hạn; trong mỗi nhóm, việc quan trọng hơn đứng trước. "
            "Việc có nhãn <b>Hiệu quả nhanh</b> tốn ít công sức và chi phí, nên làm trước."
        ),
        "quick_win": "Hiệu quả nhanh",
        "col_no": "STT",
        "col_action": "Việc cần làm",
        "col_priority": "Ưu tiên",
        "col_effort": "Công sức",
        "col_cost": "Chi phí",
        "horizons": {
            "now": "Làm ngay",
            "30d": "Trong 30 ngày",
            "90d": "Trong 90 ngày",
            "6m": "Trong 6 tháng",
        },
        "horizon_other": "Khác",
        "priorities": {1: "Cao", 2: "Trung bình", 3: "Thấp"},
        "efforts": {"low": "Ít", "medium": "Vừa phải", "high": "Nhiều"},
        "costs": {"free": "Miễn phí", "low": "Thấp", "medium": "Trung bình", "high": "Cao"},
        "no_actions": (
            "Chưa có việc nào được đề xuất cho kết quả này. Hãy liên hệ đơn vị hỗ trợ ở trang "
            "cuối để được tư vấn."
        ),
        "details_heading": "Chi tiết từng việc cần làm",
        "meta_dimension": "Lĩnh vực",
        "meta_horizon": "Thời hạn",
        "meta_priority": "Ưu tiên",
        "meta_effort": "Công sức",
        "meta_cost": "Chi phí",
        "links_heading": "Tài liệu và dịch vụ liên quan",
        "scan_qr": "Quét mã để mở hướng dẫn",
        "contact_heading": "Liên hệ hỗ trợ",
        "contact_intro": (
            "Nếu cần giúp đỡ để thực hiện kế hoạch này, tổ chức có thể liên hệ đơn vị hỗ trợ "
            "dưới đây."
        ),
        "contact_address": "Địa chỉ",
        "contact_phone": "Điện thoại",
        "contact_email": "Thư điện tử",
        "contact_hours": "Giờ làm việc",
        "contact_website": "Trang thông tin",
        "page": "Trang {page}/{total}",
    },
    "en": {
        "lang": "en",
        "short_title": "Digital transformation action plan",
        "kicker": "DIGITAL TRANSFORMATION ACTION PLAN",
        "subject": "Digital-readiness self-assessment results and action plan",
        "creator": "Digital-readiness self-assessment portal",
        "kind": "Type of organisation",
        "area": "Area",
        "sector": "Sector",
        "assessed_on": "Assessed on",
        "generated_on": "Plan prepared on",
        "overall_score": "Overall score",
        "out_of": "/100",
        "level": "Level {level}/{max}",
        "level_unknown": "Level not determined",
        "score_unknown": "Not enough answers to calculate a score",
        "results_online": "See the results online",
        "prepared_by": (
            "This plan was prepared automatically from the organisation's answers. "
            "Support provided by {name}."
        ),
        "first_steps": "Where to start",
        "results_heading": "Results by dimension",
        "results_intro": (
            "Each dimension is scored from 0 to 100. The chart shows which dimensions are "
            "already strong and which to improve first."
        ),
        "legend_you": "Your organisation",
        "legend_peer": "Median of similar organisations",
        "col_dimension": "Dimension",
        "col_score": "Score",
        "col_peer": "Peer median",
        "peer_note_shown": (
            "Peer median: the middle score of the {n} similar organisations that took part "
            "(half scored higher, half lower)."
        ),
        "peer_note_hidden": (
            "A comparison with similar organisations appears once at least {min} similar "
            "organisations have taken part."
        ),
        "no_dimensions": "No dimension scores yet.",
        "actions_heading": "Prioritised action plan",
        "actions_intro": (
            "Actions are grouped by when to do them; within each group the more important come "
            "first. Actions labelled <b>Quick win</b> take little effort or money: start there."
        ),
        "quick_win": "Quick win",
        "col_no": "No.",
        "col_action": "Action",
        "col_priority": "Priority",
        "col_effort": "Effort",
        "col_cost": "Cost",
        "horizons": {
            "now": "Now",
            "30d": "Within 30 days",
            "90d": "Within 90 days",
            "6m": "Within 6 months",
        },
        "horizon_other": "Other",
        "priorities": {1: "High", 2: "Medium", 3: "Low"},
        "efforts": {"low": "Low", "medium": "Medium", "high": "High"},
        "costs": {"free": "Free", "low": "Low", "medium": "Medium", "high": "High"},
        "no_actions": (
            "No actions were recommended for these results. Contact the support center on the "
            "last page for advice."
        ),
        "details_heading": "Action details",
        "meta_dimension": "Dimension",
        "meta_horizon": "When",
        "meta_priority": "Priority",
        "meta_effort": "Effort",
        "meta_cost": "Cost",
        "links_heading": "Related guidance and services",
        "scan_qr": "Scan to open the guidance",
        "contact_heading": "How to get help",
        "contact_intro": (
            "If you need help carrying out this plan, contact the support center below."
        ),
        "contact_address": "Address",
        "contact_phone": "Phone",
        "contact_email": "Email",
        "contact_hours": "Opening hours",
        "contact_website": "Website",
        "page": "Page {page} of {total}",
    },
}

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

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


# --------------------------------------------------------------------------- text helpers


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


def _plain(value: object) -> str:
    """NFC text the font can draw: controls become spaces, missing glyphs become "?"."""
    return _undrawable().sub(_replacement, unicodedata.normalize("NFC", str(value)))


def _esc(value: object) -> str:
    """User text made safe for paragraph markup (escaped, NFC, line breaks kept)."""
    text = escape(_plain(value), {'"': "&quot;", "'": "&#39;"})
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


def _link_target(url: str) -> str | None:
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


def _link(url: str, text: str | None = None) -> str:
    """Markup for a clickable link showing ``text`` (or the URL); plain text if not linkable."""
    shown = _esc(text if text is not None else url)
    target = _link_target(url)
    if target is None:
        return shown
    href = escape(target, {'"': "&quot;"})
    return f'<a href="{href}" color="#0b5d3b" underline="1">{shown}</a>'


def _date(value: datetime.date, language: str) -> str:
    if language == "vi":
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"


def _score(value: float | None) -> str:
    """A 0–100 score rounded half up ("—" when missing); accepts Decimal and int too."""
    if value is None or math.isnan(float(value)):
        return "—"
    return str(math.floor(float(value) + 0.5))


def _labels(language: str) -> dict[str, Any]:
    return LABELS.get(language, LABELS["vi"])


# --------------------------------------------------------------------------- styles


@cache
def _styles() -> dict[str, ParagraphStyle]:
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


# --------------------------------------------------------------------------- page furniture


class _PlanCanvas(Canvas):
    """A canvas that holds pages back until the end, so every page can say "X of Y"."""

    def __init__(
        self, *args: Any, decorate: Callable[[Canvas, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._decorate = decorate

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


def _table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose default cell font is ours (ReportLab's default is Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT_REGULAR, 9, 12), *commands])


# The header row of the data tables, for plain-string header cells.
_HEADER_ROW: tuple[tuple, ...] = (
    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
    ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5, 11),
    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _decorator(
    document: PlanDocument, labels: dict[str, Any]
) -> Callable[[Canvas, int, int], None]:
    short_title = _plain(labels["short_title"])
    organisation = _plain(document.organisation_name).replace("\n", " ")
    centre = _plain(document.contact.name).replace("\n", " ")

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        if page == 1:
            canvas.setFillColor(ACCENT)
            canvas.rect(0, PAGE_HEIGHT - 14 * mm, PAGE_WIDTH, 14 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(FONT_BOLD, 9.5)
            canvas.drawString(
                MARGIN_X,
                PAGE_HEIGHT - 8.8 * mm,
                _fit(centre or short_title, FONT_BOLD, 9.5, CONTENT_WIDTH),
            )
        else:
            top = PAGE_HEIGHT - 13 * mm
            canvas.setFont(FONT_BOLD, 8.5)
            canvas.setFillColor(ACCENT)
            canvas.drawString(MARGIN_X, top, short_title)
            title_width = pdfmetrics.stringWidth(short_title, FONT_BOLD, 8.5)
            canvas.setFont(FONT_REGULAR, 8.5)
            canvas.setFillColor(MUTED)
            room = CONTENT_WIDTH - title_width - 12 * mm
            canvas.drawRightString(
                PAGE_WIDTH - MARGIN_X, top, _fit(organisation, FONT_REGULAR, 8.5, room)
            )
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)

            bottom = 11 * mm
            canvas.line(MARGIN_X, bottom + 4.5 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4.5 * mm)
            page_label = labels["page"].format(page=page, total=total)
            canvas.setFont(FONT_REGULAR, 8)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, page_label)
            room = CONTENT_WIDTH - pdfmetrics.stringWidth(page_label, FONT_REGULAR, 8) - 12 * mm
            canvas.drawString(MARGIN_X, bottom, _fit(centre, FONT_REGULAR, 8, room))
        canvas.restoreState()

    return decorate


# --------------------------------------------------------------------------- sections


def _cover(document: PlanDocument, labels: dict[str, Any], st: dict[str, ParagraphStyle]) -> list:
    story: list[Flowable] = [
        Spacer(1, 10 * mm),
        Paragraph(labels["kicker"], st["kicker"]),
        Paragraph(_esc(document.organisation_name), st["org"]),
    ]

    facts = [
        (labels["kind"], document.organisation_kind),
        (labels["area"], document.area),
        (labels["sector"], document.sector),
        (labels["assessed_on"], _date(document.assessed_on, document.language)),
        (labels["generated_on"], _date(document.generated_on, document.language)),
    ]
    rows = [
        [label, Paragraph(_esc(value), st["value"])] for label, value in facts if str(value).strip()
    ]
    if rows:
        facts_table = Table(rows, colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm], hAlign="LEFT")
        facts_table.setStyle(
            _table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ]
            )
        )
        story += [facts_table, Spacer(1, 12 * mm)]

    if document.overall_score is None:
        score_cell: list[Flowable] = [
            Paragraph(labels["overall_score"], st["label"]),
            Paragraph("—", st["score_big"]),
            Paragraph(labels["score_unknown"], st["small"]),
        ]
    else:
        score_cell = [
            Paragraph(labels["overall_score"], st["label"]),
            Paragraph(
                f'{_score(document.overall_score)}<font size="14" color="#5b6660">'
                f"{labels['out_of']}</font>",
                st["score_big"],
            ),
        ]
    if document.level is None:
        level_cell: list[Flowable] = [Paragraph(labels["level_unknown"], st["level"])]
    else:
        level_text = labels["level"].format(level=document.level, max=document.level_max)
        if document.level_name.strip():
            level_text += " – " + _esc(document.level_name)
        level_cell = [Paragraph(level_text, st["level"])]
    if document.level_description.strip():
        level_cell.append(Paragraph(_esc(document.level_description), st["body"]))

    score_table = Table([[score_cell, level_cell]], colWidths=[52 * mm, CONTENT_WIDTH - 52 * mm])
    score_table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                ("LINEBEFORE", (0, 0), (0, 0), 3, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    story += [score_table, Spacer(1, 8 * mm)]

    first_steps = [action for _, actions in _grouped(document.actions) for action in actions][:3]
    if first_steps:
        story.append(Paragraph(labels["first_steps"], st["h2"]))
        for action in first_steps:
            text = f"<b>{_esc(action.title)}</b>"
            text += f' <font color="#5b6660">– {_horizon_label(action.horizon, labels)}</font>'
            story.append(Paragraph(text, st["link"], bulletText="•"))
        story.append(Spacer(1, 6 * mm))

    if _link_target(document.results_url):
        story.append(
            Paragraph(
                f"{labels['results_online']}: {_link(document.results_url)}",
                st["body"],
            )
        )
    if document.contact.name.strip():
        story.append(
            Paragraph(labels["prepared_by"].format(name=_esc(document.contact.name)), st["muted"])
        )
    story.append(PageBreak())
    return story


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in our font (its default would pull in Helvetica)."""
    return Drawing(width, height, initialFontName=FONT_REGULAR, initialFontSize=8)


@lru_cache(maxsize=1024)
def _wrap_label(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Break a chart label into lines no wider than ``width`` (chart strings do not wrap)."""
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


def _clamp_score(value: float | None) -> float:
    if value is None or math.isnan(float(value)):
        return 0.0
    return min(max(float(value), 0.0), 100.0)


def _radar(document: PlanDocument, labels: dict[str, Any], show_peers: bool) -> Drawing | None:
    """A radar (spider) chart of the dimension scores, 0–100 (None if < 3 dimensions).

    Drawn from reportlab.graphics shapes rather than ``charts.spider.SpiderChart``: the
    chart widget validates every attribute of a property object per data point, which made
    it cost as much as a page of text; it also scales to the largest value, where a plan
    needs a fixed 0–100 scale. Labels wrap and are anchored away from the web on every side.
    """
    rows = document.dimensions
    n = len(rows)
    if n < 3:
        return None
    width, height = CONTENT_WIDTH, 112 * mm
    radius = 34 * mm
    cx, cy = width / 2, height / 2 + 4 * mm
    drawing = _drawing(width, height)

    angles = [math.radians(90 - 360 * index / n) for index in range(n)]

    def points(values: Sequence[float]) -> list[float]:
        flat: list[float] = []
        for value, angle in zip(values, angles, strict=True):
            flat += [cx + radius * value / 100 * math.cos(angle)]
            flat += [cy + radius * value / 100 * math.sin(angle)]
        return flat

    # The web (rings and spokes) is one path: one node for the renderer instead of 13.
    ring_levels = (20, 40, 60, 80, 100)
    web = shapes.Path(strokeColor=GRID, strokeWidth=0.5, fillColor=None)
    ring: list[float] = []
    for level in ring_levels:
        ring = points([level] * n)
        web.moveTo(ring[0], ring[1])
        for index in range(1, n):
            web.lineTo(ring[2 * index], ring[2 * index + 1])
        web.closePath()
    for index in range(n):
        web.moveTo(cx, cy)
        web.lineTo(ring[2 * index], ring[2 * index + 1])
    drawing.add(web)
    if show_peers:
        drawing.add(
            Polygon(
                points([_clamp_score(row.peer_median) for row in rows]),
                strokeColor=MUTED,
                strokeWidth=1,
                strokeDashArray=(3, 2),
                fillColor=None,
            )
        )
    own = points([_clamp_score(row.score) for row in rows])
    drawing.add(
        Polygon(
            own,
            strokeColor=ACCENT,
            strokeWidth=1.6,
            fillColor=colors.Color(ACCENT.red, ACCENT.green, ACCENT.blue, alpha=0.15),
        )
    )
    for index in range(n):
        drawing.add(
            Circle(own[2 * index], own[2 * index + 1], 2, fillColor=ACCENT, strokeColor=None)
        )

    # Ring values, just right of the first (top) spoke.
    for level in ring_levels:
        drawing.add(
            String(
                cx + 2,
                cy + radius * level / 100 - 7,
                str(level),
                fontName=FONT_REGULAR,
                fontSize=6,
                fillColor=MUTED,
            )
        )

    # Spoke labels: name (wrapped) and the score in bold.
    size, leading, gap = 7.5, 9.2, 7
    for index, row in enumerate(rows):
        angle = math.radians(90 - 360 * index / n)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + (radius + gap) * cos, cy + (radius + gap) * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        name = _plain(row.name).replace("\n", " ")
        lines = [
            (line, FONT_REGULAR, TEXT) for line in _wrap_label(name, FONT_REGULAR, size, 38 * mm)
        ]
        lines.append((_score(row.score), FONT_BOLD, ACCENT))
        block = len(lines) * leading
        if sin > 0.2:
            first = y + block - size
        elif sin < -0.2:
            first = y - size
        else:
            first = y + block / 2 - size
        for number, (text, font, colour) in enumerate(lines):
            drawing.add(
                String(
                    x,
                    first - number * leading,
                    text,
                    fontName=font,
                    fontSize=size,
                    fillColor=colour,
                    textAnchor=anchor,
                )
            )

    # Legend under the chart.
    entries: list[tuple[str, colors.Color, tuple[int, int] | None]] = [
        (labels["legend_you"], ACCENT, None)
    ]
    if show_peers:
        entries.append((labels["legend_peer"], MUTED, (3, 2)))
    widths = [14 + 4 + pdfmetrics.stringWidth(text, FONT_REGULAR, 8) for text, _, _ in entries]
    x = (width - sum(widths) - 16 * (len(entries) - 1)) / 2
    y = 2 * mm
    for (text, colour, dash), entry_width in zip(entries, widths, strict=True):
        drawing.add(
            Line(x, y + 3, x + 14, y + 3, strokeColor=colour, strokeWidth=1.6, strokeDashArray=dash)
        )
        drawing.add(String(x + 18, y, text, fontName=FONT_REGULAR, fontSize=8, fillColor=TEXT))
        x += entry_width + 16
    return drawing


def _results(document: PlanDocument, labels: dict[str, Any], st: dict[str, ParagraphStyle]) -> list:
    story: list[Flowable] = [
        Paragraph(labels["results_heading"], st["h1"]),
        Paragraph(labels["results_intro"], st["body"]),
    ]
    if not document.dimensions:
        story.append(Paragraph(labels["no_dimensions"], st["body"]))
        return story

    show_peers = document.peer_group_size >= MIN_PEER_GROUP_SIZE
    chart = _radar(document, labels, show_peers)
    if chart is not None:
        story += [chart, Spacer(1, 4 * mm)]

    header: list[Any] = [labels["col_dimension"], labels["col_score"]]
    widths = [CONTENT_WIDTH - 25 * mm, 25 * mm]
    if show_peers:
        header.append(labels["col_peer"])
        widths = [CONTENT_WIDTH - 60 * mm, 25 * mm, 35 * mm]
    rows: list[list[Any]] = [header]
    for dimension in document.dimensions:
        row: list[Any] = [Paragraph(_esc(dimension.name), st["cell"]), _score(dimension.score)]
        if show_peers:
            row.append(_score(dimension.peer_median))
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        _table_style(
            [
                *_HEADER_ROW,
                ("FONT", (1, 1), (1, -1), FONT_BOLD, 9, 12),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ACCENT_LIGHT]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story += [table, Spacer(1, 3 * mm)]
    if show_peers:
        note = labels["peer_note_shown"].format(n=document.peer_group_size)
    else:
        note = labels["peer_note_hidden"].format(min=MIN_PEER_GROUP_SIZE)
    story.append(Paragraph(note, st["muted"]))
    return story


def _grouped(actions: Sequence[PlanAction]) -> list[tuple[str, list[PlanAction]]]:
    """Actions by horizon in plan order; unknown horizons last, in their given order."""
    groups: dict[str, list[PlanAction]] = {horizon: [] for horizon in HORIZONS}
    for action in actions:
        groups.setdefault(action.horizon, []).append(action)
    return [(horizon, items) for horizon, items in groups.items() if items]


def _horizon_label(horizon: str, labels: dict[str, Any]) -> str:
    return labels["horizons"].get(horizon) or labels["horizon_other"]


def _band(mapping: dict[Any, str], value: object) -> str:
    """The plain label for a band value; unknown values are printed as given."""
    return mapping.get(value) or _plain(value).replace("\n", " ")


def _quick_win_tag(labels: dict[str, Any]) -> str:
    tag = labels["quick_win"].upper().replace(" ", "\u00a0")  # never split across lines
    return f'<font color="#0b5d3b" size="7.5"><b>{tag}</b></font>'


def _action_table(
    groups: list[tuple[str, list[PlanAction]]],
    labels: dict[str, Any],
    st: dict[str, ParagraphStyle],
) -> Table:
    # Short cells are plain strings in the table's font: a Paragraph per cell costs a
    # markup parse and line breaking for a single word.
    widths = [12 * mm, CONTENT_WIDTH - 12 * mm - 3 * 22 * mm, 22 * mm, 22 * mm, 22 * mm]
    rows: list[list[Any]] = [
        [
            labels["col_no"],
            labels["col_action"],
            labels["col_priority"],
            labels["col_effort"],
            labels["col_cost"],
        ]
    ]
    commands: list[tuple] = [
        *_HEADER_ROW,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    number = 0
    for horizon, actions in groups:
        row_index = len(rows)
        rows.append([_horizon_label(horizon, labels), "", "", "", ""])
        commands += [
            ("SPAN", (0, row_index), (-1, row_index)),
            ("BACKGROUND", (0, row_index), (-1, row_index), ACCENT_LIGHT),
            ("LINEABOVE", (0, row_index), (-1, row_index), 0.6, ACCENT),
            ("FONT", (0, row_index), (0, row_index), FONT_BOLD, 9.5, 12.5),
            ("TEXTCOLOR", (0, row_index), (0, row_index), ACCENT),
        ]
        for action in actions:
            number += 1
            title = f"<b>{_esc(action.title)}</b>"
            if action.quick_win:
                title += "<br/>" + _quick_win_tag(labels)
            title += f'<br/><font color="#5b6660" size="8">{_esc(action.dimension_name)}</font>'
            rows.append(
                [
                    str(number),
                    Paragraph(title, st["cell"]),
                    _band(labels["priorities"], action.priority),
                    _band(labels["efforts"], action.effort),
                    _band(labels["costs"], action.cost),
                ]
            )
            row_index = len(rows) - 1
            commands.append(("LINEBELOW", (0, row_index), (-1, row_index), 0.3, RULE))
            if action.priority == 1:
                commands.append(("FONT", (2, row_index), (2, row_index), FONT_BOLD, 9, 12))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style(commands))
    return table


class _Aside(Flowable):
    """Flowables in a column, with a narrow column of others beside them on the right.

    A two-cell table does the same at several times the cost (tables wrap their cells
    repeatedly). If the pair does not fit on the page, it falls apart into the main
    flowables followed by the aside ones, which then split normally.
    """

    def __init__(
        self, main: list[Flowable], aside: list[Flowable], aside_width: float, gap: float
    ) -> None:
        super().__init__()
        self.main, self.aside = main, aside
        self.aside_width, self.gap = aside_width, gap

    @staticmethod
    def _layout(
        canv: Canvas, flowables: list[Flowable], width: float, height: float
    ) -> tuple[float, list[tuple[Flowable, float, float]]]:
        """Total height and, per flowable, its (width, offset of its bottom from the top)."""
        placed = []
        top = 0.0
        for index, flowable in enumerate(flowables):
            if index:
                top += flowable.getSpaceBefore()
            used_width, used_height = flowable.wrapOn(canv, width, height)
            top += used_height
            placed.append((flowable, used_width, top))
            if index < len(flowables) - 1:
                top += flowable.getSpaceAfter()
        return top, placed

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        main_width = available_width - self.aside_width - self.gap
        main_height, self._main = self._layout(self.canv, self.main, main_width, 1e6)
        aside_height, self._aside = self._layout(self.canv, self.aside, self.aside_width, 1e6)
        self._main_width = main_width
        self.width, self.height = available_width, max(main_height, aside_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.main[0].getSpaceBefore() if self.main else 0.0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # Like KeepTogether: a block that fits on a fresh page moves there whole.
        if self.height <= MAX_UNSPLIT_HEIGHT:
            return []
        return [*self.main, *self.aside]

    def draw(self) -> None:
        for flowable, _, bottom in self._main:
            flowable.drawOn(self.canv, 0, self.height - bottom)
        left = self._main_width + self.gap
        for flowable, used_width, bottom in self._aside:
            # Centre each aside flowable in its column.
            flowable.drawOn(
                self.canv, left + (self.aside_width - used_width) / 2, self.height - bottom
            )


@lru_cache(maxsize=1024)
def _qr_operators(data: str, size: float, border: int = 1) -> str:
    """PDF operators that paint the QR code for ``data`` in a ``size`` square at the origin.

    ReportLab's QR widget does the encoding (error correction M). Drawing it through the
    widget builds a validated shape for every run of dark modules and formats every number
    through ReportLab's pure-Python float formatter, which cost more than the rest of the
    PDF; here each row's runs become rectangles of one filled path, formatted once and
    cached (plans point to a small set of guidance pages).
    """
    widget = QrCodeWidget(data, barLevel="M")
    widget.qr.make()
    modules = widget.qr.modules
    count = len(modules)
    box = size / (count + 2 * border)
    # Work in module units (one unit = one module, origin at the bottom-left module) so
    # every rectangle is a handful of small integers; a run of dark modules continued by
    # the same run on the following rows becomes one taller rectangle.
    rects = []
    open_runs: dict[tuple[int, int], int] = {}  # (column, length) -> first row
    for row_number, row in enumerate([*modules, [False] * count]):
        runs = set()
        column = 0
        for dark, run in itertools.groupby(bool(module) for module in row):
            length = sum(1 for _ in run)
            if dark:
                runs.add((column, length))
            column += length
        for run_key in [key for key in open_runs if key not in runs]:
            first = open_runs.pop(run_key)
            height = row_number - first
            rects.append(f"{run_key[0]} {count - row_number} {run_key[1]} {height} re")
        for run_key in runs:
            open_runs.setdefault(run_key, row_number)
    offset = border * box
    return f"q {box:.4f} 0 0 {box:.4f} {offset:.4f} {offset:.4f} cm 0 g {' '.join(rects)} f Q"


def _break_url(url: str, font: str, size: float, width: float) -> list[str]:
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


class _QrCode(Flowable):
    """A clickable QR code with a caption and the URL printed under it.

    Drawn straight on the canvas: as a widget plus two paragraphs (one of them a long URL
    that has to be split inside words) the QR block cost more than the rest of an action.
    """

    text_size = 7
    leading = 8.6

    def __init__(self, target: str, shown: str, caption: str, size: float, width: float) -> None:
        super().__init__()
        self.target, self.size, self.width = target, size, width
        self.caption = _wrap_label(_plain(caption), FONT_REGULAR, self.text_size, width)
        self.url_lines = _break_url(_plain(shown), FONT_REGULAR, self.text_size, width)
        lines = len(self.caption) + len(self.url_lines)
        self.height = size + 3 + lines * self.leading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, top = (self.width - self.size) / 2, self.height
        canvas.saveState()
        canvas.translate(left, top - self.size)
        canvas.addLiteral(_qr_operators(self.target, self.size))
        canvas.restoreState()
        canvas.linkURL(self.target, (left, top - self.size, left + self.size, top), relative=1)

        y = top - self.size - 3 - self.text_size
        canvas.setFont(FONT_REGULAR, self.text_size)
        canvas.setFillColor(MUTED)
        for line in self.caption:
            canvas.drawCentredString(self.width / 2, y, line)
            y -= self.leading
        url_top = y + self.text_size
        canvas.setFillColor(ACCENT)
        for line in self.url_lines:
            canvas.drawCentredString(self.width / 2, y, line)
            y -= self.leading
        canvas.linkURL(self.target, (0, y + self.leading - 2, self.width, url_top), relative=1)


def _qr_block(url: str, labels: dict[str, Any]) -> list[Flowable]:
    target = _link_target(url)
    if target is None or not target.lower().startswith(("http://", "https://")):
        return []
    return [_QrCode(target, url.strip(), labels["scan_qr"], QR_SIZE, QR_SIZE + 10 * mm)]


def _action_details(
    groups: list[tuple[str, list[PlanAction]]],
    labels: dict[str, Any],
    st: dict[str, ParagraphStyle],
) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        Spacer(1, 4 * mm),
        Paragraph(labels["details_heading"], st["h1"]),
    ]
    number = 0
    for horizon, actions in groups:
        for action in actions:
            number += 1
            heading = f"{number}. {_esc(action.title)}"
            if action.quick_win:
                heading += "  " + _quick_win_tag(labels)
            facts = [
                (labels["meta_dimension"], action.dimension_name),
                (labels["meta_horizon"], _horizon_label(horizon, labels)),
                (labels["meta_priority"], _band(labels["priorities"], action.priority)),
                (labels["meta_effort"], _band(labels["efforts"], action.effort)),
                (labels["meta_cost"], _band(labels["costs"], action.cost)),
            ]
            meta = " · ".join(f"{label}: {_esc(value)}" for label, value in facts)
            text: list[Flowable] = [Paragraph(heading, st["h2"]), Paragraph(meta, st["muted"])]
            for part in _plain(action.explanation).split("\n\n"):
                if part.strip():
                    text.append(Paragraph(_esc(part.strip()), st["body"]))
            if action.links:
                text.append(Paragraph(f"<b>{labels['links_heading']}</b>", st["small"]))
                for link in action.links:
                    text.append(
                        Paragraph(
                            f"{_link(link.url, link.title or link.url)}"
                            f'<br/><font size="7.5" color="#5b6660">{_esc(link.url)}</font>',
                            st["link"],
                            bulletText="•",
                        )
                    )
            qr = _qr_block(action.guidance_url, labels)
            if qr:
                # One flowable per action: cheaper than KeepTogether, which wraps twice.
                story.append(_Aside(text, qr, aside_width=QR_SIZE + 10 * mm, gap=6 * mm))
            else:
                story.append(KeepTogether(text))
    return story


def _actions(document: PlanDocument, labels: dict[str, Any], st: dict[str, ParagraphStyle]) -> list:
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(labels["actions_heading"], st["h1"]),
    ]
    if not document.actions:
        story.append(Paragraph(labels["no_actions"], st["body"]))
        return story
    groups = _grouped(document.actions)
    story += [
        Paragraph(labels["actions_intro"], st["body"]),
        Spacer(1, 2 * mm),
        _action_table(groups, labels, st),
    ]
    story += _action_details(groups, labels, st)
    return story


def _contact(document: PlanDocument, labels: dict[str, Any], st: dict[str, ParagraphStyle]) -> list:
    contact = document.contact
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(labels["contact_heading"], st["h1"]),
        Paragraph(labels["contact_intro"], st["body"]),
        Spacer(1, 4 * mm),
    ]
    if contact.name.strip():
        story.append(Paragraph(_esc(contact.name), st["contact_name"]))
    email_target = f"mailto:{contact.email.strip()}" if contact.email.strip() else ""
    facts = [
        (labels["contact_address"], _esc(contact.address)),
        (labels["contact_phone"], _esc(contact.phone)),
        (labels["contact_email"], _link(email_target, contact.email) if email_target else ""),
        (labels["contact_hours"], _esc(contact.opening_hours)),
        (labels["contact_website"], _link(contact.website) if contact.website.strip() else ""),
    ]
    rows = [[label, Paragraph(value, st["body"])] for label, value in facts if value.strip()]
    if rows:
        table = Table(rows, colWidths=[40 * mm, CONTENT_WIDTH - 40 * mm], hAlign="LEFT")
        table.setStyle(
            _table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ]
            )
        )
        story.append(table)
    return story


# --------------------------------------------------------------------------- entry point


def clear_caches() -> None:
    """Forget cached QR codes and chart label layouts (for benchmarks and tests).

    A worker keeps them for its lifetime: plans point to a small set of guidance pages
    and dimension names, and encoding a QR code is the most expensive step of a plan.
    """
    _qr_operators.cache_clear()
    _wrap_label.cache_clear()


def render_plan_pdf(document: PlanDocument) -> bytes:
    """Render ``document`` as an A4 portrait PDF in ``document.language`` and return its bytes.

    Pure: reads nothing but the document and the fonts shipped beside this module. Unknown
    languages fall back to Vietnamese labels.
    """
    register_fonts()
    labels = _labels(document.language)
    st = _styles()

    story: list[Flowable] = []
    story += _cover(document, labels, st)
    story += _results(document, labels, st)
    story += _actions(document, labels, st)
    story += _contact(document, labels, st)

    title = f"{labels['short_title']} – {_plain(document.organisation_name)}".replace("\n", " ")
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X - FRAME_PADDING,
        rightMargin=MARGIN_X - FRAME_PADDING,
        topMargin=MARGIN_TOP - FRAME_PADDING,
        bottomMargin=MARGIN_BOTTOM - FRAME_PADDING,
        title=title,
        author=_plain(document.contact.name),
        subject=_plain(labels["subject"]),
        creator=_plain(labels["creator"]),
        lang=labels["lang"],
        displayDocTitle=True,
        initialFontName=FONT_REGULAR,
        initialFontSize=9.5,
    )
    decorate = _decorator(document, labels)
    template.build(
        story,
        canvasmaker=lambda *args, **kwargs: _PlanCanvas(*args, decorate=decorate, **kwargs),
    )
    return buffer.getvalue()
