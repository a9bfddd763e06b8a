"""One rounding rule for a score wherever it is shown: half rounds up (62.5 → 63)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from assessment.charts import line_chart
from portal.workspace.services import score_change_words


def test_the_template_filter_the_chart_and_the_change_words_agree_on_62_5():
    shown = Template("{% load scores %}{{ value|score }}").render(Context({"value": 62.5}))
    chart = line_chart([("2026-01-01", 40.0), ("2026-06-01", 62.5)], title="t")
    with translation.override("en"):
        words = score_change_words(62.5, 40.0)

    assert shown == "63"
    assert ">63</text>" in chart
    assert words == "up 23 points"  # 63 - 40, the numbers people see


def test_a_change_smaller_than_what_is_shown_is_unchanged():
    with translation.override("en"):
        assert score_change_words(60.4, 60.0) == "unchanged"
        assert score_change_words(None, 60.0) == "not scored this time"
        assert score_change_words(55.0, None) == "first score"
        assert score_change_words(50.0, 55.5) == "down 6 points"
