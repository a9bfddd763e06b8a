"""Server-rendered SVG charts: no JavaScript, readable by screen readers via a table beside them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape

from .scoring import display_score


def radar_chart(values: Sequence[tuple[str, float | None]], *, title: str, size: int = 320) -> str:
    """A radar (spider) chart of 0–100 scores, one spoke per label, as an SVG string."""
    count = len(values)
    if count < 3:
        return ""
    centre = size / 2
    radius = size / 2 - 34

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return (
            round(centre + radius * fraction * math.cos(angle), 1),
            round(centre + radius * fraction * math.sin(angle), 1),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'class="radar" role="img" aria-labelledby="radar-title">',
        f'<title id="radar-title">{escape(title)}</title>',
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = " ".join(f"{x},{y}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" class="radar-ring"/>')
    for index, (label, _score) in enumerate(values):
        x, y = point(index, 1.0)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{x}" y2="{y}" class="radar-spoke"/>')
        # Spokes are numbered, not named: long Vietnamese names do not fit a phone
        # screen around a circle. The table beside the chart lists the same numbers.
        lx, ly = point(index, 1.16)
        parts.append(
            f'<text x="{lx}" y="{ly + 5}" text-anchor="middle" class="radar-label">'
            f"<title>{escape(label)}</title>{index + 1}</text>"
        )
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
