"""Sign-up, e-mail verification, log-in, log-out, password reset and change, throttling."""

from __future__ import annotations

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "mật-khẩu-Đủ-Dài-2026"


def sign_up(client, email="chu.htx@example.vn", language="vi", next_url=""):
    data = {
        "email": email,
        "first_name": "Nguyễn Văn An",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    if next_url:
        data["next"] = next_url
    return client.post(f"/{language}/accounts/signup/", data)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).removeprefix("http://localhost")


def test_sign_up_sends_a_verification_link_and_the_account_waits_for_it(client):
    response = sign_up(client)

    assert response.status_code == 200
    assert "Kiểm tra" in response.content.decode()
    user = get_user_model().objects.get(username="chu.htx@example.vn")
    assert not user.is_active
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chu.htx@example.vn"]
    assert (
        client.post(
            "/vi/accounts/login/", {"username": user.email, "password": PASSWORD}
        ).status_code
        == 200
    )


def test_the_verification_link_is_on_the_public_address_not_the_request_host(client, settings):
    settings.PORTAL_BASE_URL = "https://dtt.example.gov.vn"

    sign_up(client)

    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.startswith("https://dtt.example.gov.vn/vi/accounts/")


def test_the_verification_link_activates_logs_in_and_follows_next(client):
    sign_up(client, next_url="/vi/dashboard/")

    response = client.get(link_in(mail.outbox[0]))

    assert response.status_code == 302
    assert response["Location"] == "/vi/dashboard/"
    assert get_user_model().objects.get(username="chu.htx@example.vn").is_active
    assert client.get("/vi/dashboard/").status_code == 200


def test_a_tampered_verification_link_is_refused(client):
    sign_up(client)
    response = client.get(link_in(mail.outbox[0])[:-3] + "xyz/")

    assert response.status_code == 400
    assert not get_user_model().objects.get(username="chu.htx@example.vn").is_active


def test_sign_up_errors_are_shown_in_vietnamese_and_create_nothing(client):
    response = client.post(
        "/vi/accounts/signup/", {"email": "không-phải-email", "password1": "a", "password2": "b"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    # Each message, in Vietnamese, linked from the summary to its field.
    assert '<a href="#id_email">Nhập địa chỉ email.</a>' in html
    assert '<a href="#id_password2">Hai trường mật khẩu không giống nhau.</a>' in html
    assert get_user_model().objects.count() == 0


def test_signing_up_twice_keeps_one_account(client):
    sign_up(client)
    response = sign_up(client, email="CHU.HTX@example.vn")

    assert response.status_code == 200
    assert get_user_model().objects.count() == 1
    assert len(mail.outbox) == 2


@pytest.fixture
def active_user():
    return get_user_model().objects.create_user(
        username="quan.ly@example.vn", email="quan.ly@example.vn", password=PASSWORD
    )


def test_log_in_with_e_mail_and_log_out(client, active_user):
    response = client.post(
        "/vi/accounts/login/", {"username": "Quan.Ly@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302

    assert client.post("/vi/accounts/logout/").status_code == 200
    assert client.get("/vi/dashboard/").status_code == 302


def test_wrong_password_says_so_in_vietnamese(client, active_user):
    response = client.post(
        "/vi/accounts/login/", {"username": active_user.email, "password": "sai"}
    )

    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_login_is_throttled_after_five_wrong_passwords(client, active_user):
    for _ in range(5):
        client.post("/vi/accounts/login/", {"username": active_user.email, "password": "sai"})

    response = client.post(
        "/vi/accounts/login/", {"username": active_user.email, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "15 phút" in response.content.decode()


def test_password_reset_round_trip(client, active_user):
    client.post("/vi/accounts/password/reset/", {"email": active_user.email})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link

    response = client.post(
        set_url, {"new_password1": "Mới-mật-khẩu-2027", "new_password2": "Mới-mật-khẩu-2027"}
    )

    assert response.status_code == 302
    active_user.refresh_from_db()
    assert active_user.check_password("Mới-mật-khẩu-2027")


def test_change_password(client, active_user):
    client.force_login(active_user)

    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-pass-2027",
            "new_password2": "Another-pass-2027",
        },
    )

    assert response.status_code == 302
    active_user.refresh_from_db()
    assert active_user.check_password("Another-pass-2027")


def test_english_pages(client):
    assert "Create an account" in client.get("/en/accounts/signup/").content.decode()
    assert "Log in" in client.get("/en/accounts/login/").content.decode()
