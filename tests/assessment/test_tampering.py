"""Posts the pages never produce get a 400 with a clear message and change nothing."""

from __future__ import annotations

import pytest

from assessment.factories import OrganisationFactory, build_questionnaire
from assessment.models import Answer, Assessment

pytestmark = pytest.mark.django_db

SHAPE = [
    ("sales", 1, [{"key": "online", "type": "single", "choices": [("no_shop", 0), ("shop", 1)]}]),
    ("ops", 1, [{"key": "books", "type": "tristate"}, {"key": "stock", "type": "scale"}]),
]


@pytest.fixture
def assessment():
    questionnaire = build_questionnaire(SHAPE)
    return Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )


def state(assessment: Assessment):
    assessment.refresh_from_db()
    return (
        sorted(Answer.objects.filter(assessment=assessment).values_list("question__key", "value")),
        assessment.steps_done,
        assessment.status,
    )


def post_step(client, assessment, number, data):
    return client.post(f"/en/assessment/{assessment.token}/step/{number}/", data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q-online": "books"}, "a choice that this question does not have"),
        ({"q-online": "shop", "q-books": "yes"}, "not on this page"),
        ({"q-online": "shop", "q-elsewhere": "shop"}, "not on this page"),
        ({"q-online": ["shop", "no_shop"]}, "several answers"),
        ({"q-online": "na"}, "a choice that this question does not have"),
    ],
)
def test_tampered_answers_are_refused(client, assessment, data, message):
    before = state(assessment)

    response = post_step(client, assessment, 2, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(assessment) == before


def test_a_step_out_of_order_is_refused(client, assessment):
    before = state(assessment)

    response = post_step(client, assessment, 3, {"q-books": "yes", "q-stock": "3"})

    assert response.status_code == 400
    assert "in order" in response.content.decode()
    assert state(assessment) == before


def test_a_question_of_another_version_is_refused(client, assessment):
    other = build_questionnaire(
        [("sales", 1, [{"key": "marketplace", "type": "tristate"}])], publish=False
    )
    assert other.pk != assessment.questionnaire_id
    before = state(assessment)

    response = post_step(client, assessment, 2, {"q-online": "shop", "q-marketplace": "yes"})

    assert response.status_code == 400
    assert state(assessment) == before


def test_a_second_submit_is_refused(client, assessment):
    post_step(client, assessment, 2, {"q-online": "shop"})
    post_step(client, assessment, 3, {"q-books": "yes", "q-stock": "5"})
    first = client.post(f"/en/assessment/{assessment.token}/submit/")
    assert first.status_code == 302
    before = state(assessment)
    scores = (assessment.overall_score, assessment.submitted_at)

    again = client.post(f"/en/assessment/{assessment.token}/submit/")
    late_answer = post_step(client, assessment, 2, {"q-online": "no_shop"})

    assert again.status_code == 400
    assert "already been submitted" in again.content.decode()
    assert late_answer.status_code == 400
    assert state(assessment) == before
    assert (assessment.overall_score, assessment.submitted_at) == scores


def test_unknown_token_is_404(client):
    assert client.get("/en/assessment/" + "x" * 43 + "/profile/").status_code == 404


def test_resume_tokens_are_long_and_unguessable(assessment):
    # token_urlsafe(32): 256 bits of randomness, 43 URL-safe characters.
    assert len(assessment.token) >= 43
    assert (
        assessment.token != Assessment.objects.create(questionnaire=assessment.questionnaire).token
    )
