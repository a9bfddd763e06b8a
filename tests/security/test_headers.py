"""F16: pages that show a token or personal data are never cached."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from tests.assessment.factories import build_questionnaire
from tests.recommendations.conftest import SHAPE, submitted_assessment

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_f16_results_and_flow_pages_are_not_stored():
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    client = Client()

    for path in ("results/", "profile/", "step/2/", "check/"):
        response = client.get(f"/vi/assessment/{assessment.token}/{path}")
        assert no_store(response), (path, response.get("Cache-Control"))
    shared = client.get(f"/vi/assessment/shared/{assessment.ensure_share_token()}/")
    assert no_store(shared)


def test_f16_dashboard_pages_are_not_stored():
    person = get_user_model().objects.create_user(username="an@example.vn", password="x")
    client = Client()
    client.force_login(person)

    assert no_store(client.get("/vi/dashboard/"))


def test_f16_public_pages_keep_their_caching():
    build_questionnaire(SHAPE)

    assert not no_store(Client().get("/vi/assessment/how-we-score/"))
