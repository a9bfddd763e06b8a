"""F6, F18: every cheap write has a limit per client address and per account (real cache)."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client

from assessment.models import Assessment, Membership, SupportRequest
from recommendations.models import ActionPlan
from tests.assessment.factories import build_questionnaire
from tests.recommendations.conftest import SHAPE, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    """Small real rates on a clean cache, and a proxy in front as in production."""
    cache.clear()
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8"]

    def set_rates(group: str, **rates: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: rates}

    yield set_rates
    cache.clear()


def visitor(ip: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ip)


def test_f6_assessment_creation_is_limited_per_client_address(limits):
    build_questionnaire(SHAPE)
    limits("assessment-create", ip="3/h", account="100/h")
    script = visitor("203.0.113.9")
    answers = [script.post("/vi/assessment/").status_code for _ in range(4)]

    refused = script.post("/vi/assessment/")

    assert answers == [302, 302, 302, 429]
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert Assessment.objects.count() == 3
    assert visitor("198.51.100.4").post("/vi/assessment/").status_code == 302  # someone else


def test_f6_regenerating_is_limited_per_assessment_and_keeps_one_current_plan(
    limits, django_capture_on_commit_callbacks
):
    limits("plan-regenerate", ip="100/h", account="2/h")
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    first = ActionPlan.objects.get(assessment=assessment)
    first.status = ActionPlan.Status.READY
    first.file.save(f"plan-{first.pk}.pdf", ContentFile(b"%PDF-1.4 old"))
    old_file = first.file.name
    url = f"/vi/assessment/{assessment.token}/plan/"

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [visitor(f"203.0.113.{n}").post(url).status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    plans = ActionPlan.objects.filter(assessment=assessment, language="vi")
    assert plans.count() == 2  # two queued requests; the finished plan they replace is gone
    assert not plans.filter(pk=first.pk).exists()
    assert not first.file.storage.exists(old_file)


def test_f6_support_requests_are_limited_per_assessment(limits):
    limits("support-request", ip="100/h", account="2/h")
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    url = f"/vi/dashboard/help/{assessment.token}/"
    data = {"needs": ["marketplace"], "contact_name": "An", "phone": "0901234567"}
    data["contact_channel"] = "zalo"

    statuses = [visitor(f"203.0.113.{n}").post(url, data).status_code for n in range(3)]

    assert statuses[2] == 429
    assert SupportRequest.objects.count() <= 2


def test_f6_invitations_are_limited_per_account(limits):
    limits("invitation", ip="100/h", account="2/h")
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    manager = get_user_model().objects.create_user(username="m@example.vn", password="x-1-Mật")
    Membership.objects.create(user=manager, organisation=assessment.organisation)
    client = visitor("203.0.113.5")
    client.force_login(manager)
    url = f"/vi/dashboard/organisations/{assessment.organisation_id}/invite/"

    statuses = [client.post(url, {"email": f"x{n}@example.vn"}).status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_f6_sign_up_and_reset_mails_are_limited_per_recipient(limits):
    limits("signup", ip="100/h", email="2/h")
    limits("password-reset", ip="100/h", email="2/h")
    signup = {
        "email": "victim@example.vn",
        "first_name": "",
        "password1": "mật-khẩu-Đủ-Dài-2026",
        "password2": "mật-khẩu-Đủ-Dài-2026",
    }
    statuses = [
        visitor(f"203.0.113.{n}").post("/vi/accounts/signup/", signup).status_code for n in range(3)
    ]
    resets = [
        visitor(f"198.51.100.{n}")
        .post("/vi/accounts/password/reset/", {"email": "victim@example.vn"})
        .status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert resets[2] == 429
    assert len(mail.outbox) == 2 + 2  # two sign-up links, two resets of the unconfirmed account


def test_f18_page_password_guesses_are_limited(limits):
    limits("page-password", ip="3/h")
    guesser = visitor("203.0.113.7")
    url = "/vi/_util/authenticate_with_password/999/999/"

    statuses = [guesser.post(url, {"password": f"guess{n}"}).status_code for n in range(4)]

    assert statuses[:3] == [404, 404, 404]  # Wagtail's own view answered
    assert statuses[3] == 429
