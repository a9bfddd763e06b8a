"""The public site answers in Vietnamese first, English second."""

from __future__ import annotations

import pytest

from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", admin_password="demo-pass-123", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_root_redirects_to_vietnamese_by_default(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_root_redirects_to_english_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_home_page_in_vietnamese(client, seeded):
    response = client.get("/vi/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Bắt đầu tự đánh giá" in html
    assert 'hreflang="en"' in html


def test_home_page_in_english(client, seeded):
    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Start the self-assessment" in html


def test_wagtail_admin_is_mounted_and_django_admin_is_not(client):
    assert client.get("/admin/").status_code == 302  # to the Wagtail login
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/django-admin/", follow=True).status_code == 404
