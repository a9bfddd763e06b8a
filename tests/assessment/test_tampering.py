"""Posts the pages never produce get a 400 with a clear message and change nothing."""

from __future__ import annotations

import pytest

from assessment.models import Answer, Assessment
from assessment.questionnaires import copy_to_new_draft, publish_questionnaire
from tests.assessment.factories import OrganisationFactory, QuestionFactory, build_questionnaire

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


def test_an_answer_to_a_question_of_the_next_version_is_refused(client, assessment):
    """An assessment stays on its version: a question the next version adds to the same
    step is not on its page, though it is on the page of an assessment started now."""
    next_version = copy_to_new_draft(assessment.questionnaire)
    QuestionFactory(
        dimension=next_version.dimensions.get(key="sales"), key="marketplace", sort_order=9
    )
    publish_questionnaire(next_version)
    newer = Assessment.objects.create(
        questionnaire=next_version, organisation=OrganisationFactory()
    )
    data = {"q-online": "shop", "q-marketplace": "yes"}
    # On the next version the same post is an ordinary answer to step 2.
    assert post_step(client, newer, 2, data).status_code == 302
    assert Answer.objects.filter(assessment=newer, question__key="marketplace").exists()
    before = state(assessment)

    response = post_step(client, assessment, 2, data)

    assert response.status_code == 400
    assert "not on this page" in response.content.decode()
    assert state(assessment) == before


def test_a_second_submit_changes_nothing_and_shows_the_results(client, assessment):
    post_step(client, assessment, 2, {"q-online": "shop"})
    post_step(client, assessment, 3, {"q-books": "yes", "q-stock": "5"})
    first = client.post(f"/en/assessment/{assessment.token}/submit/")
    assert first.status_code == 302
    before = state(assessment)
    scores = (assessment.overall_score, assessment.submitted_at)

    again = client.post(f"/en/assessment/{assessment.token}/submit/")
    late_answer = post_step(client, assessment, 2, {"q-online": "no_shop"})

    assert again.status_code == 302
    assert again["Location"] == f"/en/assessment/{assessment.token}/results/"
    assert client.get(again["Location"]).status_code == 200
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
