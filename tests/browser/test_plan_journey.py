"""A co-op manager names who does what by when on two actions, makes a new plan, and the
PDF shows the names and the dates."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessment.models import Assessment, Membership

from .conftest import Journey
from .flow import VI, Organisation, button
from .test_assessment_journeys import (
    PLAN_TIMEOUT_MS,
    answer_steps,
    describe_organisation,
    download_plan,
    start_from_home,
    submit,
)

HOA_BINH = Organisation("HTX Nông sản Hòa Bình", members=31)
EMAIL = "quanly.hoabinh@example.vn"
PASSWORD = "Mật-khẩu-Hòa-Bình-2026"


def test_manager_sets_owners_and_dates_and_the_new_pdf_prints_them(journey: Journey) -> None:
    phone = journey.open_phone()
    page = phone.page
    start_from_home(phone, VI)
    describe_organisation(phone, VI, HOA_BINH)
    answer_steps(phone, VI)
    submit(phone, VI)
    expect(page.get_by_role("link", name=VI.download_plan)).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    assessment = Assessment.objects.get(organisation__name=HOA_BINH.name)
    manager = get_user_model().objects.create_user(EMAIL, email=EMAIL, password=PASSWORD)
    Membership.objects.create(user=manager, organisation=assessment.organisation)

    page.goto("/vi/accounts/login/")
    page.get_by_label("Địa chỉ email", exact=True).fill(EMAIL)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    button(page, "Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOA_BINH.name)

    # Two actions get a person in charge and a date.
    items = page.locator("#checklist fieldset")
    first, second = (timezone.localdate() + datetime.timedelta(days=d) for d in (10, 45))
    titles = []
    for index, (owner, due) in enumerate([("Lê Văn Tâm", first), ("Phạm Thị Hoa", second)]):
        item = items.nth(index)
        titles.append(item.locator("legend").inner_text().strip())
        item.get_by_label("Người phụ trách").fill(owner)
        item.get_by_label("Hạn hoàn thành").fill(due.isoformat())
    button(page, "Lưu tiến độ").click()
    expect(page.locator("body")).to_contain_text("đã được lưu")
    phone.check("checklist-owners")

    # A new plan, then its PDF.
    page.goto(f"/vi/assessment/{assessment.token}/results/")
    button(page, "Lập kế hoạch mới theo các khuyến nghị mới nhất").click()
    expect(page.get_by_role("link", name=VI.download_plan)).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    text = download_plan(phone, VI, journey)

    assert f"Người phụ trách: Lê Văn Tâm · Hạn: {first:%d/%m/%Y}" in text
    assert f"Người phụ trách: Phạm Thị Hoa · Hạn: {second:%d/%m/%Y}" in text
    assert re.search(re.escape(titles[0]) + r".*Lê Văn Tâm", text)
    journey.finish()
