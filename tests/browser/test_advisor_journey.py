"""An advisor of a community digital-technology team assesses with a new co-operative on a
phone, reads out the claim code; the co-op's director signs up, types it and finds the
assessment in the workspace."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.core import mail

from assessment.models import AdministrativeUnit, Advisor, Assessment, Membership

from .conftest import Journey
from .flow import VI, Organisation, button
from .test_account_journeys import link_in_last_mail
from .test_assessment_journeys import (
    PLAN_TIMEOUT_MS,
    answer_steps,
    describe_organisation,
    download_plan,
    submit,
)

THOI_LAI = Organisation("HTX Lúa gạo Thới Lai", members=31)
ADVISOR_EMAIL = "to.cns.thoilai@example.vn"
ADVISOR_PASSWORD = "Tổ-công-nghệ-số-2026"
DIRECTOR_EMAIL = "giamdoc.thoilai@example.vn"
DIRECTOR_PASSWORD = "Mật-khẩu-HTX-Thới-Lai"
CREDIT = "Thực hiện cùng tư vấn viên Lê Văn Hậu (Tổ công nghệ số cộng đồng Thới Lai)"


def test_advisor_assists_and_the_coop_claims_with_the_code(journey: Journey) -> None:
    mail.outbox = []
    user = get_user_model().objects.create_user(
        username=ADVISOR_EMAIL,
        email=ADVISOR_EMAIL,
        password=ADVISOR_PASSWORD,
        first_name="Lê Văn",
        last_name="Hậu",
    )
    advisor = Advisor.objects.create(user=user, team="Tổ công nghệ số cộng đồng Thới Lai")
    ward = AdministrativeUnit.objects.filter(active=True).order_by("sort_order", "name").last()
    advisor.units.add(ward)

    # The advisor signs in on a phone and starts with a new organisation.
    phone = journey.open_phone()
    page = phone.page
    page.goto("/vi/advisor/")
    expect(page).to_have_url(re.compile(r"/vi/accounts/login/"))
    page.get_by_label("Địa chỉ email", exact=True).fill(ADVISOR_EMAIL)
    page.get_by_label("Mật khẩu", exact=True).fill(ADVISOR_PASSWORD)
    button(page, "Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tư vấn viên")
    phone.check("advisor-home")
    page.get_by_role("link", name="Bắt đầu đánh giá cùng một đơn vị").click()
    phone.check("advisor-start")
    button(page, "Bắt đầu đánh giá").click()
    expect(page).to_have_url(re.compile(r"/assessment/[\w-]+/profile/$"))
    # Only the ward the advisor covers is offered.
    options = page.get_by_label(VI.ward, exact=True).locator("option").all_inner_texts()
    assert len(options) == 2 and options[1].startswith(ward.name), options  # after "Chọn…"
    describe_organisation(phone, VI, THOI_LAI)
    answer_steps(phone, VI)
    submit(phone, VI)
    expect(page.locator(".results-advisor")).to_have_text(CREDIT)

    # The code to read aloud, on the advisor's screen and on the plan.
    code = page.locator(".claim-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    expect(page.get_by_role("link", name=VI.download_plan)).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    text = download_plan(phone, VI, journey)
    assert CREDIT in text
    assert code in text and "/vi/claim/" in text
    page.get_by_role("link", name="Quản lý mã nhận").click()
    expect(page.locator(".claim-code")).to_have_text(code)
    phone.check("advisor-claim-code")
    phone.close()

    # The director signs up on her own phone, then types the code.
    director = journey.open_phone()
    page = director.page
    page.goto("/vi/claim/")
    expect(page).to_have_url(re.compile(r"/vi/accounts/login/"))
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Địa chỉ email", exact=True).fill(DIRECTOR_EMAIL)
    page.get_by_label("Họ và tên", exact=True).fill("Phan Thị Thu")
    page.get_by_label("Mật khẩu", exact=True).fill(DIRECTOR_PASSWORD)
    page.get_by_label("Xác nhận lại mật khẩu", exact=True).fill(DIRECTOR_PASSWORD)
    button(page, "Tạo tài khoản").click()
    expect(page.get_by_role("heading", name="Kiểm tra email của bạn")).to_be_visible()
    page.goto(link_in_last_mail())
    expect(page).to_have_url(re.compile(r"/vi/claim/$"))
    director.check("claim-form")

    # A typo first: a clear message, nothing changes.
    page.get_by_label("Mã nhận", exact=True).fill("2222-2222-2222")
    director.expect_bad_request()
    button(page, "Thêm vào tài khoản của tôi").click()
    expect(page.locator(".error-message").first).to_contain_text("Mã nhận này không tồn tại")
    director.check("claim-wrong-code")
    assert not Membership.objects.exists()

    # Typed as read aloud, in small letters with spaces.
    page.get_by_label("Mã nhận", exact=True).fill(code.lower().replace("-", " "))
    button(page, "Thêm vào tài khoản của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THOI_LAI.name)
    expect(page.locator("body")).to_contain_text("đã có trong tài khoản của bạn")
    director.check("workspace-after-claim")
    membership = Membership.objects.get()
    assert membership.user.email == DIRECTOR_EMAIL and membership.is_owner
    assert membership.organisation == Assessment.objects.get().organisation
    journey.finish()
