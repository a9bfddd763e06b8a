"""Versions: publishing validates and freezes; a past result never changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment.answers import save_answers
from assessment.models import Assessment, Choice, Question, Questionnaire
from assessment.questionnaires import QuestionnaireInvalid, copy_to_new_draft, publish_questionnaire
from assessment.snapshot import Snapshot
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from tests.assessment.factories import OrganisationFactory, build_questionnaire

pytestmark = pytest.mark.django_db

SHAPE = [
    (
        "sales",
        2,
        [{"key": "online", "type": "single", "choices": [("none", 0), ("some", 0.5), ("all", 1)]}],
    ),
    ("ops", 1, [{"key": "books", "type": "scale"}]),
]


def submitted(questionnaire: Questionnaire) -> Assessment:
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, {"online": ["some"], "books": 3})
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment


def test_editing_the_draft_after_a_submission_leaves_the_result_alone():
    v1 = build_questionnaire(SHAPE)
    assessment = submitted(v1)
    before = (
        assessment.overall_score,
        assessment.level,
        assessment.dimension_scores,
        assessment.snapshot,
    )
    # (0.5*2*100 + 60) / 3 = 53.33
    assert assessment.overall_score == Decimal("53.33")

    v2 = copy_to_new_draft(v1)
    Choice.objects.filter(question__dimension__questionnaire=v2, key="some").update(
        score=Decimal("0.9")
    )
    Question.objects.filter(dimension__questionnaire=v2, key="online").update(text_vi="Đã sửa")
    publish_questionnaire(v2)

    assessment.refresh_from_db()
    assert (
        assessment.overall_score,
        assessment.level,
        assessment.dimension_scores,
        assessment.snapshot,
    ) == before
    v1.refresh_from_db()
    assert v1.status == Questionnaire.Status.RETIRED
    assert Questionnaire.current() == v2


def test_the_result_can_be_reproduced_from_the_snapshot_alone():
    assessment = submitted(build_questionnaire(SHAPE))

    result = Snapshot.of(assessment).rescore()

    assert Decimal(str(result.overall)).quantize(Decimal("0.01")) == assessment.overall_score
    assert result.level == assessment.level


def test_publishing_refuses_an_invalid_draft():
    draft = build_questionnaire(
        [
            ("sales", 1, [{"key": "online", "type": "single", "choices": [("only", 1)]}]),
            (
                "ops",
                1,
                [
                    {
                        "key": "later",
                        "type": "tristate",
                        "condition_question_key": "missing",
                        "condition_choice_keys": ["yes"],
                    }
                ],
            ),
            ("empty", 1, []),
        ],
        publish=False,
    )

    with pytest.raises(QuestionnaireInvalid) as error:
        publish_questionnaire(draft)

    text = " ".join(error.value.problems)
    assert "online" in text and "later" in text and "empty" in text
    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.DRAFT
