"""F1, F2: verification links that die, sign-ups that never block the real owner."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.accounts.tasks import purge_unverified_accounts

pytestmark = pytest.mark.django_db

OWNER_PASSWORD = "mật-khẩu-Của-Chủ-2026"
ATTACKER_PASSWORD = "Att4cker-Chosen!pw-2026"
EMAIL = "henry@example.vn"


def sign_up(client: Client, password: str, email: str = EMAIL):
    return client.post(
        "/vi/accounts/signup/",
        {"email": email, "first_name": "Henry", "password1": password, "password2": password},
    )


def last_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+", body).group(0).replace("http://testserver", "")


def user():
    return get_user_model().objects.get(username=EMAIL)


def can_log_in(password: str) -> bool:
    response = Client().post("/vi/accounts/login/", {"username": EMAIL, "password": password})
    return response.status_code == 302


def test_f1_an_old_link_does_not_revive_a_deactivated_account(client):
    sign_up(client, OWNER_PASSWORD)
    link = last_link()
    assert client.get(link).status_code == 302  # confirmed and logged in
    client.post("/vi/accounts/logout/")
    get_user_model().objects.filter(username=EMAIL).update(is_active=False)

    response = client.get(link)

    assert response.status_code == 400
    assert not user().is_active
    assert client.get("/vi/dashboard/").status_code == 302  # not logged in


def test_f1_a_link_dies_when_the_password_changes(client):
    sign_up(client, OWNER_PASSWORD)
    link = last_link()
    account = user()
    account.set_password("Một-mật-khẩu-khác-2027")
    account.save()

    assert client.get(link).status_code == 400
    assert not user().is_active


def test_f1_a_used_link_does_not_log_in_again():
    browser = Client()
    sign_up(browser, OWNER_PASSWORD)
    link = last_link()
    browser.get(link)

    other = Client()
    response = other.get(link)

    assert response.status_code == 302
    assert response["Location"].startswith("/vi/accounts/login/")
    assert other.get("/vi/dashboard/").status_code == 302


def test_f2_sign_up_answers_the_same_for_a_taken_address_and_the_mail_says_so(client):
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password=OWNER_PASSWORD)
    taken = sign_up(client, ATTACKER_PASSWORD)
    fresh = sign_up(Client(), ATTACKER_PASSWORD, email="someone.new@example.vn")

    assert taken.status_code == fresh.status_code == 200
    assert taken.content.decode().replace(EMAIL, "X") == fresh.content.decode().replace(
        "someone.new@example.vn", "X"
    )
    assert mail.outbox[0].to == [EMAIL]
    assert "/vi/accounts/password/reset/" in mail.outbox[0].body
    assert can_log_in(OWNER_PASSWORD)
    assert not can_log_in(ATTACKER_PASSWORD)


def test_f2_the_owner_signs_up_over_a_squatted_address_and_the_attacker_link_dies():
    attacker = Client()
    sign_up(attacker, ATTACKER_PASSWORD)
    attacker_link = last_link()

    owner = Client()
    sign_up(owner, OWNER_PASSWORD)
    owner.get(last_link())

    assert Client().get(attacker_link).status_code == 302  # to the log-in page, not in
    assert can_log_in(OWNER_PASSWORD)
    assert not can_log_in(ATTACKER_PASSWORD)


def test_f2_a_link_for_someone_elses_sign_up_does_not_activate_with_their_password():
    owner = Client()
    sign_up(owner, OWNER_PASSWORD)
    attacker = Client()
    sign_up(attacker, ATTACKER_PASSWORD)  # replaces the unconfirmed password
    link = last_link()  # arrives in the owner's mailbox

    page = owner.get(link)
    wrong = owner.post(link, {"password": OWNER_PASSWORD})

    assert page.status_code == 200
    assert "mật khẩu" in page.content.decode()
    assert wrong.status_code == 400
    assert not user().is_active
    assert not can_log_in(ATTACKER_PASSWORD)


def test_f2_a_link_in_another_browser_works_with_the_right_password():
    sign_up(Client(), OWNER_PASSWORD)
    phone = Client()

    response = phone.post(last_link(), {"password": OWNER_PASSWORD})

    assert response.status_code == 302
    assert user().is_active
    assert phone.get("/vi/dashboard/").status_code == 200


def test_f2_a_password_reset_makes_a_squatted_account_the_owners():
    sign_up(Client(), ATTACKER_PASSWORD)
    owner = Client()
    owner.post("/vi/accounts/password/reset/", {"email": EMAIL})
    form_page = owner.get(last_link(), follow=True)
    set_url = form_page.redirect_chain[-1][0]

    owner.post(set_url, {"new_password1": OWNER_PASSWORD, "new_password2": OWNER_PASSWORD})

    assert user().is_active
    assert can_log_in(OWNER_PASSWORD)
    assert not can_log_in(ATTACKER_PASSWORD)


def test_f2_unconfirmed_accounts_expire():
    sign_up(Client(), ATTACKER_PASSWORD)
    sign_up(Client(), OWNER_PASSWORD, email="fresh@example.vn")
    get_user_model().objects.filter(username=EMAIL).update(
        date_joined=timezone.now() - timedelta(days=3, minutes=1)
    )
    confirmed = get_user_model().objects.create_user(username="old@example.vn", password="x")
    get_user_model().objects.filter(pk=confirmed.pk).update(
        date_joined=timezone.now() - timedelta(days=30)
    )

    assert purge_unverified_accounts() == 1
    assert set(get_user_model().objects.values_list("username", flat=True)) == {
        "fresh@example.vn",
        "old@example.vn",
    }


@pytest.fixture
def behind_proxy(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8"]


def login_from(ip: str, password: str, proxy: str = "10.0.0.2"):
    return Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{ip}").post(
        "/vi/accounts/login/", {"username": EMAIL, "password": password}
    )


def test_f7_behind_the_proxy_a_stranger_cannot_lock_the_owner_out(behind_proxy):
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password=OWNER_PASSWORD)
    for attempt in range(5):
        login_from("203.0.113.66", f"wrong-{attempt}")

    assert login_from("203.0.113.66", OWNER_PASSWORD).status_code == 429  # the guesser is locked
    assert login_from("198.51.100.7", OWNER_PASSWORD).status_code == 302  # the owner is not


def test_f7_a_forwarded_header_from_an_untrusted_peer_is_ignored(behind_proxy):
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password=OWNER_PASSWORD)
    for attempt in range(5):
        # Not sent through the proxy: the header is the attacker's own.
        login_from(f"192.0.2.{attempt}", f"wrong-{attempt}", proxy="203.0.113.66")

    assert login_from("192.0.2.99", OWNER_PASSWORD, proxy="203.0.113.66").status_code == 429


def test_f7_many_addresses_only_slow_an_account_down(behind_proxy, settings):
    settings.ACCOUNT_SOFT_FAILURE_LIMIT = 8
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password=OWNER_PASSWORD)
    for attempt in range(8):
        login_from(f"203.0.113.{attempt}", "wrong")

    first = login_from("198.51.100.7", OWNER_PASSWORD)  # one attempt per delay still goes in
    second = login_from("198.51.100.8", OWNER_PASSWORD)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "10 giây" in second.content.decode()
