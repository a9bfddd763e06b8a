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
    assert '<a href="#id_email">Nhập địa chỉ email đúng dạng, ví dụ ten@example.com</a>' in html
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


def summary_links(html: str) -> list[tuple[str, str]]:
    """(field id, message) of each link in the error summary, in order."""
    summary = html[html.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def test_an_empty_sign_up_names_each_field_and_keeps_what_was_typed(client):
    response = client.post(
        "/vi/accounts/signup/",
        {"email": "", "first_name": "Trần Thị Bình", "password1": "", "password2": ""},
    )

    html = response.content.decode()
    assert summary_links(html) == [
        ("id_email", "Nhập địa chỉ email"),
        ("id_password1", "Đặt mật khẩu"),
        ("id_password2", "Nhập lại mật khẩu"),
    ]
    assert 'value="Trần Thị Bình"' in html


def test_a_refused_sign_up_keeps_the_address_but_never_the_password(client):
    response = client.post(
        "/vi/accounts/signup/",
        {"email": "an@example.vn", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    html = response.content.decode()
    assert 'value="an@example.vn"' in html
    assert PASSWORD not in html


def test_an_empty_log_in_names_each_field(client):
    response = client.post("/vi/accounts/login/", {"username": "", "password": ""})

    assert summary_links(response.content.decode()) == [
        ("id_username", "Nhập địa chỉ email"),
        ("id_password", "Nhập mật khẩu"),
    ]


def test_a_log_in_without_password_keeps_the_address(client, active_user):
    response = client.post("/vi/accounts/login/", {"username": active_user.email, "password": ""})

    html = response.content.decode()
    assert summary_links(html) == [("id_password", "Nhập mật khẩu")]
    assert f'value="{active_user.email}"' in html


def test_an_empty_password_reset_asks_for_the_address(client):
    response = client.post("/vi/accounts/password/reset/", {"email": ""})

    assert summary_links(response.content.decode()) == [("id_email", "Nhập địa chỉ email")]


def test_an_empty_new_password_names_both_fields(client, active_user):
    client.post("/vi/accounts/password/reset/", {"email": active_user.email})
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    set_url = form_page.redirect_chain[-1][0]

    response = client.post(set_url, {"new_password1": "", "new_password2": ""})

    assert summary_links(response.content.decode()) == [
        ("id_new_password1", "Nhập mật khẩu mới"),
        ("id_new_password2", "Nhập lại mật khẩu mới"),
    ]


def test_an_empty_password_change_names_each_field(client, active_user):
    client.force_login(active_user)

    response = client.post("/vi/accounts/password/change/", {})

    assert summary_links(response.content.decode()) == [
        ("id_old_password", "Nhập mật khẩu hiện tại"),
        ("id_new_password1", "Nhập mật khẩu mới"),
        ("id_new_password2", "Nhập lại mật khẩu mới"),
    ]


def test_the_other_account_forms_name_their_field(active_user):
    from django.utils import translation

    from portal.accounts.forms import VerifyPasswordForm
    from portal.workspace.forms import InviteForm

    with translation.override("vi"):
        verify = VerifyPasswordForm(active_user, data={}).errors
        invite = InviteForm(data={}).errors
        invalid = InviteForm(data={"email": "không-phải-email"}).errors

    assert verify == {"password": ["Nhập mật khẩu bạn đã chọn khi đăng ký"]}
    assert invite == {"email": ["Nhập địa chỉ email của người bạn muốn mời"]}
    assert invalid == {"email": ["Nhập địa chỉ email đúng dạng, ví dụ ten@example.com"]}
