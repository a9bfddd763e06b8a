"""A submit through assessment.submission keeps the dashboard's copy of its plan's actions
current in one pass: the copied columns and the previous recommendation of each action
are right after a first and a second submission of the same organisation."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.answers import save_answers
from assessment.models import Assessment
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from portal.center.models import AssessmentFact, RecommendedAction
from tests.assessment.factories import OrganisationFactory
from tests.recommendations.conftest import questionnaire, rules

pytestmark = pytest.mark.django_db
__all__ = ["questionnaire", "rules"]  # the fixtures, imported for pytest

ANSWERS = {"ec_sells_online": ["not_yet"], "ec_website": ["no"], "pay_qr": 2}


def submit(questionnaire, organisation=None) -> tuple[Assessment, list[str]]:
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=organisation, consent_statistics=True
    )
    if organisation is None:
        assessment.organisation = OrganisationFactory()
        assessment.save(update_fields=["organisation"])
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, ANSWERS)
    with CaptureQueriesContext(connection) as queries:
        submit_assessment(assessment, structure)
    return assessment, [q["sql"] for q in queries]


def test_a_second_submission_copies_its_actions_and_dates_them_after_the_first(
    questionnaire, rules
):
    first, _ = submit(questionnaire)
    second, statements = submit(questionnaire, first.organisation)

    rows = RecommendedAction.objects.filter(organisation=first.organisation)
    earlier = {row.rule_key: row for row in rows if row.assessment_id == first.pk}
    later = {row.rule_key: row for row in rows if row.assessment_id == second.pk}
    assert earlier and earlier.keys() == later.keys()
    fact = AssessmentFact.objects.get(assessment=second)
    for key, row in later.items():
        assert row.submitted_at == second.submitted_at == fact.submitted_at, key
        assert (row.kind, row.sector_id, row.unit_id) == (fact.kind, fact.sector_id, fact.unit_id)
        assert row.scored == fact.scored and row.mode == fact.mode
        assert row.previous_at == first.submitted_at, key
        assert earlier[key].previous_at is None, key
    # The copy is made once, after the plan's actions exist (not also before them).
    copies = [s for s in statements if s.startswith("UPDATE center_recommendedaction SET")]
    assert len(copies) == 2
