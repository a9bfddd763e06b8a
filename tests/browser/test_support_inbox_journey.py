"""A support request goes from new to resolved: a member of the center's staff signs in on a
phone (with the second step), opens the inbox, resolves the request with a note for the
organisation and an internal one, and the organisation gets one e-mail in Vietnamese."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from assessment.models import (
    AdministrativeUnit,
    Membership,
    Organisation,
    Sector,
    SupportRequest,
)
from cms.vocabulary import OrganisationKind
from tests.two_factor import code_of, enrolled

from .conftest import DESKTOP, Journey

STAFF_PASSWORD = "Trung-tam-2026!"
CENTER_GROUP = "Trung tâm hỗ trợ doanh nghiệp"
ORGANISATION = "Hợp tác xã Rau sạch Phong Điền"
FOR_THEM = "Trung tâm đã hướng dẫn đăng ký hóa đơn điện tử qua điện thoại."
INTERNAL = "Anh Tâm nghe máy buổi sáng; đã gửi tài liệu qua Zalo."


def test_support_request_from_new_to_resolved(journey: Journey) -> None:
    staff = get_user_model().objects.create_user(
        "canbo.thu", password=STAFF_PASSWORD, first_name="Thu", last_name="Nguyễn"
    )
    staff.groups.add(Group.objects.get(name=CENTER_GROUP))
    device = enrolled(staff)  # she set up her authenticator app earlier
    manager = get_user_model().objects.create_user(
        "tam@raustach.vn", email="tam@raustach.vn", password="mật-khẩu-dài-123"
    )
    organisation = Organisation.objects.create(
        name=ORGANISATION,
        kind=OrganisationKind.COOPERATIVE,
        sector=Sector.objects.order_by("pk").first(),
        administrative_unit=AdministrativeUnit.objects.order_by("pk").first(),
        size_band="micro",
    )
    Membership.objects.create(user=manager, organisation=organisation)
    support = SupportRequest.objects.create(
        organisation=organisation,
        needs=["einvoice"],
        channel="phone",
        contact_name="Anh Tâm",
        phone="0907000111",
    )

    # Password, then the code from her app.
    phone = journey.open_phone()
    page = phone.page
    page.goto("/admin/login/")
    page.locator("#id_username").fill("canbo.thu")
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/two-factor/**")
    phone.check("sign-in-code")
    page.get_by_label("Mã đăng nhập").fill(code_of(device))
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/admin/")

    # The inbox: the new request, in Vietnamese.
    page.goto("/admin/support-inbox/")
    card = page.get_by_role("row", name=re.compile(ORGANISATION))
    expect(card).to_contain_text("Trạng thái: Mới")
    expect(card).to_contain_text("Người phụ trách: chưa phân công")
    phone.check("inbox")
    page.get_by_role("button", name="Hiện bộ lọc").click()
    for name in ("Trạng thái", "Người phụ trách", "Quá hạn", "Thứ tự"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Người phụ trách", exact=True).click()
    expect(page.get_by_label("Người phụ trách")).to_contain_text("Của tôi")
    journey.screenshot(page, "filter-assignee")
    page.keyboard.press("Escape")
    page.get_by_role("link", name=ORGANISATION).click()
    page.wait_for_url(re.compile(r"/admin/support-inbox/edit/\d+/$"))
    expect(page.get_by_role("heading", name="Yêu cầu", exact=True)).to_be_visible()
    phone.check("request")

    # Resolve it, with a note for the organisation and one for the staff only.
    page.get_by_label("Trạng thái").select_option(label="Đã giải quyết")
    page.get_by_label("Người phụ trách").select_option(label="Thu Nguyễn")
    page.get_by_label("Ghi chú gửi đơn vị").fill(FOR_THEM)
    page.get_by_label("Ghi chú nội bộ").fill(INTERNAL)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu yêu cầu.")).to_be_visible()
    history = page.locator(".inbox-history")
    expect(history).to_contain_text("Mới → Đã giải quyết")
    expect(history).to_contain_text("chưa phân công → Thu Nguyễn")
    expect(history).to_contain_text(INTERNAL)
    phone.check("resolved")
    history.scroll_into_view_if_needed()
    journey.screenshot(page, "history")

    support.refresh_from_db()
    assert support.status == SupportRequest.Status.RESOLVED
    assert support.assignee == staff
    (message,) = mail.outbox
    assert message.to == ["tam@raustach.vn"]
    assert "Trạng thái mới: Đã giải quyết" in message.body
    assert FOR_THEM in message.body
    assert INTERNAL not in message.body

    # On a desktop: the listing is a table, the organisation beside the request.
    desk = journey.open_phone(viewport=DESKTOP)
    desk.context.add_cookies(phone.context.cookies())
    desk.page.goto("/admin/support-inbox/")
    expect(desk.page.get_by_role("columnheader", name="Người phụ trách")).to_be_visible()
    expect(desk.page.get_by_role("row", name=re.compile(ORGANISATION))).to_contain_text(
        "Đã giải quyết"
    )
    desk.check("inbox-desktop")
    desk.page.goto(f"/admin/support-inbox/edit/{support.pk}/")
    expect(desk.page.locator(".inbox-side")).to_be_visible()
    desk.check("request-desktop")
    journey.finish()
