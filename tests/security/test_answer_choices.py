"""Issue 12 / security review F3: a step post with a repeated choice, a choice of another
question, or "none" together with other choices changes nothing in the database."""

from __future__ import annotations

import pytest

from assessment.models import Answer, Assessment, Choice
from tests.assessment.factories import OrganisationFactory, build_questionnaire

pytestmark = pytest.mark.django_db

SHAPE = [
    (
        "services",
        1,
        [
            {
                "key": "used",
                "type": "multi",
                "choices": [("registration", 1), ("licences", 1), ("none", 0)],
            },
            {"key": "portal", "type": "single", "choices": [("never", 0), ("often", 1)]},
        ],
    ),
]


@pytest.fixture
def assessment():
    questionnaire = build_questionnaire(SHAPE)
    Choice.objects.filter(
        question__dimension__questionnaire=questionnaire, question__key="used", key="none"
    ).update(exclusive=True)
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    # Something stored already: a refused post must leave it exactly as it was.
    client_answers = {"q-used": ["licences"], "q-portal": "often"}
    return assessment, client_answers


def state(assessment: Assessment):
    assessment.refresh_from_db()
    return (
        sorted(
            Answer.objects.filter(assessment=assessment).values_list(
                "question__key", "value", "updated_at"
            )
        ),
        assessment.steps_done,
    )


def post(client, assessment, data):
    return client.post(f"/en/assessment/{assessment.token}/step/2/", data)


def test_the_fixture_post_is_accepted(client, assessment):
    """Positive control: the same page posted honestly is stored."""
    assessment, answers = assessment
    assert post(client, assessment, answers).status_code == 302
    assert dict(Answer.objects.values_list("question__key", "value")) == {
        "used": ["licences"],
        "portal": ["often"],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q-used": ["registration", "registration"]}, "the same choice twice"),
        ({"q-used": ["licences", "licences"], "q-portal": "often"}, "the same choice twice"),
        ({"q-used": ["registration", "often"]}, "a choice that this question does not have"),
        ({"q-portal": "registration"}, "a choice that this question does not have"),
    ],
    ids=["repeated", "repeated-with-others", "other-question-choice", "single-foreign"],
)
def test_a_tampered_choice_is_refused_and_changes_nothing(client, assessment, data, message):
    assessment, answers = assessment
    post(client, assessment, answers)
    before = state(assessment)

    response = post(client, assessment, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(assessment) == before


def test_none_with_other_choices_is_a_form_error_and_changes_nothing(client, assessment):
    assessment, answers = assessment
    post(client, assessment, answers)
    before = state(assessment)

    response = post(client, assessment, {"q-used": ["registration", "none"], "q-portal": "often"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be chosen together with other answers" in html
    assert state(assessment) == before
