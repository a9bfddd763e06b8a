"""Draw an action plan as an A4 PDF with ReportLab: the entry point and the page furniture.

:func:`render_plan_pdf` is a pure function: a :class:`~recommendations.pdf.document.PlanDocument`
in, PDF bytes out. It never touches the database, a request or a task, and needs no Django
settings, so it can be tested and benchmarked on its own. Its parts:

* :mod:`.theme` – fonts, colours, page geometry, paragraph and table styles;
* :mod:`.text` – NFC, escaping, drawable characters, URLs, scores and dates;
* :mod:`.labels` – the fixed words, which come with the document (``document.labels``);
* :mod:`.sections` – cover, results, action table and details, contact page;
* :mod:`.chart` – the radar chart; :mod:`.flowables` and :mod:`.qr` – the QR blocks.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from . import flowables, qr, text, theme
from .document import PlanDocument
from .labels import Labels
from .sections import actions, contact, cover, results
from .text import fit, one_line, plain
from .theme import (
    ACCENT,
    CONTENT_WIDTH,
    FONT_BOLD,
    FONT_REGULAR,
    FRAME_PADDING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    register_fonts,
    styles,
)

__all__ = [
    "FONT_BOLD",
    "FONT_REGULAR",
    "clear_caches",
    "register_fonts",
    "render_plan_pdf",
]


class _PlanCanvas(Canvas):
    """A canvas that holds pages back until the end, so every page can say "X of Y".

    Page streams are only Flate-compressed: ReportLab's default also wraps them in ASCII85
    (a 7-bit-safe text encoding no PDF reader needs), which costs a pure-Python pass over
    every stream and makes them a quarter larger.
    """

    def __init__(
        self, *args: Any, decorate: Callable[[Canvas, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._decorate = decorate

    _page_bookmarks: list[tuple[str, dict[str, Any]]]

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:
        # A bookmark points at the page the document is on when it is made, and pages are
        # only handed to the document in save(): remember it with its page until then.
        self.__dict__.setdefault("_page_bookmarks", []).append((key, kwargs))

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            for key, kwargs in state.get("_page_bookmarks", ()):
                super().bookmarkPage(key, **kwargs)
            super().showPage()
        for page in self._doc.Pages.pages:
            # What PDFPage.check_format would build, minus the ASCII85 filter.
            if page.compression and page.stream and not page.Contents:
                contents = pdfdoc.PDFStream(content=page.stream, filters=[pdfdoc.PDFZCompress])
                contents.__Comment__ = "page stream"
                page.Contents = contents
        super().save()


def _decorator(document: PlanDocument, labels: Labels) -> Callable[[Canvas, int, int], None]:
    """Draws the header and footer: a coloured band on the cover, running heads after it."""
    short_title = one_line(labels.short_title)
    page_label = one_line(labels.page)
    organisation = one_line(document.organisation_name)
    centre = one_line(document.contact.name)

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
                fit(centre or short_title, FONT_BOLD, 9.5, CONTENT_WIDTH),
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
                PAGE_WIDTH - MARGIN_X, top, fit(organisation, FONT_REGULAR, 8.5, room)
            )
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)

            bottom = 11 * mm
            canvas.line(MARGIN_X, bottom + 4.5 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4.5 * mm)
            number = page_label.format(page=page, total=total)
            canvas.setFont(FONT_REGULAR, 8)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, number)
            room = CONTENT_WIDTH - pdfmetrics.stringWidth(number, FONT_REGULAR, 8) - 12 * mm
            canvas.drawString(MARGIN_X, bottom, fit(centre, FONT_REGULAR, 8, room))
        canvas.restoreState()

    return decorate


def clear_caches() -> None:
    """Forget everything the renderer caches between plans (for benchmarks and tests).

    A worker keeps these for its lifetime: encoded QR codes (plans point to a small set of
    guidance pages), wrapped chart labels, the fonts' character set and the styles. Only
    the font registration itself stays.
    """
    qr.clear_caches()
    text.clear_caches()
    flowables.clear_caches()
    theme.styles.cache_clear()


def render_plan_pdf(document: PlanDocument) -> bytes:
    """Render ``document`` as an A4 portrait PDF and return its bytes.

    Pure: reads nothing but the document (whose ``labels`` give every fixed word) and the
    fonts shipped beside this module.
    """
    register_fonts()
    labels = document.labels
    st = styles()

    story: list[Flowable] = []
    story += cover(document, labels, st)
    story += results(document, labels, st)
    story += actions(document, labels, st)
    story += contact(document, labels, st)

    title = f"{one_line(labels.short_title)} – {one_line(document.organisation_name)}"
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X - FRAME_PADDING,
        rightMargin=MARGIN_X - FRAME_PADDING,
        topMargin=MARGIN_TOP - FRAME_PADDING,
        bottomMargin=MARGIN_BOTTOM - FRAME_PADDING,
        title=title,
        author=plain(document.contact.name),
        subject=plain(labels.subject),
        creator=plain(labels.creator),
        lang=labels.language_tag,
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
