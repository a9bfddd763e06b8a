"""Public figures and peer benchmarks count only plausible assessments (F6's follow-up).

An assessment counts when it was filled in over at least ``PLAUSIBLE_MIN_SECONDS``
(120 in production) from creation to submission. Each assessment here is submitted
through the real path, then its ``created_at`` is set so that it took just under or just
over the limit.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.cache import cache

from assessment.models import Assessment
from assessment.results import build_results
from assessment.wagtail_hooks import assessment_figures
from portal.settings import base
from tests.assessment.factories import build_questionnaire
from tests.assessment.test_results import SHAPE
from tests.assessment.test_results import submit as submit_peer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_minimum(settings):
    settings.PLAUSIBLE_MIN_SECONDS = base.PLAUSIBLE_MIN_SECONDS


def took(assessment: Assessment, seconds: float) -> Assessment:
    """Make ``assessment`` look as if it was filled in over ``seconds``."""
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=assessment.submitted_at - timedelta(seconds=seconds)
    )
    assessment.refresh_from_db()
    return assessment


def test_the_production_minimum_is_two_minutes():
    assert base.PLAUSIBLE_MIN_SECONDS == 120


def test_only_assessments_of_two_minutes_or_more_are_plausible():
    questionnaire = build_questionnaire(SHAPE)
    quick = took(submit_peer(questionnaire, 1), 119)
    exact = took(submit_peer(questionnaire, 2), 120)
    slow = took(submit_peer(questionnaire, 3), 121)
    plausible = set(Assessment.objects.plausible().values_list("pk", flat=True))
    assert plausible == {exact.pk, slow.pk}
    assert quick.pk in set(Assessment.objects.submitted().values_list("pk", flat=True))


def test_a_quick_assessment_is_not_a_peer():
    questionnaire = build_questionnaire(SHAPE)
    peers = [took(submit_peer(questionnaire, value), 121) for value in (0, 1, 2)]
    quick = took(submit_peer(questionnaire, 3), 119)
    mine = took(submit_peer(questionnaire, 5), 600)
    # Four plausible (three peers and mine) and one quick: no group of five.
    assert build_results(mine, "vi")["benchmark"] is None

    took(quick, 121)  # the same assessment, had it taken a realistic time
    benchmark = build_results(mine, "vi")["benchmark"]
    assert benchmark is not None
    assert benchmark["size"] == 5
    assert len(peers) == 3


def figures_now() -> list:
    """The figures as counted now (they are kept for a minute: that minute is over)."""
    cache.clear()
    return assessment_figures(None)


def test_quick_assessments_are_not_in_the_home_page_figures():
    questionnaire = build_questionnaire(SHAPE)
    for value in range(5):
        took(submit_peer(questionnaire, value), 121)
    five = {figure["label"]: figure["value"] for figure in figures_now()}
    assert 5 in five.values()

    for value in range(3):
        took(submit_peer(questionnaire, value), 119)
    counts = {figure["label"]: figure["value"] for figure in figures_now()}
    assert counts == five  # three quick ones changed nothing

    took(Assessment.objects.order_by("-pk").first(), 121)
    six = [figure["value"] for figure in figures_now()]
    assert 6 in six


def test_the_how_we_score_page_states_the_rule(client):
    build_questionnaire(SHAPE)
    vi = client.get("/vi/assessment/how-we-score/").content.decode()
    en = client.get("/en/assessment/how-we-score/").content.decode()
    assert "ít nhất 2 phút" in vi
    assert "at least 2 minutes" in en


def made_by(assessment: Assessment, mode: str, advisor) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(mode=mode, assisted_by=advisor)
    assessment.refresh_from_db()
    return assessment


def test_assisted_and_paper_assessments_typed_in_by_an_advisor_count_whatever_their_time(
    django_user_model,
):
    questionnaire = build_questionnaire(SHAPE)
    advisor = django_user_model.objects.create_user("advisor@example.org")
    assisted = made_by(took(submit_peer(questionnaire, 1), 30), Assessment.Mode.ASSISTED, advisor)
    paper = made_by(took(submit_peer(questionnaire, 2), 5), Assessment.Mode.PAPER, advisor)
    # Said to be assisted, but by nobody known: a quick one stays out.
    anonymous = made_by(took(submit_peer(questionnaire, 3), 5), Assessment.Mode.ASSISTED, None)
    quick_self = took(submit_peer(questionnaire, 4), 5)
    plausible = set(Assessment.objects.plausible().values_list("pk", flat=True))
    assert plausible == {assisted.pk, paper.pk}
    assert {anonymous.pk, quick_self.pk}.isdisjoint(plausible)
