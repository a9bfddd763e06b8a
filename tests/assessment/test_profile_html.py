"""The profile page's drop-downs and radio buttons are written in Python
(assessment.forms.PlainSelect, PlainRadioSelect) because Django's widget templates were
a third of the page's time (#16): the markup must stay exactly what Django's own
widgets write, with a choice made, an error shown and a help text described."""

from __future__ import annotations

import re

import pytest

from django import forms
from django.forms.boundfield import BoundWidget

from assessment.forms import PlainRadioSelect, PlainSelect
from tests.assessment.test_flow import default_questionnaire, profile_data, start

pytestmark = pytest.mark.django_db
__all__ = ["default_questionnaire"]  # the fixture, imported for pytest


def django_select(bound: forms.BoundField) -> str:
    own = bound.field.widget
    return bound.as_widget(widget=forms.Select(attrs=own.attrs, choices=own.choices))


def django_radio_tags(bound: forms.BoundField) -> list[str]:
    own = bound.field.widget
    widget = forms.RadioSelect(attrs=own.attrs, choices=own.choices)
    attrs = bound.build_widget_attrs({"id": own.attrs.get("id") or bound.auto_id})
    return [
        BoundWidget(widget, data, bound.form.renderer).tag()
        for data in widget.subwidgets(bound.html_name, bound.value(), attrs=attrs)
    ]


def assert_same_markup(form: forms.Form) -> set[str]:
    checked = set()
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, PlainSelect):
            assert str(bound) == django_select(bound), bound.name
            checked.add(bound.name)
        elif isinstance(widget, PlainRadioSelect):
            assert [option.tag() for option in bound] == django_radio_tags(bound), bound.name
            checked.add(bound.name)
    return checked


def test_the_profile_choices_are_written_as_django_writes_them(client, default_questionnaire):
    assessment = start(client)
    url = f"/vi/assessment/{assessment.token}/profile/"
    blank = client.get(url)
    assert assert_same_markup(blank.context["form"]) == {
        "kind",
        "sector",
        "administrative_unit",
        "revenue_band",
    }
    # A choice made in each list, one required field left out: the page comes back with
    # the choices selected and an error (aria-invalid) on the field left out.
    data = profile_data()
    del data["administrative_unit"]
    refused = client.post(url, data)
    assert refused.status_code == 400
    form = refused.context["form"]
    assert form.errors.keys() == {"administrative_unit"}
    assert_same_markup(form)
    html = refused.content.decode()
    assert f'<option value="{data["sector"]}" selected>' in html
    checked = re.findall(r'<input type="radio" name="kind"[^>]*\bchecked\b[^>]*>', html)
    assert len(checked) == 1 and f'value="{data["kind"]}"' in checked[0]
    assert '<select name="administrative_unit" required aria-invalid="true"' in html
    # Saved: the page opened again shows what was saved.
    client.post(url, profile_data())
    assert_same_markup(client.get(url).context["form"])
