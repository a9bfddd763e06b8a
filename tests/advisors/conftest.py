from __future__ import annotations

import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from assessment.demo import ensure_default_questionnaire, seed_reference_data
from assessment.models import AdministrativeUnit, Advisor, Assessment, Questionnaire
from tests.assessment.test_flow import best_answers, profile_data

PHONG_DIEN = "CT-X-PHONGDIEN"


def make_user(email: str, name: str = ""):
    first, _, last = name.partition(" ")
    return get_user_model().objects.create_user(
        username=email, email=email, password="pw-123456", first_name=first, last_name=last
    )


def make_advisor(email: str, name: str, team: str, *unit_codes: str) -> Advisor:
    advisor = Advisor.objects.create(user=make_user(email, name), team=team)
    advisor.units.set(AdministrativeUnit.objects.filter(code__in=unit_codes))
    return advisor


@pytest.fixture
def default_questionnaire(db) -> Questionnaire:
    seed_reference_data()
    return ensure_default_questionnaire()


@pytest.fixture
def advisor(default_questionnaire) -> Advisor:
    team = "Tổ công nghệ số cộng đồng Phong Điền"
    return make_advisor("an.nguyen@phongdien.vn", "Nguyễn Văn An", team, PHONG_DIEN)


@pytest.fixture
def advisor_client(advisor) -> Client:
    client = Client()
    client.force_login(advisor.user)
    return client


def start_new(client: Client) -> Assessment:
    """The advisor starts with a new organisation: the profile page of a new assessment."""
    response = client.post("/vi/advisor/start/", {"organisation": "new"})
    assert response.status_code == 302, response.content.decode()[:1000]
    token = response["Location"].split("/")[3]
    return Assessment.objects.get(token=token)


def fill_and_submit(client: Client, assessment: Assessment, **profile) -> str:
    """Profile (in Phong Điền), every step, submit; the results page's HTML."""
    data = profile_data(**profile)
    response = client.post(f"/vi/assessment/{assessment.token}/profile/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    next_url = response["Location"]
    while "/step/" in next_url:
        html = client.get(next_url).content.decode()
        response = client.post(next_url, best_answers(html, assessment.questionnaire))
        assert response.status_code == 302
        next_url = response["Location"]
    response = client.post(f"/vi/assessment/{assessment.token}/submit/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


CODE_RE = re.compile(r"\b([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\b")


def code_in(html: str) -> str:
    match = CODE_RE.search(html)
    assert match, "no claim code on the page"
    return match.group(1)


@pytest.fixture
def submitted(advisor_client) -> tuple[Assessment, str]:
    """An assisted assessment, submitted; and the claim code the advisor read on the results."""
    assessment = start_new(advisor_client)
    html = fill_and_submit(advisor_client, assessment)
    assessment.refresh_from_db()
    return assessment, code_in(html)
