"""Managers: claiming, invitations, the access matrix, re-assessment, checklist, targets,
support requests, export and deletion."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from assessment.answers import save_answers
from assessment.models import (
    ActionProgress,
    Assessment,
    Choice,
    DimensionTarget,
    Invitation,
    Membership,
    Organisation,
    Question,
    SupportRequest,
)
from assessment.questionnaires import copy_to_new_draft, publish_questionnaire
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from assessment.views import CREATED_SESSION_KEY
from recommendations.models import ActionPlan, RecommendationRule
from recommendations.plans import latest_plan, plan_actions
from tests.assessment.factories import OrganisationFactory, build_questionnaire
from tests.recommendations.factories import make_rule

pytestmark = pytest.mark.django_db

SHAPE = [
    (
        "ecommerce",
        1,
        [
            {"key": "online", "type": "single", "choices": [("none", 0), ("shop", 1)]},
            {"key": "website", "type": "tristate"},
        ],
    ),
    ("payments", 1, [{"key": "qr", "type": "scale"}]),
]


def user(email: str):
    return get_user_model().objects.create_user(username=email, email=email, password="pw-123456")


@pytest.fixture
def questionnaire():
    return build_questionnaire(SHAPE)


@pytest.fixture(autouse=True)
def rules():
    """Two actions every weak organisation gets: its plan is built by the real plan builder."""
    return [
        make_rule("open_shop", "ecommerce", score_min=0, score_max=100, horizon="now"),
        make_rule("qr_code", "payments", score_min=0, score_max=100, horizon="30d"),
    ]


def submitted(questionnaire, organisation=None, answers=None) -> Assessment:
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=organisation or OrganisationFactory()
    )
    structure = load_structure(questionnaire)
    save_answers(
        assessment, structure.questions, answers or {"online": ["none"], "website": ["no"], "qr": 1}
    )
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def managed(questionnaire):
    """An organisation with one submitted assessment and its manager."""
    manager = user("manager@htx.vn")
    assessment = submitted(questionnaire)
    Membership.objects.create(user=manager, organisation=assessment.organisation)
    return manager, assessment


# --- claiming ---------------------------------------------------------------------------


def started_here(client, *assessments: Assessment) -> None:
    """Mark ``assessments`` as started in this browser, as the start page does."""
    session = client.session
    session[CREATED_SESSION_KEY] = [a.token for a in assessments]
    session.save()


def test_claiming_an_anonymous_assessment_makes_the_user_its_manager(client, questionnaire):
    assessment = submitted(questionnaire)
    person = user("an@htx.vn")
    client.force_login(person)
    started_here(client, assessment)

    response = client.post(f"/vi/dashboard/claim/{assessment.token}/", {"organisation": "own"})

    assert response.status_code == 302
    assert Membership.objects.filter(user=person, organisation=assessment.organisation).exists()
    assessment.refresh_from_db()
    assert assessment.created_by == person


def test_claiming_into_an_organisation_the_user_already_manages(client, questionnaire, managed):
    manager, first = managed
    anonymous = submitted(questionnaire)
    orphan = anonymous.organisation_id
    client.force_login(manager)
    started_here(client, anonymous)

    client.post(
        f"/vi/dashboard/claim/{anonymous.token}/", {"organisation": str(first.organisation_id)}
    )

    anonymous.refresh_from_db()
    assert anonymous.organisation_id == first.organisation_id
    assert not Organisation.objects.filter(pk=orphan).exists()


def test_claiming_needs_a_login(client, questionnaire):
    assessment = submitted(questionnaire)

    response = client.get(f"/vi/dashboard/claim/{assessment.token}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_claimed_assessment_cannot_be_claimed_by_someone_else(client, managed):
    _manager, assessment = managed
    client.force_login(user("other@x.vn"))

    assert client.post(f"/vi/dashboard/claim/{assessment.token}/").status_code == 404
    assert Membership.objects.filter(organisation=assessment.organisation).count() == 1


# --- access matrix ------------------------------------------------------------------------


def object_urls(assessment: Assessment) -> list[str]:
    plan = assessment.action_plans.first()
    org = assessment.organisation_id
    return [
        f"/vi/assessment/{assessment.token}/results/",
        f"/vi/assessment/{assessment.token}/check/",
        f"/vi/assessment/{assessment.token}/plan/{plan.pk}/status/",
        f"/vi/dashboard/organisations/{org}/",
        f"/vi/dashboard/organisations/{org}/export/",
        f"/vi/dashboard/organisations/{org}/delete/",
        f"/vi/dashboard/organisations/{org}/help/",
        f"/vi/dashboard/help/{assessment.token}/",
    ]


@pytest.mark.parametrize(
    "who", ["anonymous", "another_user", "another_manager", "manager", "staff"]
)
def test_access_matrix(client, questionnaire, managed, who):
    manager, assessment = managed
    if who == "another_user":
        client.force_login(user("stranger@x.vn"))
    elif who == "another_manager":
        other = user("other.manager@x.vn")
        Membership.objects.create(user=other, organisation=submitted(questionnaire).organisation)
        client.force_login(other)
    elif who == "manager":
        client.force_login(manager)
    elif who == "staff":
        client.force_login(
            get_user_model().objects.create_user("staff", "s@x.vn", "pw", is_staff=True)
        )

    statuses = [client.get(url).status_code for url in object_urls(assessment)]

    if who == "manager":  # the organisation's first manager: its owner
        assert all(status in (200, 302) for status in statuses[:3]), statuses
        assert statuses[3:] == [200] * 5
    elif who == "staff":  # sees everything, but deleting is the owner's alone
        assert all(status in (200, 302) for status in statuses[:3]), statuses
        assert statuses[3:] == [200, 200, 403, 200, 200]
    elif who == "anonymous":
        assert statuses[:3] == [404, 404, 404]
        assert all(status == 302 for status in statuses[3:7])  # to the login page
        assert statuses[7] == 404
    else:
        assert statuses == [404] * len(statuses)


def test_an_unclaimed_assessment_is_reached_with_its_resume_link_only(client, questionnaire):
    assessment = submitted(questionnaire)

    assert client.get(f"/vi/assessment/{assessment.token}/results/").status_code == 200
    assert client.get(f"/vi/assessment/{'x' * 43}/results/").status_code == 404


# --- invitations ----------------------------------------------------------------------------


def invite(client, managed, email="second@htx.vn") -> str:
    manager, assessment = managed
    client.force_login(manager)
    client.post(
        f"/vi/dashboard/organisations/{assessment.organisation_id}/invite/", {"email": email}
    )
    return (
        re.search(r"https?://\S+", mail.outbox[-1].body).group(0).removeprefix("http://localhost")
    )


def test_an_invited_person_becomes_a_manager_once(client, managed):
    link = invite(client, managed)
    second = user("second@htx.vn")
    client.force_login(second)

    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=second).count() == 1
    reused = client.post(link)
    assert reused.status_code == 400
    assert "Lời mời này đã được sử dụng" in reused.content.decode()


def test_an_expired_invitation_is_refused(client, managed):
    link = invite(client, managed)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(user("second@htx.vn"))

    assert client.post(link).status_code == 400
    assert Membership.objects.count() == 1


def test_an_invitation_for_someone_else_is_refused(client, managed):
    link = invite(client, managed)
    client.force_login(user("not.invited@x.vn"))

    assert client.post(link).status_code == 400
    assert Membership.objects.count() == 1


def test_the_owner_removes_managers_but_never_themselves(client, managed):
    manager, assessment = managed
    org = assessment.organisation_id
    client.force_login(manager)
    own = Membership.objects.get(user=manager)

    client.post(f"/vi/dashboard/organisations/{org}/managers/{own.pk}/remove/")
    assert Membership.objects.filter(organisation_id=org).count() == 1

    second = Membership.objects.create(user=user("second@htx.vn"), organisation_id=org)
    client.post(f"/vi/dashboard/organisations/{org}/managers/{second.pk}/remove/")
    assert list(Membership.objects.filter(organisation_id=org)) == [own]


# --- dashboard ------------------------------------------------------------------------------


def test_checklist_progress_is_saved_with_the_date(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    url = f"/vi/dashboard/organisations/{assessment.organisation_id}/"

    client.post(url + "checklist/", {"action-open_shop": "done", "action-qr_code": "in_progress"})

    done = ActionProgress.objects.get(rule_key="open_shop")
    assert (done.status, done.done_on) == ("done", timezone.localdate())
    assert "(50%)" in client.get(url).content.decode()


def test_a_made_up_status_is_refused(client, managed):
    manager, assessment = managed
    client.force_login(manager)

    response = client.post(
        f"/vi/dashboard/organisations/{assessment.organisation_id}/checklist/",
        {"action-open_shop": "finished"},
    )

    assert response.status_code == 400
    assert not ActionProgress.objects.exists()


def test_reassessment_is_prefilled_across_a_version_change(client, managed, questionnaire):
    manager, assessment = managed
    v2 = copy_to_new_draft(questionnaire)
    # A choice renamed and a question re-keyed: their old answers cannot be carried over.
    Choice.objects.filter(question__dimension__questionnaire=v2, key="none").update(key="nothing")
    Question.objects.filter(dimension__questionnaire=v2, key="website").update(key="web_presence")
    publish_questionnaire(v2)
    client.force_login(manager)

    response = client.post(f"/vi/dashboard/organisations/{assessment.organisation_id}/reassess/")

    new = Assessment.objects.exclude(pk=assessment.pk).get()
    assert response.status_code == 302
    assert new.questionnaire == v2
    assert dict(new.answers.values_list("question__key", "value")) == {"qr": 1}


def test_progress_between_two_assessments_is_described(client, managed, questionnaire):
    manager, first = managed
    submitted(questionnaire, first.organisation, {"online": ["shop"], "website": ["yes"], "qr": 1})
    client.force_login(manager)

    html = client.get(f"/en/dashboard/organisations/{first.organisation_id}/").content.decode()

    assert "up 100 points" in html  # ecommerce went from 0 to 100
    assert "unchanged" in html
    assert "<svg" in html


def test_targets_are_saved_and_change_the_next_plan_order(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    # Within one horizon, ecommerce (score 0) and payments (20): without targets the bigger
    # gap (100 vs 80) leads.
    RecommendationRule.objects.update(horizon="now")
    client.post(f"/vi/assessment/{assessment.token}/plan/")
    assert [a.rule for a in plan_actions(latest_plan(assessment))] == ["open_shop", "qr_code"]

    response = client.post(
        f"/vi/dashboard/organisations/{assessment.organisation_id}/targets/",
        {"ecommerce": "1", "payments": ""},
    )
    client.post(f"/vi/assessment/{assessment.token}/plan/")  # a new plan with the targets

    assert response.status_code == 302
    assert list(DimensionTarget.objects.values_list("dimension_key", "target_level")) == [
        ("ecommerce", 1)
    ]
    # Level 1 starts at 10, so ecommerce's gap is now 10 - 0 = 10, less than payments' 80.
    assert [a.rule for a in plan_actions(latest_plan(assessment))] == ["qr_code", "open_shop"]


def test_support_request_from_the_dashboard_shows_its_status(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    url = f"/vi/dashboard/organisations/{assessment.organisation_id}/help/"

    bad = client.post(url, {"needs": ["other"], "channel": "phone", "contact_name": "An"})
    assert bad.status_code == 400
    assert not SupportRequest.objects.exists()
    client.post(
        url,
        {
            "needs": ["marketplace", "einvoice"],
            "channel": "zalo",
            "contact_name": "An",
            "phone": "0909123456",
        },
    )
    SupportRequest.objects.update(status="contacted")

    html = client.get(f"/en/dashboard/organisations/{assessment.organisation_id}/").content.decode()
    assert "Listing on an e-commerce marketplace" in html
    assert "Contacted" in html


def test_support_request_from_an_anonymous_results_page(client, questionnaire):
    assessment = submitted(questionnaire)

    client.post(
        f"/vi/dashboard/help/{assessment.token}/",
        {
            "needs": ["website"],
            "channel": "email",
            "contact_name": "Chị Lan",
            "email": "lan@htx.vn",
        },
    )

    assert SupportRequest.objects.get().organisation == assessment.organisation
    assert SupportRequest.objects.get().language == "vi"


def test_a_support_request_remembers_the_language_it_was_made_in(client, questionnaire):
    assessment = submitted(questionnaire)

    client.post(
        f"/en/dashboard/help/{assessment.token}/",
        {"needs": ["website"], "channel": "email", "contact_name": "Lan", "email": "lan@htx.vn"},
    )

    assert SupportRequest.objects.get().language == "en"  # the center's e-mails use it


def test_export_holds_everything_the_organisation_owns(client, managed):
    manager, assessment = managed
    client.force_login(manager)

    response = client.get(f"/vi/dashboard/organisations/{assessment.organisation_id}/export/")

    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/json")
    assert data["organisation"]["name"] == assessment.organisation.name
    assert data["managers"] == ["manager@htx.vn"]
    assert data["assessments"][0]["answers"]["online"] == ["none"]


def test_deletion_needs_the_name_then_removes_everything(client, managed):
    manager, assessment = managed
    org = assessment.organisation
    client.force_login(manager)
    url = f"/vi/dashboard/organisations/{org.pk}/delete/"

    assert client.post(url, {"confirm_name": "wrong"}).status_code == 400
    assert Organisation.objects.filter(pk=org.pk).exists()
    client.post(url, {"confirm_name": org.name})

    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not ActionPlan.objects.exists()
    assert RecommendationRule.objects.count() == 2  # rules are not the organisation's
