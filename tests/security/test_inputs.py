"""F9–F11, F15, F19: names and free text, mail headers, the checklist, restricted pages and
the start page's list of this browser's assessments."""

from __future__ import annotations

from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from wagtail.models import PageViewRestriction

from assessment.demo import ensure_default_questionnaire, seed_reference_data
from assessment.models import ActionProgress, Invitation, Membership, Organisation, SupportRequest
from cms.models import HomePageFeaturedGuidance
from cms.text import single_line
from tests.assessment.factories import build_questionnaire
from tests.assessment.test_flow import profile_data, start
from tests.cms.factories import GuidanceIndexPageFactory, GuidancePageFactory, vietnamese_home
from tests.recommendations.factories import make_rule
from tests.workspace.test_workspace import SHAPE, submitted, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_questionnaire():
    seed_reference_data()
    return ensure_default_questionnaire()


@pytest.fixture
def questionnaire():
    make_rule("open_shop", "ecommerce", score_min=0, score_max=100, horizon="now")
    return build_questionnaire(SHAPE)


@pytest.fixture
def managed(questionnaire):
    manager = user("manager@htx.vn")
    assessment = submitted(questionnaire)
    Membership.objects.create(user=manager, organisation=assessment.organisation)
    return manager, assessment


HOSTILE_NAMES = {
    "crlf": "Evil Co\r\nBcc: victim@evil.example",
    "escape": "Ctrl\x07\x1b[31mRed",
    "bidi override": "\u202eGRO lacigol",
    "bidi isolate": "HTX \u2067Sạch\u2069",
    "zero-width only": "\u200b\u202e",
    "only a zero-width space": "\u200b\u200d",
    "invalid utf-8": "Bad\ufffd\ufffdUtf8",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_f9_f10_the_profile_name_refuses_hidden_characters(client, default_questionnaire, name):
    assessment = start(client)

    response = client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data(name=name))

    assert response.status_code == 400
    assert "Vui lòng gõ lại" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.organisation_id is None
    assert not Organisation.objects.exists()


def test_f10_raw_invalid_utf8_bytes_are_refused(client, default_questionnaire):
    assessment = start(client)
    body = "&".join(f"{k}={v}" for k, v in profile_data(name="Bad").items() if k != "name")
    raw = b"name=Bad%FF%FEUtf8&" + body.encode()

    response = client.post(
        f"/vi/assessment/{assessment.token}/profile/",
        raw,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_f9_ordinary_vietnamese_names_still_pass(client, default_questionnaire):
    assessment = start(client)

    response = client.post(
        f"/vi/assessment/{assessment.token}/profile/",
        profile_data(name="Hộ kinh doanh Bà Năm – Cà phê & Trà"),
    )

    assert response.status_code == 302
    assert Organisation.objects.get().name == "Hộ kinh doanh Bà Năm – Cà phê & Trà"


def test_f9_support_request_text_refuses_bidi_but_keeps_line_breaks(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    url = f"/vi/dashboard/organisations/{assessment.organisation_id}/help/"
    data = {"needs": ["other"], "channel": "phone", "phone": "0901234567"}

    refused = client.post(url, {**data, "contact_name": "\u202eAn", "other_need": "Cần\r\ngiúp"})
    accepted = client.post(url, {**data, "contact_name": "Chị An", "other_need": "Cần\r\ngiúp"})

    assert refused.status_code == 400
    assert "Vui lòng gõ lại" in refused.content.decode()
    assert accepted.status_code == 200
    assert SupportRequest.objects.get().other_need == "Cần\r\ngiúp"


def test_f9_sign_up_name_refuses_control_characters():
    response = Client().post(
        "/vi/accounts/signup/",
        {
            "email": "new@example.vn",
            "first_name": "An\x1b[2J",
            "password1": "Mat-khau-dai-2024",
            "password2": "Mat-khau-dai-2024",
        },
    )

    assert "Vui lòng gõ lại" in response.content.decode()
    assert not get_user_model().objects.filter(email="new@example.vn").exists()


def test_f9_a_stored_crlf_name_never_reaches_the_subject(client, managed):
    manager, assessment = managed
    # Saved before names were validated.
    Organisation.objects.filter(pk=assessment.organisation_id).update(
        name="Evil Co\r\nBcc: victim@evil.example"
    )
    client.force_login(manager)

    response = client.post(
        f"/vi/dashboard/organisations/{assessment.organisation_id}/invite/",
        {"email": "erin@example.vn"},
    )

    assert response.status_code == 302
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.endswith("Evil Co Bcc: victim@evil.example")
    assert message.recipients() == ["erin@example.vn"]


def test_f9_the_invitation_is_not_kept_when_its_mail_fails(client, managed):
    manager, assessment = managed
    client.force_login(manager)

    with (
        mock.patch("portal.workspace.views.send_mail", side_effect=OSError("smtp down")),
        pytest.raises(OSError),
    ):
        client.post(
            f"/vi/dashboard/organisations/{assessment.organisation_id}/invite/",
            {"email": "erin@example.vn"},
        )

    assert not Invitation.objects.exists()


def test_single_line_turns_every_break_into_a_space():
    assert single_line("A\r\nB\u2028C\x85D\tE") == "A B C D E"


def test_f11_the_checklist_refuses_a_key_outside_the_current_plan(client, managed):
    manager, assessment = managed
    client.force_login(manager)

    response = client.post(
        f"/vi/dashboard/organisations/{assessment.organisation_id}/checklist/",
        {"action-open_shop": "done", "action-<script>alert(1)</script> not a slug": "done"},
    )

    assert response.status_code == 400
    assert not ActionProgress.objects.exists()


def test_f15_a_restricted_page_is_not_featured(client):
    home = vietnamese_home()
    index = GuidanceIndexPageFactory(parent=home, title="Hướng dẫn", slug="huong-dan")
    open_page = GuidancePageFactory(parent=index, title="Hóa đơn điện tử")
    private = GuidancePageFactory(parent=index, title="Zqx trang nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    home.featured_guidance = [
        HomePageFeaturedGuidance(page=private),
        HomePageFeaturedGuidance(page=open_page),
    ]
    home.save_revision().publish()

    html = client.get("/vi/").content.decode()

    assert "Hóa đơn điện tử" in html
    assert "Zqx trang nội bộ" not in html


def test_f19_the_start_page_forgets_an_assessment_claimed_by_someone_else(questionnaire):
    assessment = submitted(questionnaire)
    assessment.organisation.name = "Org A of Alice"
    assessment.organisation.save()
    browser = Client()
    browser.get(f"/vi/assessment/{assessment.token}/")  # remembered by this browser
    assert "Org A of Alice" in browser.get("/vi/assessment/").content.decode()

    Membership.objects.create(user=user("alice@example.vn"), organisation=assessment.organisation)

    assert "Org A of Alice" not in browser.get("/vi/assessment/").content.decode()
