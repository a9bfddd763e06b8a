"""Custom flowables: a paragraph that wraps once, a block with a narrow column beside it, and
a clickable QR code."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from .qr import qr_operators
from .text import break_url, plain, wrap_words
from .theme import ACCENT, FONT_REGULAR, MAX_UNSPLIT_HEIGHT, MUTED

# Parsed markup by (text, style, bullet, case sensitivity): plans repeat their labels,
# headings and the actions of a finite set of rules, and parsing the markup is a tenth of
# a plan's time. Bounded; emptied by ``clear_caches``.
_PARSED: dict[tuple, tuple] = {}
_PARSED_LIMIT = 4096


def clear_caches() -> None:
    """Forget the parsed paragraphs (see ``render.clear_caches``)."""
    _PARSED.clear()


class Para(Paragraph):
    """A paragraph that parses its markup once per process and keeps its line breaking
    while the width stays the same.

    Tables wrap every cell twice (to size the rows, then again to draw them) and frames
    re-wrap blocks they try on a page; breaking the lines again is the costliest part of
    text layout. A paragraph's lines depend only on the width.
    """

    _wrapped: tuple[float, object] | None = None  # (width, the line breaking for it)

    def _setup(
        self,
        text: str,
        style: ParagraphStyle,
        bulletText: object,
        frags: list | None,
        cleaner: Callable[[str], str],
    ) -> None:
        # The parse only reads its arguments, and ReportLab's line breaking works on copies
        # of the fragments, so paragraphs of the same text and style can share them (a plan
        # comes out byte for byte the same from a cold and a warm cache: test_pdf.py).
        if frags is not None or not isinstance(bulletText, str | None):
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, style, bulletText, self.caseSensitive)
        parsed = _PARSED.get(key)
        if parsed is None:
            super()._setup(text, style, bulletText, None, cleaner)
            if len(_PARSED) < _PARSED_LIMIT:
                _PARSED[key] = (self.text, self.frags, self.style, self.bulletText)
            return
        self.text, self.frags, self.style, self.bulletText = parsed
        self.debug = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # Split parts may share this one's attributes but not its lines: check both.
        if (
            self._wrapped is not None
            and self._wrapped[0] == available_width
            and self._wrapped[1] is self.__dict__.get("blPara")
        ):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        if size[1] != 0x7FFFFFFF:  # "does not fit at all" is not worth remembering
            self._wrapped = (available_width, self.blPara)
        return size


class Aside(Flowable):
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
        parts = [*self.main, *self.aside]
        # The page places the first part unsplit: when not even that fits in the room
        # left, the block starts on the next page (reportlab's LayoutError otherwise).
        first = parts[0]
        _, first_height = first.wrapOn(self.canv, available_width, available_height)
        if first_height + first.getSpaceBefore() > available_height:
            return []
        return parts

    def draw(self) -> None:
        for flowable, _, bottom in self._main:
            flowable.drawOn(self.canv, 0, self.height - bottom)
        left = self._main_width + self.gap
        for flowable, used_width, bottom in self._aside:
            # Centre each aside flowable in its column.
            flowable.drawOn(
                self.canv, left + (self.aside_width - used_width) / 2, self.height - bottom
            )


class QrCode(Flowable):
    """A clickable QR code with a caption and the URL printed under it.

    Drawn straight on the canvas: as a widget plus two paragraphs (one of them a long URL
    that has to be split inside words) the QR block cost more than the rest of an action.
    """

    text_size = 7
    leading = 8.6

    def __init__(self, target: str, shown: str, caption: str, size: float, width: float) -> None:
        super().__init__()
        self.target, self.size, self.width = target, size, width
        self.caption = wrap_words(plain(caption), FONT_REGULAR, self.text_size, width)
        self.url_lines = break_url(plain(shown), FONT_REGULAR, self.text_size, width)
        lines = len(self.caption) + len(self.url_lines)
        self.height = size + 3 + lines * self.leading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, top = (self.width - self.size) / 2, self.height
        canvas.saveState()
        canvas.translate(left, top - self.size)
        canvas.addLiteral(qr_operators(self.target, self.size))
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


class TickBox(Flowable):
    """An empty square to tick by hand on the printed plan."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(MUTED)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class Bookmark(Flowable):
    """An entry of the PDF's outline (the bookmarks a reader shows) pointing at this spot.

    Takes no room. ``level`` 0 is a section, 1 an entry inside the section before it.
    """

    _count = 0

    def __init__(self, title: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.level = plain(title), level
        Bookmark._count += 1
        self.key = f"outline-{Bookmark._count}"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key, fit="XYZ", top=None, left=None, zoom=None)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level == 0)
