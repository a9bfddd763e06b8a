"""The flow's assessment lookup, compiled once per process (assessment/prepared.py), gives
what the ORM gives: every field, the joined objects and the claim annotation."""

from __future__ import annotations

from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.db import NotSupportedError, connection, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from assessment import scoring
from assessment.answers import answers_of, save_answers
from assessment.models import Assessment, Membership
from assessment.prepared import PreparedGet, PreparedRows
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from assessment.views import SECTOR_AND_WARD, _lookup

from .factories import AssessmentFactory, build_questionnaire

pytestmark = pytest.mark.django_db

SHAPE = [
    (
        "operations",
        1.0,
        [
            {"key": "tools", "type": "single", "choices": [("none", 0), ("some", 0.5)]},
            {"key": "staff", "type": "scale"},
            {"key": "channels", "type": "multi", "choices": [("web", 1), ("zalo", 1)]},
            {"key": "plan", "type": "single", "choices": [("no", 0), ("yes", 1)]},
        ],
    )
]


def _fields(instance) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def submitted() -> Assessment:
    """A submitted assessment: JSON, decimal and date columns all filled."""
    questionnaire = build_questionnaire(SHAPE)
    assessment = AssessmentFactory(questionnaire=questionnaire)
    structure = load_structure(questionnaire)
    save_answers(
        assessment,
        structure.questions,
        {"tools": ["some"], "staff": 3, "channels": ["web", "zalo"], "plan": scoring.NA},
    )
    submit_assessment(assessment, structure)
    return assessment


@pytest.mark.parametrize("related", [(), SECTOR_AND_WARD], ids=["plain", "sector-and-ward"])
@pytest.mark.parametrize("claimed", [False, True], ids=["unclaimed", "claimed"])
def test_it_gives_what_the_orm_gives(submitted, related, claimed):
    if claimed:
        user = get_user_model().objects.create_user("manager", "m@example.vn", "x" * 12)
        Membership.objects.create(user=user, organisation=submitted.organisation)
    expected = (
        Assessment.objects.with_claimed()
        .select_related("questionnaire", "organisation", *related)
        .get(token=submitted.token)
    )

    found = _lookup(related, False).get(submitted.token)

    assert found is not None
    assert type(found) is Assessment
    assert _fields(found) == _fields(expected)
    assert found.snapshot is not None and found.snapshot == expected.snapshot
    assert found.claimed_by_managers is claimed
    assert found.is_claimed == expected.is_claimed
    assert found._state.adding is False and found._state.db == "default"
    with CaptureQueriesContext(connection) as queries:
        joined = [found.questionnaire, found.organisation]
        if related:
            joined += [found.organisation.sector, found.organisation.administrative_unit]
    assert len(queries) == 0, "a joined object was read again"
    assert _fields(found.questionnaire) == _fields(expected.questionnaire)
    assert _fields(found.organisation) == _fields(expected.organisation)
    if related:
        assert found.organisation.sector.name_vi == expected.organisation.sector.name_vi
        assert found.organisation.administrative_unit.code == "CT-P-NINHKIEU"


def test_an_assessment_without_organisation_has_none_without_a_query():
    assessment = AssessmentFactory(organisation=None)

    found = _lookup(SECTOR_AND_WARD, False).get(assessment.token)

    with CaptureQueriesContext(connection) as queries:
        assert found.organisation is None
    assert len(queries) == 0
    assert found.questionnaire_id == assessment.questionnaire_id


def test_an_unknown_token_gives_none(submitted):
    assert _lookup((), False).get("no-such-token") is None


def test_each_value_is_bound_not_the_first_one_again():
    first, second = AssessmentFactory(), AssessmentFactory()
    lookup = _lookup((), False)

    assert lookup.get(first.token).pk == first.pk
    assert lookup.get(second.token).pk == second.pk


def test_the_sql_is_built_once():
    first, second = AssessmentFactory(), AssessmentFactory()
    lookup = PreparedGet(Assessment.objects.with_claimed().select_related("organisation"), "token")
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as as_sql:
        lookup.get(first.token)
        compiled = as_sql.call_count
        assert lookup.get(second.token).pk == second.pk

    assert compiled >= 1
    assert as_sql.call_count == compiled


@pytest.mark.skipif(not connection.features.has_select_for_update, reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)  # outside the test's own transaction
def test_the_locking_lookup_locks_and_only_inside_a_transaction(submitted):
    lookup = _lookup(SECTOR_AND_WARD, True)

    with pytest.raises(TransactionManagementError):
        lookup.get(submitted.token)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert lookup.get(submitted.token).pk == submitted.pk
    assert 'FOR UPDATE OF "assessment_assessment"' in queries[-1]["sql"]


def test_it_refuses_what_it_cannot_make():
    with pytest.raises(NotSupportedError):
        PreparedGet(Assessment.objects.all(), "status")  # not unique
    with pytest.raises(NotSupportedError):
        PreparedGet(Assessment.objects.values("pk"), "token")
    with pytest.raises(NotSupportedError):
        PreparedGet(Assessment.objects.only("token"), "token")


def test_the_answers_read_gives_what_the_orm_gives(submitted):
    other = AssessmentFactory(questionnaire=submitted.questionnaire)
    save_answers(other, load_structure(submitted.questionnaire).questions, {"tools": ["none"]})
    orm = submitted.answers.values_list("question__key", "value", "not_applicable")

    assert sorted(answers_of(submitted).items()) == sorted(
        (key, scoring.NA if na else value) for key, value, na in orm
    )
    assert answers_of(submitted) == {
        "tools": ["some"],
        "staff": 3,
        "channels": ["web", "zalo"],
        "plan": scoring.NA,
    }
    assert answers_of(other) == {"tools": ["none"]}
    assert answers_of(AssessmentFactory()) == {}


def test_rows_refuse_what_is_not_a_values_list():
    with pytest.raises(NotSupportedError):
        PreparedRows(Assessment.objects.all(), "token")
    with pytest.raises(NotSupportedError):
        PreparedRows(Assessment.objects.values_list("pk", flat=True), "token")
