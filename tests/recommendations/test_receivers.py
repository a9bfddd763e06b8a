"""The plan app reacts to the assessment app through signals, never through imports."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from assessment.answers import save_answers
from assessment.models import Assessment, Membership
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from portal.workspace.services import delete_organisation
from recommendations.models import ActionPlan
from recommendations.plans import latest_plan, plan_actions

from .conftest import submitted_assessment

pytestmark = pytest.mark.django_db


def test_submitting_requests_one_plan_in_the_page_language(questionnaire, rules):
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=submitted_assessment(questionnaire).organisation
    )
    structure = load_structure(questionnaire)
    answers = {"ec_sells_online": ["not_yet"], "ec_website": ["no"], "pay_qr": 2}
    save_answers(assessment, structure.questions, answers)

    submit_assessment(assessment, structure, language="en")

    plan = ActionPlan.objects.get(assessment=assessment)
    assert (plan.status, plan.language) == ("queued", "en")
    # The quick win first, then ecommerce (gap 100 × weight 1.2) before payments (60 × 1.0).
    assert [a.rule for a in plan_actions(plan)] == ["ec_open_shop", "pay_any", "ec_low"]


def test_a_rolled_back_submission_leaves_no_plan(questionnaire, rules):
    organisation = submitted_assessment(questionnaire).organisation
    assessment = Assessment.objects.create(questionnaire=questionnaire, organisation=organisation)
    before = ActionPlan.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        submit_assessment(assessment, load_structure(questionnaire))
        raise RuntimeError("something later in the request failed")

    assessment.refresh_from_db()
    assert not assessment.is_submitted
    assert ActionPlan.objects.count() == before


def test_deleting_an_organisation_removes_its_plan_files_once_committed(
    questionnaire, rules, django_capture_on_commit_callbacks
):
    plan = latest_plan(submitted_assessment(questionnaire))
    plan.file.save(plan.file_name, ContentFile(b"%PDF-1.4 test"), save=True)
    storage, name = plan.file.storage, plan.file.name
    assert storage.exists(name)

    organisation = plan.assessment.organisation
    owner = get_user_model().objects.create_user("owner@htx.vn", "owner@htx.vn", "pw-123456")
    Membership.objects.create(user=owner, organisation=organisation)  # the first is the owner

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_organisation(organisation, by=owner)
    assert storage.exists(name)  # nothing is removed before the deletion commits

    for callback in callbacks:
        callback()
    assert not storage.exists(name)
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()
