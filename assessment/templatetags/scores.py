"""``{{ value|score }}``: a score as the whole number shown everywhere (see scoring)."""

from __future__ import annotations

from django import template

from assessment.scoring import display_score

register = template.Library()


@register.filter
def score(value) -> int | str:
    """62.5 → 63; an empty value stays empty."""
    if value is None or value == "":
        return ""
    return display_score(float(value))
