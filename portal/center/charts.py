"""Server-rendered SVG bar charts for the dashboard, in the style of assessment/charts.py.

Bars are numbered, not named (long Vietnamese names do not fit beside a bar on a phone);
the table beside each chart carries the same numbers with the names and the figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape

from assessment.scoring import display_score


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    maximum: float = 100,
    width: int = 340,
    bar: int = 18,
    gap: int = 8,
    first_number: int = 1,
) -> str:
    """Horizontal bars, one per row; a row without a value (hidden group) gets no bar.

    Bars are numbered from ``first_number`` (0 for the levels 0–5, so bar and table agree).
    """
    if not rows:
        return ""
    left, right, top = 26, 40, 6
    inner = width - left - right
    height = top * 2 + len(rows) * (bar + gap)
    scale = maximum if maximum > 0 else 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="bar-chart" role="img"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar + gap)
        parts.append(
            f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end" class="chart-axis">'
            f"<title>{escape(label)}</title>{index + first_number}</text>"
            f'<rect x="{left}" y="{y}" width="{inner}" height="{bar}" class="bar-track"/>'
        )
        if value is None:
            continue
        length = round(inner * max(0.0, min(float(value), scale)) / scale, 1)
        shown = display_score(value) if maximum == 100 else int(value)
        parts.append(
            f'<rect x="{left}" y="{y}" width="{length}" height="{bar}" class="bar"/>'
            f'<text x="{left + length + 4}" y="{y + bar - 4}" class="chart-value">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
