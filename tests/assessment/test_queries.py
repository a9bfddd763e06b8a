"""Questionnaire pages cost at most ten queries, the same for 10 questions as for 100."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.models import Assessment
from tests.assessment.factories import OrganisationFactory, build_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Measure the pages themselves, not the page cache."""
    settings.PORTAL_PAGE_CACHE = False


def questionnaire_with(questions_per_dimension: int):
    shape = [
        (
            f"d{d}",
            1,
            [
                {
                    "key": f"d{d}_q{q}",
                    "type": "single" if q % 2 else "tristate",
                    "choices": [("a", 0), ("b", 1)] if q % 2 else [],
                }
                for q in range(questions_per_dimension)
            ],
        )
        for d in range(5)
    ]
    return build_questionnaire(shape)


def answered_assessment(client, questions_per_dimension: int) -> Assessment:
    questionnaire = questionnaire_with(questions_per_dimension)
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    for d in range(5):
        data = {f"q-d{d}_q{q}": ("b" if q % 2 else "yes") for q in range(questions_per_dimension)}
        response = client.post(f"/vi/assessment/{assessment.token}/step/{d + 2}/", data)
        assert response.status_code == 302
    return assessment


def count(client, url: str, method: str = "get", data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), url
    return len(queries)


CEILING = 10


@pytest.mark.parametrize("page", ["profile/", "step/3/", "check/", "results/"])
def test_query_count_does_not_grow_with_the_questionnaire(client, page):
    small = answered_assessment(client, 2)  # 10 questions
    large = answered_assessment(client, 20)  # 100 questions
    if page == "results/":
        for assessment in (small, large):
            assert client.post(f"/vi/assessment/{assessment.token}/submit/").status_code == 302

    for assessment in (small, large):  # warm the per-process caches, like a running server
        count(client, f"/vi/assessment/{assessment.token}/{page}")
    small_count = count(client, f"/vi/assessment/{small.token}/{page}")
    large_count = count(client, f"/vi/assessment/{large.token}/{page}")

    assert large_count == small_count
    assert large_count <= CEILING


def test_the_how_we_score_page_costs_at_most_ten_queries(client):
    questionnaire_with(20)
    count(client, "/vi/assessment/how-we-score/")  # warm per-process caches
    assert count(client, "/vi/assessment/how-we-score/") <= CEILING


def test_posting_a_step_costs_at_most_ten_queries_for_10_or_100_questions(client):
    counts = []
    for per_dimension in (2, 20):
        assessment = answered_assessment(client, per_dimension)
        client.get(f"/vi/assessment/{assessment.token}/step/3/")  # warm per-process caches
        data = {f"q-d1_q{q}": ("a" if q % 2 else "no") for q in range(per_dimension)}
        counts.append(count(client, f"/vi/assessment/{assessment.token}/step/3/", "post", data))

    assert counts[0] == counts[1]
    assert counts[1] <= CEILING


def test_the_profile_page_reads_each_short_list_in_one_plain_query(client):
    # Django's own choice iterator opens a server-side cursor on PostgreSQL (DECLARE, FETCH,
    # CLOSE) for a list of a dozen sectors or wards.
    assessment = answered_assessment(client, 2)
    url = f"/vi/assessment/{assessment.token}/profile/"
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    statements = [q["sql"] for q in queries]
    assert not [sql for sql in statements if sql.startswith(("DECLARE", "FETCH", "CLOSE"))]
    for table in ("assessment_sector", "assessment_administrativeunit"):
        assert sum(f'FROM "{table}"' in sql for sql in statements) == 1, table


def test_the_profile_page_never_reads_the_answers(client):
    # Its step numbers depend on the organisation's kind alone; the answers are read by the
    # steps, the check page and the submit.
    assessment = answered_assessment(client, 2)
    organisation = assessment.organisation
    url = f"/vi/assessment/{assessment.token}/profile/"
    data = {
        "name": organisation.name,
        "kind": "enterprise",
        "sector": str(organisation.sector_id),
        "administrative_unit": str(organisation.administrative_unit_id),
        "staff_count": "3",
        "revenue_band": "up_to_3bn",
    }
    for method, payload, status in (("get", {}, 200), ("post", data, 302)):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, payload)
        assert response.status_code == status, method
        statements = [q["sql"] for q in queries]
        assert not [sql for sql in statements if 'FROM "assessment_answer"' in sql], method
        assert [sql for sql in statements if 'FROM "assessment_assessment"' in sql], method


def test_a_submit_reads_the_assessment_and_its_answers_once_under_its_lock(client):
    # The row is locked before the answers are checked, and the answers scored are the
    # ones checked: no second read of either inside the submit.
    assessment = answered_assessment(client, 2)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/vi/assessment/{assessment.token}/submit/")
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_submitted
    statements = [q["sql"] for q in queries]
    reads = [sql for sql in statements if sql.startswith('SELECT "assessment_assessment"."id"')]
    assert len(reads) == 1
    if connection.vendor == "postgresql":
        assert reads[0].endswith('FOR UPDATE OF "assessment_assessment"')
    answers = [sql for sql in statements if 'FROM "assessment_answer"' in sql]
    assert len(answers) == 1
    assert statements.index(answers[0]) > statements.index(reads[0])
