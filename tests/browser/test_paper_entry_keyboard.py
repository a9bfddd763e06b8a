"""An advisor types in the first dimension of a paper form on a phone with the keyboard
alone: the first box has the focus, arrows and space tick, Tab moves on, Enter goes next."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from django.conf import settings
from django.test import Client

from assessment.answers import answers_of
from assessment.models import AdministrativeUnit, Assessment, Questionnaire, Sector
from tests.advisors.paper_fixtures import make_advisor

from .conftest import Journey


def test_an_advisor_types_one_dimension_by_keyboard_only(journey: Journey) -> None:
    advisor = make_advisor("to-cns@phongdien.vn", "CT-X-PHONGDIEN")
    signed_in = Client()
    signed_in.force_login(advisor.user)
    phone = journey.open_phone()
    phone.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": journey.base_url,
            }
        ]
    )
    page = phone.page

    page.goto("/vi/advisor/paper/")
    expect(page.get_by_role("heading", name="Nhập phiếu đánh giá giấy")).to_be_visible()
    expect(page.get_by_label("Tên đơn vị")).to_be_focused()
    phone.check("paper-start")
    current = Questionnaire.current()
    assert page.get_by_label("Phiên bản bộ câu hỏi in trên phiếu").input_value() == str(current.pk)
    page.keyboard.type("HTX Rau sạch Phong Điền")
    page.get_by_label("Hợp tác xã", exact=True).check()
    page.get_by_label("Ngành nghề chính").select_option(
        str(Sector.objects.get(key="agriculture").pk)
    )
    page.get_by_label("Phường hoặc xã").select_option(
        str(AdministrativeUnit.objects.get(code="CT-X-PHONGDIEN").pk)
    )
    page.get_by_label("Số lao động đóng bảo hiểm xã hội (bình quân năm)").fill("3")
    page.get_by_label("Đến 3 tỷ đồng", exact=True).check()
    page.get_by_label("Số thành viên (đối với hợp tác xã)").fill("27")
    page.get_by_label("Số thành viên (đối với hợp tác xã)").press("Enter")

    page.wait_for_url(re.compile(r"/vi/advisor/paper/\d+/1/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("1. ")
    phone.check("paper-dimension")
    first = page.locator("input[name=q-ps_org_eid]").first
    expect(first).to_be_focused()
    keys = [
        "ArrowDown", "Tab",  # 1.1: the second choice
        "ArrowDown", "ArrowDown", "ArrowDown", "Tab",  # 1.2: level 3
        "Space", "Tab", "Space", "Tab", "Tab", "Tab",  # 1.3: the first two, not "none"
        "ArrowDown", "Tab",  # 1.4: partly
        "ArrowDown", "Tab",  # 1.5: the second choice
        "ArrowDown",  # 1.6 (its condition is met): partly
        "Enter",  # next
    ]  # fmt: skip
    for key in keys:
        page.keyboard.press(key)

    page.wait_for_url(re.compile(r"/vi/advisor/paper/\d+/2/$"))
    phone.check("paper-dimension-2")
    assessment = Assessment.objects.get(mode=Assessment.Mode.PAPER)
    assert assessment.assisted_by == advisor.user
    assert answers_of(assessment) == {
        "ps_org_eid": ["basic_only"],
        "ps_online_procedures": 3,
        "ps_online_services_used": ["business_registration", "licences"],
        "ps_digital_signature": ["partly"],
        "ps_social_insurance": ["via_service"],
        "ps_ehealth_insurance": ["partly"],
    }

    # The check page lists what is still missing, with the printed numbers.
    page.goto(f"/vi/advisor/paper/{assessment.pk}/check/")
    expect(page.get_by_role("heading", name="Vẫn còn câu hỏi chưa được trả lời")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^2\.1 "))).to_be_visible()
    phone.check("paper-check")
