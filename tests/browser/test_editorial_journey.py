"""Guidance goes live only through moderation: an editor drafts and submits, a moderator approves.

Staff work in Wagtail's admin, in Vietnamese. The English copy is made with "Translate"
(simple_translation), moderated the same way, and reached from the public page's language
switcher.
"""

from __future__ import annotations

import base64
import re

from django_otp.oath import totp
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page as WagtailPage

from cms.editorial import EDITORS, MODERATORS, WORKFLOW_NAME
from cms.models import GuidanceIndexPage

from .conftest import Journey, Phone

STAFF_PASSWORD = "Trung-tam-2026!"
TITLE_VI = "Mở tài khoản thanh toán cho hợp tác xã"
SLUG = "mo-tai-khoan-thanh-toan-htx"
SUMMARY_VI = "Các bước mở tài khoản thanh toán đứng tên hợp tác xã tại ngân hàng."
TITLE_EN = "Opening a payment account for a co-operative"
SUMMARY_EN = "The steps to open a bank payment account in the co-operative's name."


def staff_member(username: str, group: str) -> None:
    user = get_user_model().objects.create_user(username, password=STAFF_PASSWORD)
    user.groups.add(Group.objects.get(name=group))


def log_in_to_admin(
    phone: Phone, username: str, password: str = STAFF_PASSWORD, *, enrol: bool = False
) -> None:
    """Password, then (``enrol``: a moderator's first sign-in) the two-step enrolment:
    the key shown on the page goes into the "app", whose code confirms it."""
    page = phone.page
    page.goto("/admin/login/")
    phone.check(f"admin-login-{username}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").first.click()
    if enrol:
        page.wait_for_url("**/accounts/two-factor/setup/**")
        phone.check(f"two-factor-setup-{username}")
        key = base64.b32decode(page.locator("#otp-secret").inner_text().replace(" ", ""))
        page.get_by_label("Mã đăng nhập").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="Xác nhận và tiếp tục").click()
        expect(page.get_by_role("heading", name="Mã dự phòng của bạn")).to_be_visible()
        phone.check(f"two-factor-backup-codes-{username}")
        page.get_by_role("link", name="Tiếp tục vào trang quản trị").click()
    page.wait_for_url("**/admin/")
    phone.check(f"dashboard-{username}")


def footer_action(page: Page, name: str | re.Pattern[str]) -> None:
    """Open the editor's footer menu ("More actions") and press one of its buttons."""
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer").get_by_role("button", name=name).click()


def approve_from_dashboard(phone: Phone, title: str, screen: str) -> None:
    """The moderator opens the page awaiting review and approves it (which publishes it)."""
    page = phone.page
    page.goto("/admin/")
    page.locator("#awaiting-review-content").get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    phone.check(screen)
    page.locator("footer .w-dropdown__toggle").click()
    # "Approve and publish" without a comment: the one that opens no dialog.
    page.locator(
        'footer button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def test_editor_moderator_journey(journey: Journey) -> None:
    staff_member("bientap", EDITORS)
    staff_member("kiemduyet", MODERATORS)
    index = GuidanceIndexPage.objects.get(locale__language_code="vi")

    # The editor drafts a guidance page and submits it for moderation.
    editor = journey.open_phone()
    log_in_to_admin(editor, "bientap")
    page = editor.page
    page.goto(f"/admin/pages/{index.pk}/")
    editor.check("guidance-section")
    page.goto(f"/admin/pages/add/cms/guidancepage/{index.pk}/")
    editor.check("new-guidance")
    # The slug first: typed after the title, Wagtail would replace it with one made from
    # the title, diacritics included.
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug").fill(SLUG)
    page.get_by_role("tab", name="Content").click()
    page.locator("#id_title").fill(TITLE_VI)
    page.locator("#id_summary").fill(SUMMARY_VI)
    footer_action(page, re.compile(WORKFLOW_NAME))
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    editor.check("submitted")

    guidance = WagtailPage.objects.get(title=TITLE_VI)
    path_vi = f"{index.url}{SLUG}/"
    visitor = journey.open_phone()
    visitor.open_missing(path_vi)  # not live before a moderator approves it

    editor.close()

    # The moderator approves: the page is live in Vietnamese.
    moderator = journey.open_phone()
    log_in_to_admin(moderator, "kiemduyet", enrol=True)  # moderators need a second step
    approve_from_dashboard(moderator, TITLE_VI, "review-vi")
    visitor.page.goto(path_vi)
    visitor.check("guidance-vi")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(TITLE_VI)

    # The editor makes the English copy with "Translate", rewrites and submits it.
    translator = journey.open_phone()
    log_in_to_admin(translator, "bientap")
    page = translator.page
    page.goto(f"/admin/translation/submit/page/{guidance.pk}/")
    translator.check("translate")
    page.get_by_label("Tiếng Anh").check()  # "English", as the Vietnamese admin says it
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    translator.check("translation-draft")
    page.locator("#id_title").fill(TITLE_EN)
    page.locator("#id_summary").fill(SUMMARY_EN)
    footer_action(page, re.compile(WORKFLOW_NAME))
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    translator.close()

    approve_from_dashboard(moderator, TITLE_EN, "review-en")
    visitor.page.goto(path_vi)
    visitor.page.get_by_role("link", name="English").click()
    expect(visitor.page).to_have_url(re.compile(r"/en/"))
    visitor.check("guidance-en")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    journey.finish()
