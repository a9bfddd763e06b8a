"""The results page: score, level, strengths, and a benchmark only for groups of five or more."""

from __future__ import annotations

import pytest

from assessment.factories import AdministrativeUnitFactory, OrganisationFactory, build_questionnaire
from assessment.models import Assessment
from assessment.results import build_results, percentile_of
from assessment.services import load_structure, save_answers, submit_assessment

pytestmark = pytest.mark.django_db

SHAPE = [
    ("sales", 1, [{"key": "online", "type": "scale"}]),
    ("ops", 1, [{"key": "books", "type": "scale"}]),
    ("people", 1, [{"key": "skills", "type": "scale"}]),
    ("data", 1, [{"key": "backup", "type": "scale"}]),
]


@pytest.fixture
def questionnaire():
    return build_questionnaire(SHAPE)


def submit(questionnaire, value: int, consent: bool = True, **organisation) -> Assessment:
    assessment = Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=OrganisationFactory(**organisation),
        consent_statistics=consent,
    )
    structure = load_structure(questionnaire)
    save_answers(
        assessment,
        structure.questions,
        {"online": value, "books": 5, "skills": 0, "backup": 3},
    )
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment


def test_no_benchmark_below_five_peers(questionnaire):
    for value in (1, 2, 3):
        submit(questionnaire, value)
    mine = submit(questionnaire, 4)

    assert build_results(mine, "vi")["benchmark"] is None


def test_benchmark_with_five_peers_in_the_same_kind_sector_and_area(questionnaire):
    for value in (0, 1, 2, 3):
        submit(questionnaire, value)
    mine = submit(questionnaire, 5)

    benchmark = build_results(mine, "vi")["benchmark"]

    # overall scores: (v*20 + 100 + 0 + 60) / 4 -> 40, 45, 50, 55, 65
    assert benchmark == {"group": "kind_sector_area", "size": 5, "median": 50.0, "percentile": 90}


def test_peers_who_declined_statistics_are_not_counted(questionnaire):
    for value in (0, 1, 2, 3):
        submit(questionnaire, value, consent=value != 0)
    mine = submit(questionnaire, 5)

    assert build_results(mine, "vi")["benchmark"] is None


def test_falls_back_to_a_wider_group(questionnaire):
    other_area = AdministrativeUnitFactory(code="CT-X-THOILAI", name="Xã Thới Lai")
    for value in (0, 1, 2, 3):
        submit(questionnaire, value, administrative_unit=other_area)
    mine = submit(questionnaire, 5)

    assert build_results(mine, "vi")["benchmark"]["group"] == "kind_sector"


def test_strongest_and_weakest_dimensions(questionnaire):
    results = build_results(submit(questionnaire, 4), "en")

    assert [d["key"] for d in results["strongest"]] == ["ops", "sales", "data"]
    assert [d["key"] for d in results["weakest"]] == ["people", "data", "sales"]
    assert results["level_name"] == "Level 3"


def test_percentile_counts_ties_as_half():
    assert percentile_of(50, [40, 50, 50, 60]) == 50
