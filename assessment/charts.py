"""Server-rendered SVG charts: no JavaScript, readable by screen readers via a table beside them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape

from .scoring import display_score

#: Longest line of a radar label, in characters: long Vietnamese dimension names wrap onto
#: up to ``RADAR_LABEL_LINES`` lines so they fit beside the circle on a 360 px phone.
RADAR_LABEL_WIDTH = 15
RADAR_LABEL_LINES = 4


def wrap_label(
    text: str, width: int = RADAR_LABEL_WIDTH, lines: int = RADAR_LABEL_LINES
) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words.

    A word longer than ``width`` gets a line of its own; past ``lines`` lines the last one
    ends with an ellipsis (the full name is in the SVG title and the table beside the chart).
    """
    result: list[str] = []
    for word in text.split():
        if result and len(result[-1]) + 1 + len(word) <= width:
            result[-1] += " " + word
        else:
            result.append(word)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = result[-1].rstrip(".,;:") + "…"
    return result


def radar_chart(
    values: Sequence[tuple[str, float | None]],
    *,
    title: str,
    width: int = 440,
    height: int = 420,
    not_applicable: str = "–",
) -> str:
    """A radar (spider) chart of 0–100 scores as an SVG string.

    Each spoke is labelled with its dimension's name and score; a ``None`` score (every
    answer "not applicable") prints ``not_applicable`` and sits at the centre.
    """
    count = len(values)
    if count < 3:
        return ""
    cx, cy = width / 2, height / 2
    radius = 88
    line_height = 16

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return (
            round(cx + radius * fraction * math.cos(angle), 1),
            round(cy + radius * fraction * math.sin(angle), 1),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="radar" role="img" aria-labelledby="radar-title">',
        f'<title id="radar-title">{escape(title)}</title>',
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = " ".join(f"{x},{y}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" class="radar-ring"/>')
    for index, (label, score) in enumerate(values):
        x, y = point(index, 1.0)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" class="radar-spoke"/>')
        parts.append(_radar_label(index, count, label, score, point, line_height, not_applicable))
    shape = " ".join(
        f"{x},{y}"
        for x, y in (
            point(i, max(0.0, min(100.0, score or 0.0)) / 100)
            for i, (_l, score) in enumerate(values)
        )
    )
    parts.append(f'<polygon points="{shape}" class="radar-shape"/>')
    parts.append("</svg>")
    return "".join(parts)


def _radar_label(index, count, label, score, point, line_height, not_applicable) -> str:
    """The name (wrapped) and the score of one spoke, placed outside the circle."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = point(index, 1.08)
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    lines = wrap_label(label)
    value = display_score(score) if score is not None else not_applicable
    rows = len(lines) + 1
    if sin < -0.3:  # above the circle: the block ends at the spoke
        first = y - (rows - 1) * line_height - 4
    elif sin > 0.3:  # below: the block starts under the spoke
        first = y + line_height
    else:  # beside: centred on the spoke
        first = y - (rows - 1) * line_height / 2 + 5
    spans = [
        f'<tspan x="{x}" y="{round(first + i * line_height, 1)}">{escape(text)}</tspan>'
        for i, text in enumerate(lines)
    ]
    spans.append(
        f'<tspan x="{x}" y="{round(first + len(lines) * line_height, 1)}" '
        f'class="radar-value">{escape(value)}</tspan>'
    )
    return (
        f'<text text-anchor="{anchor}" class="radar-label">'
        f"<title>{escape(label)}</title>{''.join(spans)}</text>"
    )


def line_chart(
    points: Sequence[tuple[str, float]], *, title: str, width: int = 340, height: int = 200
) -> str:
    """Scores (0–100) over time as an SVG line with labelled points; a table sits beside it."""
    if not points:
        return ""
    left, right, top, bottom = 34, 32, 14, 34  # room for a date label at either end
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(1, len(points) - 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        x = left + (step * index if len(points) > 1 else inner_w / 2)
        y = top + inner_h * (1 - max(0.0, min(100.0, value)) / 100)
        return round(x, 1), round(y, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="line-chart" role="img" aria-labelledby="line-title">'
        f'<title id="line-title">{escape(title)}</title>'
    ]
    for grid in (0, 25, 50, 75, 100):
        _x, y = xy(0, grid)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" class="chart-grid"/>'
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" class="chart-axis">{grid}</text>'
        )
    coords = [xy(i, value) for i, (_label, value) in enumerate(points)]
    parts.append(
        '<polyline class="chart-line" points="' + " ".join(f"{x},{y}" for x, y in coords) + '"/>'
    )
    # The labels are dates as shown everywhere (30/11/2026, about 60 units wide): with many
    # points, every n-th one is labelled (and the last), so that they never overlap.
    every = max(1, math.ceil(64 / step)) if len(points) > 1 else 1
    last = len(points) - 1
    for index, ((x, y), (label, value)) in enumerate(zip(coords, points, strict=True)):
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="4" class="chart-point"/>'
            f'<text x="{x}" y="{y - 8}" text-anchor="middle" class="chart-value">'
            f"{display_score(value)}</text>"
        )
        if index == last or (index % every == 0 and last - index >= every):
            parts.append(
                f'<text x="{x}" y="{height - 12}" text-anchor="middle" class="chart-axis">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
