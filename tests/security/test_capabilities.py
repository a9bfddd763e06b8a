"""F4: the PDF carries a read-only share link; claiming needs the browser that started,
or a confirmation link e-mailed to the claimer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from assessment.models import Assessment, Membership
from recommendations.adapter import plan_document
from recommendations.models import ActionPlan
from tests.assessment.factories import OrganisationFactory, build_questionnaire
from tests.recommendations.conftest import SHAPE, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    return submitted_assessment(build_questionnaire(SHAPE))


def test_f4_the_pdf_link_is_not_the_resume_link(assessment):
    document = plan_document(ActionPlan.objects.get(assessment=assessment))

    assert assessment.token not in document.results_url
    assessment.refresh_from_db()
    assert document.results_url.endswith(f"/assessment/shared/{assessment.share_token}/")


def test_f4_the_share_link_shows_results_and_nothing_that_acts(assessment):
    shared = Client().get(f"/vi/assessment/shared/{assessment.ensure_share_token()}/")
    html = shared.content.decode()

    assert shared.status_code == 200
    assert "Kết quả của bạn" in html
    assert assessment.token not in html  # no resume link, claim, regenerate or help form
    share = assessment.share_token
    for path in ("", "results/", "plan/", "submit/"):
        assert Client().post(f"/vi/assessment/{share}/{path}").status_code == 404
    assert Client().get(f"/vi/dashboard/help/{share}/").status_code == 404


def test_f4_a_revoked_share_link_is_dead(assessment):
    token = assessment.ensure_share_token()
    assessment.revoke_share_token()

    assert Client().get(f"/vi/assessment/shared/{token}/").status_code == 404


def test_f4_the_resume_link_alone_does_not_claim(assessment):
    stranger = get_user_model().objects.create_user(username="bob@example.vn", password="x")
    browser = Client()
    browser.force_login(stranger)

    response = browser.post(f"/vi/dashboard/claim/{assessment.token}/", {"organisation": "own"})

    assert response.status_code == 400
    assert "trình duyệt" in response.content.decode()
    assert not Membership.objects.filter(organisation=assessment.organisation).exists()


def test_f4_the_browser_that_started_can_claim_after_logging_in():
    build_questionnaire(SHAPE)
    browser = Client()
    browser.post("/vi/assessment/")
    token = browser.session["assessment_created_tokens"][0]
    Assessment.objects.filter(token=token).update(organisation=OrganisationFactory())
    owner = get_user_model().objects.create_user(username="an@example.vn", password="x")
    browser.force_login(owner)

    page = browser.get(f"/vi/dashboard/claim/{token}/")

    assert page.status_code == 200
    assert 'name="organisation"' in page.content.decode()


def test_f4_another_browser_claims_after_the_claimer_confirms_by_email(assessment, mailoutbox):
    claimer = get_user_model().objects.create_user(
        username="an@example.vn", email="an@example.vn", password="x"
    )
    browser = Client()
    browser.force_login(claimer)
    claim_url = f"/vi/dashboard/claim/{assessment.token}/"

    offered = browser.get(claim_url)
    assert offered.status_code == 400
    assert 'name="send_confirmation"' in offered.content.decode()
    sent = browser.post(claim_url, {"send_confirmation": "1"})
    assert sent.status_code == 200
    assert not Membership.objects.filter(organisation=assessment.organisation).exists()
    assert [m.to for m in mailoutbox] == [["an@example.vn"]]
    link = re.search(r"https?://\S+/dashboard/claim/confirm/\S+/", mailoutbox[0].body).group(0)
    confirm_path = urlsplit(link).path

    # The link is the claimer's alone.
    other = get_user_model().objects.create_user(username="bob@example.vn", password="x")
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(confirm_path).status_code == 404
    assert stranger.get(claim_url).status_code == 400

    assert browser.get(confirm_path).status_code == 302
    claimed = browser.post(claim_url, {"organisation": "own"})
    assert claimed.status_code == 302
    assert Membership.objects.filter(
        organisation=assessment.organisation, user=claimer, is_owner=True
    ).exists()


def test_f4_a_tampered_confirmation_link_changes_nothing(assessment):
    claimer = get_user_model().objects.create_user(username="an@example.vn", password="x")
    browser = Client()
    browser.force_login(claimer)

    response = browser.get("/vi/dashboard/claim/confirm/not-a-signed-value/")

    assert response.status_code == 400
    assert (
        browser.post(
            f"/vi/dashboard/claim/{assessment.token}/", {"organisation": "own"}
        ).status_code
        == 400
    )
    assert not Membership.objects.filter(organisation=assessment.organisation).exists()
