"""The snapshot's one owner: built from one scoring pass, read the same for old and new."""

from __future__ import annotations

import pytest

from assessment import scoring
from assessment.answers import save_answers
from assessment.models import Assessment
from assessment.snapshot import NA_JSON, Snapshot
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from tests.assessment.factories import OrganisationFactory, build_questionnaire

pytestmark = pytest.mark.django_db

SHAPE = [
    (
        "sales",
        2,
        [
            {"key": "online", "type": "single", "choices": [("none", 0), ("some", 0.5)]},
            {"key": "policy", "type": "tristate", "allow_na": True},
        ],
    ),
    ("ops", 1, [{"key": "books", "type": "scale"}]),
]


def submitted(answers) -> Assessment:
    questionnaire = build_questionnaire(SHAPE)
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory(kind="cooperative")
    )
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, answers)
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment


def test_not_applicable_is_stored_once_as_na_and_read_back_as_the_engine_constant():
    assessment = submitted({"online": ["some"], "policy": scoring.NA, "books": 4})
    stored = {
        q["key"]: q["value"] for d in assessment.snapshot["dimensions"] for q in d["questions"]
    }

    assert stored == {"online": ["some"], "policy": NA_JSON, "books": 4}
    assert Snapshot.of(assessment).answers() == {
        "online": ["some"],
        "policy": scoring.NA,
        "books": 4,
    }


def test_per_question_scores_come_from_the_same_pass_as_the_dimension_scores():
    assessment = submitted({"online": ["some"], "policy": ["yes"], "books": 4})
    scores = {
        q["key"]: q["score"] for d in assessment.snapshot["dimensions"] for q in d["questions"]
    }

    # online 0.5 and policy 1 → sales 75; books 4/5 → ops 80; overall (75×2 + 80)/3 = 76.67.
    assert scores == {"online": 0.5, "policy": 1.0, "books": 0.8}
    assert assessment.dimension_scores == {"sales": 75.0, "ops": 80.0}
    assert str(assessment.overall_score) == "76.67"
    assert Snapshot.of(assessment).rescore().overall == 76.67


def test_new_snapshots_have_no_second_copy_of_the_levels():
    assessment = submitted({"online": ["none"], "policy": ["no"], "books": 0})

    assert "scoring" not in assessment.snapshot
    assert [lv.level for lv in Snapshot.of(assessment).levels] == [0, 1, 2, 3, 4, 5]
    assert Snapshot.of(assessment).threshold_for(2) == 30.0


def test_a_snapshot_of_the_first_shape_still_reads():
    old = {
        "questionnaire": {"key": "default", "version": 1},
        "organisation": {
            "name": "HTX Rau sạch",
            "kind": "cooperative",
            "sector": "agriculture",
            "sector_name": {"vi": "Nông nghiệp", "en": "Agriculture"},
            "administrative_unit": "CT-1",
            "administrative_unit_name": "Phường Ninh Kiều, Cần Thơ",
            "size_band": "micro",
            "member_count": 12,
        },
        "levels": [
            {"level": 0, "min_score": 0.0, "name": {"vi": "Chưa", "en": "Not started"}},
            {"level": 1, "min_score": 40.0, "name": {"vi": "Khởi động", "en": "Getting started"}},
        ],
        "dimensions": [
            {
                "key": "sales",
                "weight": 1.0,
                "name": {"vi": "Bán hàng", "en": "Sales"},
                "questions": [
                    {
                        "key": "policy",
                        "type": "tristate",
                        "weight": 1.0,
                        "text": {"vi": "?", "en": "?"},
                        "value": "NA",
                        "labels": {"vi": ["Không áp dụng"], "en": ["Not applicable"]},
                        "score": None,
                        "choices": [],
                        "condition": None,
                        "org_kinds": [],
                    },
                    {
                        "key": "web",
                        "type": "tristate",
                        "weight": 1.0,
                        "text": {"vi": "?", "en": "?"},
                        "value": ["partly"],
                        "labels": {"vi": ["Một phần"], "en": ["Partly"]},
                        "score": 0.5,
                        "choices": [],
                        "condition": None,
                        "org_kinds": [],
                    },
                ],
            }
        ],
        "scoring": {"levels": [[0, 0.0], [1, 40.0]]},
    }
    snapshot = Snapshot(old)

    assert snapshot.organisation.name == "HTX Rau sạch"
    assert snapshot.organisation.sector_name("en") == "Agriculture"
    assert snapshot.dimension_names("vi") == {"sales": "Bán hàng"}
    assert snapshot.level(1).name("en") == "Getting started"
    assert snapshot.answers() == {"policy": scoring.NA, "web": ["partly"]}
    result = snapshot.rescore()
    assert (result.overall, result.level) == (50.0, 1)


def test_an_empty_snapshot_reads_as_nothing():
    snapshot = Snapshot({})

    assert not snapshot
    assert snapshot.dimensions == ()
    assert snapshot.organisation.name == ""
    assert snapshot.level(3) is None
