"""The radar (spider) chart of the dimension scores on the results page.

Drawn from reportlab.graphics shapes rather than ``charts.spider.SpiderChart``: the chart
widget validates every attribute of a property object per data point, which made it cost as
much as a page of text; it also scales to the largest value, where a plan needs a fixed
0–100 scale. Labels wrap and are anchored away from the web on every side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import shapes
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from .document import DimensionRow
from .labels import Labels
from .text import one_line, plain, score_text, wrap_words
from .theme import ACCENT, CONTENT_WIDTH, FONT_BOLD, FONT_REGULAR, GRID, MUTED, TEXT

RING_LEVELS = (20, 40, 60, 80, 100)
HEIGHT = 112 * mm
RADIUS = 34 * mm
LABEL_SIZE, LABEL_LEADING, LABEL_GAP = 7.5, 9.2, 7
LABEL_WIDTH = 38 * mm


@dataclass(frozen=True)
class _Web:
    """Where the chart sits: its centre, radius and the angle of each spoke."""

    cx: float
    cy: float
    radius: float
    angles: tuple[float, ...]

    def points(self, values: Sequence[float]) -> list[float]:
        """Flat x, y list of the points at ``values`` (0–100) along the spokes."""
        flat: list[float] = []
        for value, angle in zip(values, self.angles, strict=True):
            flat += [self.cx + self.radius * value / 100 * math.cos(angle)]
            flat += [self.cy + self.radius * value / 100 * math.sin(angle)]
        return flat


def _clamp_score(value: float | None) -> float:
    if value is None or math.isnan(float(value)):
        return 0.0
    return min(max(float(value), 0.0), 100.0)


def _grid(web: _Web) -> shapes.Path:
    """Rings and spokes as one path: one node for the renderer instead of 13."""
    n = len(web.angles)
    path = shapes.Path(strokeColor=GRID, strokeWidth=0.5, fillColor=None)
    ring: list[float] = []
    for level in RING_LEVELS:
        ring = web.points([level] * n)
        path.moveTo(ring[0], ring[1])
        for index in range(1, n):
            path.lineTo(ring[2 * index], ring[2 * index + 1])
        path.closePath()
    for index in range(n):
        path.moveTo(web.cx, web.cy)
        path.lineTo(ring[2 * index], ring[2 * index + 1])
    return path


def _scores(web: _Web, rows: Sequence[DimensionRow], show_peers: bool) -> list[shapes.Shape]:
    """The peers' polygon (dashed), the organisation's (filled) and its points."""
    drawn: list[shapes.Shape] = []
    if show_peers:
        drawn.append(
            Polygon(
                web.points([_clamp_score(row.peer_median) for row in rows]),
                strokeColor=MUTED,
                strokeWidth=1,
                strokeDashArray=(3, 2),
                fillColor=None,
            )
        )
    own = web.points([_clamp_score(row.score) for row in rows])
    drawn.append(
        Polygon(
            own,
            strokeColor=ACCENT,
            strokeWidth=1.6,
            fillColor=colors.Color(ACCENT.red, ACCENT.green, ACCENT.blue, alpha=0.15),
        )
    )
    drawn += [
        Circle(own[2 * index], own[2 * index + 1], 2, fillColor=ACCENT, strokeColor=None)
        for index in range(len(rows))
    ]
    return drawn


def _ring_values(web: _Web) -> list[String]:
    """Ring values, just right of the first (top) spoke."""
    return [
        String(
            web.cx + 2,
            web.cy + web.radius * level / 100 - 7,
            str(level),
            fontName=FONT_REGULAR,
            fontSize=6,
            fillColor=MUTED,
        )
        for level in RING_LEVELS
    ]


def _spoke_label(web: _Web, angle: float, row: DimensionRow) -> list[String]:
    """A dimension's name (wrapped) and score in bold, anchored away from the web."""
    cos, sin = math.cos(angle), math.sin(angle)
    x = web.cx + (web.radius + LABEL_GAP) * cos
    y = web.cy + (web.radius + LABEL_GAP) * sin
    anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
    lines = [
        (line, FONT_REGULAR, TEXT)
        for line in wrap_words(one_line(row.name), FONT_REGULAR, LABEL_SIZE, LABEL_WIDTH)
    ]
    lines.append((score_text(row.score), FONT_BOLD, ACCENT))
    block = len(lines) * LABEL_LEADING
    if sin > 0.2:
        first = y + block - LABEL_SIZE
    elif sin < -0.2:
        first = y - LABEL_SIZE
    else:
        first = y + block / 2 - LABEL_SIZE
    return [
        String(
            x,
            first - number * LABEL_LEADING,
            text,
            fontName=font,
            fontSize=LABEL_SIZE,
            fillColor=colour,
            textAnchor=anchor,
        )
        for number, (text, font, colour) in enumerate(lines)
    ]


def _legend(width: float, labels: Labels, show_peers: bool) -> list[shapes.Shape]:
    """The legend, centred under the chart."""
    entries: list[tuple[str, colors.Color, tuple[int, int] | None]] = [
        (plain(labels.legend_you), ACCENT, None)
    ]
    if show_peers:
        entries.append((plain(labels.legend_peer), MUTED, (3, 2)))
    widths = [14 + 4 + pdfmetrics.stringWidth(text, FONT_REGULAR, 8) for text, _, _ in entries]
    x = (width - sum(widths) - 16 * (len(entries) - 1)) / 2
    y = 2 * mm
    drawn: list[shapes.Shape] = []
    for (text, colour, dash), entry_width in zip(entries, widths, strict=True):
        drawn.append(
            Line(x, y + 3, x + 14, y + 3, strokeColor=colour, strokeWidth=1.6, strokeDashArray=dash)
        )
        drawn.append(String(x + 18, y, text, fontName=FONT_REGULAR, fontSize=8, fillColor=TEXT))
        x += entry_width + 16
    return drawn


def drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in our font (its default would pull in Helvetica)."""
    return Drawing(width, height, initialFontName=FONT_REGULAR, initialFontSize=8)


def radar(rows: Sequence[DimensionRow], labels: Labels, show_peers: bool) -> Drawing | None:
    """A radar chart of the dimension scores, 0–100 (None with fewer than 3 dimensions)."""
    n = len(rows)
    if n < 3:
        return None
    width = CONTENT_WIDTH
    web = _Web(
        cx=width / 2,
        cy=HEIGHT / 2 + 4 * mm,
        radius=RADIUS,
        angles=tuple(math.radians(90 - 360 * index / n) for index in range(n)),
    )
    chart = drawing(width, HEIGHT)
    chart.add(_grid(web))
    for shape in _scores(web, rows, show_peers):
        chart.add(shape)
    for shape in _ring_values(web):
        chart.add(shape)
    for angle, row in zip(web.angles, rows, strict=True):
        for shape in _spoke_label(web, angle, row):
            chart.add(shape)
    for shape in _legend(width, labels, show_peers):
        chart.add(shape)
    return chart
