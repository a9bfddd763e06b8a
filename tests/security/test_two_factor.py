"""Two-factor sign-in for staff who reach /admin/ (issue 14, accounts).

Superusers and moderators must pass a code from an authenticator app before any admin
page; without a device they are sent to enrol. Editors are not forced, but may enrol.
Every code here is the real one: computed from the device's key with
django_otp.oath.totp, as the phone app computes it.
"""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from cms.editorial import EDITORS, MODERATORS, ensure_editorial_setup
from tests.two_factor import code_of, enrolled, sign_in_with_code

pytestmark = pytest.mark.django_db

VERIFY = "/vi/accounts/two-factor/"
SETUP = "/vi/accounts/two-factor/setup/"
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/snippets/", "/admin/users/", "/admin/account/"]
WRONG_CODE = "Mã không đúng hoặc đã hết hạn"


@pytest.fixture
def staff():
    ensure_editorial_setup([], [])
    User = get_user_model()
    editor = User.objects.create_user("bientap", password="x-pass-1234")
    editor.groups.add(Group.objects.get(name=EDITORS))
    moderator = User.objects.create_user("kiemduyet", password="x-pass-1234")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    admin = User.objects.create_superuser("quantri", "qt@example.vn", "x-pass-1234")
    return {"editor": editor, "moderator": moderator, "admin": admin}


def lands_on(response) -> str:
    return response["Location"].split("?")[0] if response.status_code == 302 else ""


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_without_a_device_no_admin_page_opens_only_the_enrolment(client, staff, who):
    client.force_login(staff[who])
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert lands_on(response) == SETUP, url
        assert response["Location"].endswith("?next=" + url.replace("/", "%2F"))


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_with_a_device_but_no_code_no_admin_page_opens(client, staff, who):
    enrolled(staff[who])
    client.force_login(staff[who])
    for url in ADMIN_PAGES:
        assert lands_on(client.get(url)) == VERIFY, url
    # Nor does the enrolment page let a password alone replace the device.
    assert lands_on(client.get(SETUP)) == VERIFY


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_with_the_right_code_the_admin_opens(client, staff, who):
    device = enrolled(staff[who])
    client.force_login(staff[who])
    response = client.post(VERIFY + "?next=/admin/pages/", {"code": code_of(device)})
    assert lands_on(response) == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/").status_code == 200
    for url in ADMIN_PAGES:  # what Wagtail's permissions then allow, never the code page
        assert lands_on(client.get(url)) not in (VERIFY, SETUP), url


def test_a_wrong_code_is_refused_in_vietnamese(client, staff):
    device = enrolled(staff["moderator"])
    client.force_login(staff["moderator"])
    right = code_of(device)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    assert WRONG_CODE in response.content.decode()
    assert lands_on(client.get("/admin/")) == VERIFY


def test_after_a_wrong_code_even_the_right_one_waits(client, staff):
    """django-otp's throttle: each wrong code doubles the wait before the next try."""
    device = enrolled(staff["moderator"])
    client.force_login(staff["moderator"])
    client.post(VERIFY, {"code": "000000" if code_of(device) != "000000" else "111111"})
    response = client.post(VERIFY, {"code": code_of(device)})
    assert response.status_code == 400
    assert "Bạn đã nhập sai quá nhiều lần" in response.content.decode()
    assert lands_on(client.get("/admin/")) == VERIFY


def test_code_attempts_are_rate_limited_per_account(client, staff, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "otp-verify": {"account": "3/h"}}
    device = enrolled(staff["moderator"])
    client.force_login(staff["moderator"])
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    statuses = [client.post(VERIFY, {"code": "12345x"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    response = client.post(VERIFY, {"code": code_of(device)})
    assert response.status_code == 429
    assert lands_on(client.get("/admin/")) == VERIFY


def test_an_editor_is_not_forced(client, staff):
    client.force_login(staff["editor"])
    assert client.get("/admin/").status_code == 200
    assert not TOTPDevice.objects.filter(user=staff["editor"]).exists()


def test_the_requirement_follows_the_setting(client, staff, settings):
    settings.OTP_REQUIRED_GROUPS = []
    client.force_login(staff["moderator"])
    assert client.get("/admin/").status_code == 200
    settings.OTP_REQUIRED_GROUPS = [EDITORS, MODERATORS]
    client.force_login(staff["editor"])
    assert lands_on(client.get("/admin/")) == SETUP


def secret_on(html: str) -> bytes:
    import base64

    text = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    return base64.b32decode(text.replace(" ", ""))


def test_enrolment_shows_a_local_qr_code_and_the_key_and_needs_a_code(client, staff):
    client.force_login(staff["moderator"])
    page = client.get(SETUP + "?next=/admin/pages/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'class="otp-qr"' in html
    assert "http" not in re.search(r"<svg.*?</svg>", html, re.S).group(0).replace(
        "http://www.w3.org/2000/svg", ""
    )  # drawn here, no QR service
    key = secret_on(html)
    device = TOTPDevice.objects.get(user=staff["moderator"])
    assert device.bin_key == key and not device.confirmed

    wrong = client.post(SETUP, {"code": "abcdef"})
    assert wrong.status_code == 400
    assert WRONG_CODE in wrong.content.decode()
    assert lands_on(client.get("/admin/")) == SETUP
    # The app computes its codes from the key shown on the page.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    code = f"{totp(key):06d}"
    done = client.post(SETUP, {"code": code, "next": "/admin/pages/"})
    html = done.content.decode()
    assert done.status_code == 200
    assert "Mã dự phòng" in html
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert 'href="/admin/pages/"' in html  # "continue" goes where they were going
    assert client.get("/admin/").status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", html)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))


def test_a_backup_code_works_once(client, staff):
    client.force_login(staff["admin"])
    key = secret_on(client.get(SETUP).content.decode())
    html = client.post(SETUP, {"code": f"{totp(key):06d}"}).content.decode()
    backup = re.findall(r"<li>([a-z2-7]{8})</li>", html)[0]

    client.logout()
    client.force_login(staff["admin"])
    assert lands_on(client.post(VERIFY, {"code": backup.upper()})) == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(staff["admin"])
    TOTPDevice.objects.update(throttling_failure_count=0)
    assert client.post(VERIFY, {"code": backup}).status_code == 400
    assert lands_on(client.get("/admin/")) == VERIFY


def test_an_editor_may_enrol_and_is_then_asked_every_time(client, staff):
    client.force_login(staff["editor"])
    key = secret_on(client.get(SETUP).content.decode())
    client.post(SETUP, {"code": f"{totp(key):06d}"})
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(staff["editor"])
    assert lands_on(client.get("/admin/")) == VERIFY


def test_the_password_login_leads_to_the_code_page(client, staff):
    enrolled(staff["admin"])
    response = client.post(
        "/admin/login/", {"username": "quantri", "password": "x-pass-1234"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert "Nhập mã đăng nhập" in response.content.decode()


def test_people_without_admin_access_have_no_code_page(client):
    person = get_user_model().objects.create_user("chu@htx.vn", password="x-pass-1234")
    client.force_login(person)
    assert client.get(VERIFY).status_code == 404
    assert client.get(SETUP).status_code == 404


def test_the_helper_signs_in_through_the_code_page(client, staff):
    sign_in_with_code(client, staff["admin"])
    assert client.get("/admin/").status_code == 200


def test_a_lost_phone_is_reset_by_command(client, staff):
    enrolled(staff["moderator"])
    call_command("reset_two_factor", "kiemduyet", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(staff["moderator"])
    assert lands_on(client.get("/admin/")) == SETUP
