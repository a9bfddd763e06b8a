"""A submit through assessment.submission leaves the dashboard's copies to the next copy
(one pending row in its own transaction, #16); that copy (beat's, or the dashboard's before
it reads) brings the submission's fact and its plan's actions: the copied columns and the
previous recommendation of each action are right after a first and a second submission of
the same organisation."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.answers import save_answers
from assessment.models import Assessment
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from portal.center import facts
from portal.center.models import AssessmentFact, PendingCopy, RecommendedAction
from tests.assessment.factories import AdministrativeUnitFactory, OrganisationFactory
from tests.recommendations.conftest import questionnaire, rules

pytestmark = pytest.mark.django_db
__all__ = ["questionnaire", "rules"]  # the fixtures, imported for pytest

ANSWERS = {"ec_sells_online": ["not_yet"], "ec_website": ["no"], "pay_qr": 2}


def submit(questionnaire, organisation) -> tuple[Assessment, list[str]]:
    """Submit, then copy as beat does; the SQL of the copy."""
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=organisation, consent_statistics=True
    )
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, ANSWERS)
    submit_assessment(assessment, structure)
    with CaptureQueriesContext(connection) as queries:
        assert facts.copy_pending() == 1
    return assessment, [q["sql"] for q in queries]


def test_a_submit_writes_no_copy_only_a_pending_row(questionnaire, rules):
    organisation = OrganisationFactory()
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=organisation, consent_statistics=True
    )
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, ANSWERS)

    with CaptureQueriesContext(connection) as queries:
        submit_assessment(assessment, structure)

    assert not [q for q in queries if "center_assessmentfact" in q["sql"]]
    assert not [q for q in queries if "center_recommendedaction" in q["sql"]]
    assert list(PendingCopy.objects.values_list("organisation_id", flat=True)) == [organisation.pk]
    assert not AssessmentFact.objects.filter(assessment=assessment).exists()

    assert facts.copy_pending() == 1

    assert AssessmentFact.objects.filter(assessment=assessment, scored=True).exists()
    copied = RecommendedAction.objects.filter(assessment=assessment)
    assert copied.exists()
    assert not PendingCopy.objects.exists()
    # A second copy finds nothing to do and copies nothing twice.
    count = copied.count()
    assert facts.copy_pending() == 0
    assert copied.count() == count


def test_a_second_submission_copies_its_actions_and_dates_them_after_the_first(
    questionnaire, rules
):
    # The sector's id differs from the ward's, so that a swap of the two would show.
    AdministrativeUnitFactory(code="CT-P-A")
    first, _ = submit(
        questionnaire,
        OrganisationFactory(administrative_unit=AdministrativeUnitFactory(code="CT-P-B")),
    )
    organisation = first.organisation
    assert organisation.sector_id != organisation.administrative_unit_id
    second, statements = submit(questionnaire, first.organisation)

    rows = RecommendedAction.objects.filter(organisation=first.organisation)
    earlier = {row.rule_key: row for row in rows if row.assessment_id == first.pk}
    later = {row.rule_key: row for row in rows if row.assessment_id == second.pk}
    assert earlier and earlier.keys() == later.keys()
    fact = AssessmentFact.objects.get(assessment=second)
    for key, row in later.items():
        assert row.submitted_at == second.submitted_at == fact.submitted_at, key
        assert (row.kind, row.sector_id, row.unit_id) == (
            organisation.kind,
            organisation.sector_id,
            organisation.administrative_unit_id,
        )
        assert (fact.sector_id, fact.unit_id) == (row.sector_id, row.unit_id)
        assert row.scored == fact.scored and row.mode == fact.mode
        assert row.previous_at == first.submitted_at, key
        assert earlier[key].previous_at is None, key
    # The copy writes the rows with their copied columns in one statement, and dates them
    # once, after they exist (not also before them).
    writes = [s for s in statements if "center_recommendedaction" in s.split("SELECT")[0]]
    assert [s.split(" SET ")[0].split(" (")[0] for s in writes] == [
        "INSERT INTO center_recommendedaction",
        "UPDATE center_recommendedaction",
    ]


def test_one_organisations_failed_copy_keeps_no_other_out(questionnaire, rules, monkeypatch):
    first, second = OrganisationFactory(), OrganisationFactory()
    for organisation in (first, second):
        assessment = Assessment.objects.create(
            questionnaire=questionnaire, organisation=organisation, consent_statistics=True
        )
        structure = load_structure(questionnaire)
        save_answers(assessment, structure.questions, ANSWERS)
        submit_assessment(assessment, structure)
    copy = facts.copy_organisation

    def failing_for_the_first(organisation_id: int) -> None:
        copy(organisation_id)  # written, then rolled back with the error
        if organisation_id == first.pk:
            raise RuntimeError("disk full")

    monkeypatch.setattr(facts, "copy_organisation", failing_for_the_first)
    assert facts.copy_pending() == 1

    assert AssessmentFact.objects.filter(organisation=second).exists()
    assert not AssessmentFact.objects.filter(organisation=first).exists()
    assert list(PendingCopy.objects.values_list("organisation_id", flat=True)) == [first.pk]

    monkeypatch.setattr(facts, "copy_organisation", copy)  # the disk has room again
    assert facts.copy_pending() == 1
    assert AssessmentFact.objects.filter(organisation=first).exists()
    assert not PendingCopy.objects.exists()
