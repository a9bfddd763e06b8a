"""The header on a phone and on a wide screen: a menu that collapses on the phone, no site
menu inside the questionnaire, log-out on every page once logged in (#12). Every screen
also passes the layout checks of ``audit.py`` (no sideways scrolling, 44 px targets)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model

from .conftest import DESKTOP, Journey
from .flow import VI, Organisation, button, fill_profile, open_menu
from .test_assessment_journeys import answer_steps, describe_organisation, start_from_home

AN_BINH = Organisation("HTX Dịch vụ An Bình", members=18)
EMAIL = "quanly.anbinh@example.vn"
PASSWORD = "Mật-khẩu-An-Bình-2026"


def site_menu_link(page: Page):
    return page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Tự đánh giá"
    )


def test_the_menu_collapses_on_a_phone_and_stays_out_of_the_questionnaire(
    journey: Journey,
) -> None:
    phone = journey.open_phone()
    page = phone.page
    page.goto("/vi/")
    expect(site_menu_link(page)).to_be_hidden()
    open_menu(page)
    expect(site_menu_link(page)).to_be_visible()
    phone.check("home-menu-open")

    start_from_home(phone, VI)
    expect(page.get_by_text("Menu", exact=True)).to_have_count(0)
    expect(page.get_by_role("navigation", name="Trình đơn chính")).to_have_count(0)
    phone.expect_bad_request()  # a form with errors answers 400
    button(page, VI.save_and_continue).click()  # nothing filled in: the errors
    expect(page.get_by_role("alert")).to_be_visible()
    phone.check("profile-errors")

    fill_profile(page, VI, AN_BINH)
    button(page, VI.save_and_continue).click()
    expect(page).to_have_url(re.compile(r"/step/2/$"))
    phone.expect_bad_request()
    button(page, VI.save_and_continue).click()  # an empty step: one error per question
    expect(page.get_by_role("alert")).to_be_visible()
    phone.check("step-2-errors")
    journey.finish()


def test_a_wide_screen_shows_the_menu_and_a_manager_can_log_out_inside_the_questionnaire(
    journey: Journey,
) -> None:
    get_user_model().objects.create_user(EMAIL, email=EMAIL, password=PASSWORD)
    screen = journey.open_phone(viewport=DESKTOP)
    page = screen.page

    page.goto("/vi/accounts/login/")
    expect(site_menu_link(page)).to_be_visible()  # no toggle to press on a wide screen
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    screen.check("login-desktop")
    page.get_by_label("Địa chỉ email", exact=True).fill(EMAIL)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    button(page, "Đăng nhập").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Đăng xuất")).to_be_visible()

    start_from_home(screen, VI)
    describe_organisation(screen, VI, AN_BINH)
    answer_steps(screen, VI, through=2)
    expect(page.get_by_role("navigation", name="Trình đơn chính")).to_have_count(0)
    page.get_by_role("banner").get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/vi/accounts/logout/$"))
    expect(page.get_by_role("heading", name="Bạn đã đăng xuất")).to_be_visible()
    screen.check("logged-out-desktop")
    journey.finish()
