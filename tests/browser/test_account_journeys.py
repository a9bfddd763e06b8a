"""A co-op manager signs up, claims the assessment made anonymously, ticks off actions,
invites a second manager, re-assesses, sees the progress and asks for help."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from django.core import mail

from assessment.models import Invitation, SupportRequest

from .conftest import Journey
from .flow import VI, Organisation, button, open_menu
from .test_assessment_journeys import (
    PLAN_TIMEOUT_MS,
    answer_steps,
    describe_organisation,
    start_from_home,
    submit,
)

PHU_AN = Organisation("HTX Dịch vụ Nông nghiệp Phú An", members=42)
EMAIL = "giamdoc.phuan@example.vn"
PASSWORD = "Mật-khẩu-HTX-2026"


def link_in_last_mail() -> str:
    """The link of the newest e-mail, as a path on the live server."""
    return re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+", mail.outbox[-1].body).group(0))


def test_coop_manager_journey(journey: Journey) -> None:
    mail.outbox = []
    phone = journey.open_phone()
    page = phone.page

    # An anonymous assessment first.
    start_from_home(phone, VI)
    describe_organisation(phone, VI, PHU_AN)
    answer_steps(phone, VI)
    submit(phone, VI)
    expect(page.get_by_role("link", name="Tải kế hoạch hành động (PDF)")).to_be_visible(
        timeout=PLAN_TIMEOUT_MS
    )

    # Save it to a new account: log-in page → sign up → confirm the e-mail address.
    page.get_by_role("link", name="Lưu vào tài khoản của tôi").click()
    expect(page).to_have_url(re.compile(r"/vi/accounts/login/"))
    phone.check("login")
    page.get_by_role("link", name="Tạo tài khoản").click()
    phone.check("signup")
    page.get_by_label("Địa chỉ email", exact=True).fill(EMAIL)
    page.get_by_label("Họ và tên", exact=True).fill("Trần Thị Mai")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Xác nhận lại mật khẩu", exact=True).fill(PASSWORD)
    button(page, "Tạo tài khoản").click()
    expect(page.get_by_role("heading", name="Kiểm tra email của bạn")).to_be_visible()
    phone.check("verification-sent")
    page.goto(link_in_last_mail())

    # The confirmation link logs in and comes back to claiming the assessment.
    expect(page).to_have_url(re.compile(r"/vi/dashboard/claim/"))
    phone.check("claim")
    button(page, "Lưu vào tài khoản của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PHU_AN.name)
    phone.check("dashboard")

    # Tick off three actions.
    selects = page.locator("#checklist select")
    assert selects.count() >= 3
    for index in range(3):
        selects.nth(index).select_option("done")
    button(page, "Lưu tiến độ").click()
    expect(page.locator("#checklist")).to_contain_text(f"3/{selects.count()}")
    phone.check("checklist")

    # Invite a second manager.
    page.get_by_label("Mời thêm người quản lý qua email").fill("ketoan.phuan@example.vn")
    button(page, "Gửi lời mời").click()
    expect(page.locator("body")).to_contain_text("ketoan.phuan@example.vn")
    assert Invitation.objects.filter(email="ketoan.phuan@example.vn").exists()

    # Re-assess: last answers are filled in; improve one step, keep the rest.
    button(page, "Đánh giá lại ngay").click()
    expect(page).to_have_url(re.compile(r"/step/2/$"))
    phone.check("reassess-step-2")
    first_question = page.locator(".question").first
    first_question.locator("input").last.check()
    button(page, VI.save_and_continue).click()
    while re.search(r"/step/\d+/$", page.url):
        button(page, VI.save_and_continue).click()
        page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/check/$"))
    submit(phone, VI)

    # The dashboard shows two assessments and what changed.
    open_menu(page)  # on a phone the site menu is folded away
    page.get_by_role("link", name="Trang quản lý của bạn").click()
    expect(page.get_by_role("heading", name="Thay đổi so với bài đánh giá trước")).to_be_visible()
    expect(page.locator(".line-chart circle")).to_have_count(2)
    phone.check("progress")

    # Ask the support center for help with listing on a marketplace.
    page.get_by_role("link", name="Gửi yêu cầu hỗ trợ").click()
    phone.check("support-request")
    page.get_by_label("Mở gian hàng trên sàn thương mại điện tử").check()
    page.get_by_label("Zalo", exact=True).check()
    page.get_by_label("Người liên hệ").fill("Trần Thị Mai")
    page.get_by_label("Số điện thoại hoặc số Zalo").fill("0901234567")
    button(page, "Gửi yêu cầu").click()
    expect(page.get_by_role("heading", name="Yêu cầu của bạn đã được gửi")).to_be_visible()
    request = SupportRequest.objects.get()
    assert request.needs == ["marketplace"]
    assert request.organisation.name == PHU_AN.name
    journey.finish()
