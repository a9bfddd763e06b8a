"""A step writes only the questionnaire's own changes: answers in bulk, no session write
when nothing about the browser changed (#16: the flow must hold 50 concurrent clients)."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import scoring
from assessment.answers import answers_of, save_answers
from assessment.models import Assessment
from assessment.structure import load_structure
from tests.assessment.factories import OrganisationFactory, build_questionnaire

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def questionnaire_of(size: int):
    questions = [
        {"key": f"q{n}", "type": "single", "choices": [("a", 0), ("b", 1)], "required": False}
        for n in range(size)
    ]
    return build_questionnaire([("first", 1, questions), ("second", 1, [{"key": "last"}])])


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def post_first_step(client, assessment, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/vi/assessment/{assessment.token}/step/2/", data)
    assert response.status_code == 302
    return writes(queries)


@pytest.mark.parametrize("size", [2, 20])
def test_a_step_saves_its_answers_in_one_statement_however_many(client, size):
    assessment = Assessment.objects.create(
        questionnaire=questionnaire_of(size), organisation=OrganisationFactory()
    )

    written = post_first_step(client, assessment, {f"q-q{n}": "b" for n in range(size)})

    # One insert of every answer, one update of how far the assessment got.
    assert [sql.split()[0] for sql in written] == ["INSERT", "UPDATE"]
    assert answers_of(assessment) == {f"q{n}": ["b"] for n in range(size)}


def test_a_step_posted_again_unchanged_writes_nothing(client):
    assessment = Assessment.objects.create(
        questionnaire=questionnaire_of(3), organisation=OrganisationFactory()
    )
    client.get(f"/vi/assessment/{assessment.token}/")  # the session remembers it
    data = {"q-q0": "a", "q-q1": "b", "q-q2": "a"}
    post_first_step(client, assessment, data)

    assert post_first_step(client, assessment, data) == []


def test_resuming_the_same_assessment_again_does_not_rewrite_the_session(client):
    assessment = Assessment.objects.create(
        questionnaire=questionnaire_of(1), organisation=OrganisationFactory()
    )
    client.get(f"/vi/assessment/{assessment.token}/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/vi/assessment/{assessment.token}/")

    assert response.status_code == 302
    assert writes(queries) == []
    assert client.session["assessment_tokens"] == [assessment.token]


def test_a_changed_and_a_cleared_answer_are_saved_and_the_rest_kept():
    questionnaire = questionnaire_of(3)
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    questions = list(load_structure(questionnaire).dimensions[0].questions.all())
    save_answers(assessment, questions, {"q0": ["a"], "q1": ["a"], "q2": scoring.NA})

    save_answers(assessment, questions, {"q0": ["a"], "q1": ["b"], "q2": None})

    assert answers_of(assessment) == {"q0": ["a"], "q1": ["b"]}
