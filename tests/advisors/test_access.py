"""Who reaches the advisor's screens: only a signed-in user with an active advisor record."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.models import Advisor
from tests.assessment.factories import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db


def make_user(email: str):
    return get_user_model().objects.create_user(username=email, email=email, password="pw-123456")


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("advisors:home"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_user_who_is_not_an_advisor_is_told_why(client):
    client.force_login(make_user("owner@htx.vn"))
    response = client.get(reverse("advisors:home"))
    assert response.status_code == 403
    assert "Tài khoản của bạn chưa là tư vấn viên" in response.content.decode()


def test_an_inactive_advisor_is_refused(client):
    person = make_user("old@team.vn")
    Advisor.objects.create(user=person, active=False)
    client.force_login(person)
    assert client.get(reverse("advisors:home")).status_code == 403


def test_an_active_advisor_sees_the_wards_they_cover(client):
    person = make_user("to-cns@ninhkieu.vn")
    advisor = Advisor.objects.create(user=person, team="Tổ công nghệ số Ninh Kiều")
    advisor.units.add(AdministrativeUnitFactory(name="Phường Ninh Kiều"))
    client.force_login(person)
    response = client.get(reverse("advisors:home"))
    assert response.status_code == 200
    assert "Phường Ninh Kiều" in response.content.decode()
