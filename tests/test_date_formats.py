"""One date format, 30/11/2026, in both languages: templates, charts and the PDF (#12)."""

from __future__ import annotations

import datetime

import pytest

from django.template import Context, Template
from django.utils import translation

from assessment.charts import line_chart
from recommendations.labels import plan_labels
from recommendations.pdf.labels import Labels
from recommendations.pdf.text import format_date

DAY = datetime.date(2026, 11, 30)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_templates_show_every_date_format_as_day_month_year(language):
    moment = datetime.datetime(2026, 11, 30, 14, 5)
    template = Template(
        "{{ day }}|{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|"
        "{{ moment|date:'SHORT_DATETIME_FORMAT' }}|{{ moment|date:'DATETIME_FORMAT' }}"
    )
    with translation.override(language):
        shown = template.render(Context({"day": DAY, "moment": moment}))
    assert shown == "30/11/2026|30/11/2026|30/11/2026|30/11/2026 14:05|30/11/2026 14:05"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pdf_prints_the_same_format(language):
    assert format_date(DAY, plan_labels(language)) == "30/11/2026"
    assert format_date(datetime.date(2027, 1, 5), Labels()) == "05/01/2027"


def test_the_progress_chart_labels_points_with_the_whole_date():
    chart = line_chart([("30/11/2026", 40.0), ("28/02/2027", 62.0)], title="t")
    assert ">30/11/2026</text>" in chart
    assert ">28/02/2027</text>" in chart


def test_a_long_history_labels_only_as_many_dates_as_fit():
    points = [(f"{day:02d}/01/2027", 50.0) for day in range(1, 21)]
    chart = line_chart(points, title="t")
    shown = [label for label, _ in points if f">{label}</text>" in chart]
    assert shown[0] == "01/01/2027"
    assert shown[-1] == "20/01/2027"
    assert 2 < len(shown) < 8


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_field_still_gives_the_browser_an_iso_date(language):
    from django import forms

    class Form(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override(language):
        assert 'value="2026-11-30"' in str(Form(initial={"day": DAY})["day"])
        assert Form({"day": "30/11/2026"}).is_valid()
