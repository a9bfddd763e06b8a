"""A step's choices are written in Python (assessment.forms.choice_options_html) because
Django's widget templates were most of a step's time (#16): the markup must stay exactly
what the templates gave, checked answers, errors, exclusive and "not applicable" choices
included."""

from __future__ import annotations

import pytest

from django.template import Context, Template

from assessment.flow import Flow
from tests.assessment.test_flow import default_questionnaire
from tests.assessment.test_flow_answers import open_all_steps, started, step_url

pytestmark = pytest.mark.django_db
__all__ = ["default_questionnaire"]  # the fixture, imported for pytest

# The loops of assessment/includes/choice_field.html before #16.
TEMPLATE_LOOPS = Template(
    """{% for option in row.field %}{% if option.data.value not in row.exclusive_keys %}
      <div class="option">{{ option.tag }}<label for="{{ option.id_for_label }}">{{ option.choice_label }}</label></div>
    {% endif %}{% endfor %}|{% for option in row.field %}{% if option.data.value in row.exclusive_keys %}
      <div class="option" data-exclusive>{{ option.tag }}<label for="{{ option.id_for_label }}">{{ option.choice_label }}</label></div>
    {% endif %}{% endfor %}"""  # noqa: E501
)


def assert_same_markup(response) -> int:
    rows = response.context["fields"]
    for row in rows:
        expected = TEMPLATE_LOOPS.render(Context({"row": row}))
        assert f"{row['options_html']}|{row['exclusive_html']}" == expected, row["question"].key
    return len(rows)


def test_every_step_shows_the_choices_exactly_as_the_widget_templates_did(
    client, default_questionnaire
):
    assessment = started(client)
    open_all_steps(assessment)
    steps = len(Flow.of(assessment).dimensions)
    exclusive_seen = 0
    for number in range(2, steps + 2):
        response = client.get(step_url(assessment, number))
        assert response.status_code == 200
        assert_same_markup(response)
        exclusive_seen += sum(bool(row["exclusive_html"]) for row in response.context["fields"])
        # Answered (checked inputs), and then sent back with an error (a contradiction).
        first = response.context["fields"][0]
        options = [option.data["value"] for option in first["field"]]
        posted = client.post(
            step_url(assessment, number),
            {first["field"].html_name: options[:1], "action": "continue"},
        )
        assert_same_markup(posted if posted.status_code == 400 else client.get(posted.url))
        assert_same_markup(client.get(step_url(assessment, number)))
        if first["exclusive_html"]:
            bad = client.post(
                step_url(assessment, number),
                {first["field"].html_name: options, "action": "continue"},
            )
            assert bad.status_code == 400
            assert_same_markup(bad)
    assert exclusive_seen >= 5
