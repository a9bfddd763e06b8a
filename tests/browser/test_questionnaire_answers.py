"""Issue 12 on a 360×800 phone: answers that cannot contradict, follow-ups revealed in place,
each question's own error, and save-later that always saves.

Screenshots go to test-artifacts/browser/test_answers_on_a_phone/.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Journey
from .flow import FLOW_PAGE_BUDGET_KB, VI, Organisation, answer_shown_questions, button
from .test_assessment_journeys import start_from_home

THOI_LAI = Organisation("HTX Dịch vụ Thới Lai")


def choice(page: Page, question: str, key: str):
    return page.locator(f'input[name="q-{question}"][value="{key}"]')


def accept_the_400(phone) -> None:
    """A step with errors answers 400 by design; the browser logs that as a console error."""
    url = phone.page.url
    phone.audit.console_errors[:] = [
        e for e in phone.audit.console_errors if not ("status of 400" in e and url in e)
    ]


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide"


def on_a_desktop(journey: Journey, page: Page, name: str) -> None:
    """The same screen at 1280×800, for the screenshot; then back to the phone."""
    page.set_viewport_size({"width": 1280, "height": 800})
    journey.screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.set_viewport_size({"width": 360, "height": 800})


def test_answers_on_a_phone(journey: Journey) -> None:
    phone = journey.open_phone()
    page = phone.page
    start_from_home(phone, VI)

    # The member count is asked of co-ops only: it appears once "co-operative" is ticked.
    members = page.get_by_label(VI.members, exact=True)
    expect(members).to_be_hidden()
    page.get_by_label(VI.name, exact=True).fill(THOI_LAI.name)
    page.get_by_role("group", name=VI.kind).get_by_label(VI.cooperative, exact=True).check()
    expect(members).to_be_visible()
    phone.check("profile-coop-members", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    fits_the_phone(page)
    page.get_by_label(VI.sector, exact=True).select_option(index=1)
    page.get_by_label(VI.ward, exact=True).select_option(index=1)
    page.get_by_label(VI.staff, exact=True).fill("3")
    page.get_by_role("group", name=VI.revenue).get_by_role("radio").first.check()
    members.fill(str(THOI_LAI.members))
    button(page, VI.save_and_continue).click()
    expect(page).to_have_url(re.compile(r"/step/2/$"))

    # An empty step: the summary names each question by its own message, and links to it.
    button(page, VI.save_and_continue).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    links = summary.locator("a")
    assert links.count() >= 2
    texts = links.all_inner_texts()
    assert len(set(texts)) == len(texts), texts
    accept_the_400(phone)
    phone.check("step-2-errors", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    fits_the_phone(page)
    on_a_desktop(journey, page, "step-2-errors-desktop")

    # "None online yet" is shown after "or" and unticks the others, and the other way round.
    registration = choice(page, "ps_online_services_used", "business_registration")
    reports = choice(page, "ps_online_services_used", "reports")
    none = choice(page, "ps_online_services_used", "none")
    registration.check()
    reports.check()
    none.check()
    expect(registration).not_to_be_checked()
    expect(reports).not_to_be_checked()
    expect(none).to_be_checked()
    registration.check()
    expect(none).not_to_be_checked()
    expect(registration).to_be_checked()

    # Save and finish later on a half-done step: the saved page, whatever is missing.
    button(page, "Lưu và hoàn thành sau").click()
    expect(page).to_have_url(re.compile(r"/saved/$"))
    resume = page.locator("#resume-url")
    expect(resume).to_have_value(re.compile(r"/vi/assessment/[\w-]+/$"))
    expect(page.get_by_role("button", name="Sao chép đường liên kết")).to_be_visible()
    phone.check("saved-half-done", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    fits_the_phone(page)
    on_a_desktop(journey, page, "saved-half-done-desktop")

    # Back to the step, answer steps 2 and 3, then the follow-up on the e-commerce step.
    page.goto(resume.input_value())
    expect(page).to_have_url(re.compile(r"/step/2/$"))
    while not page.locator('input[name="q-ec_sells_online"]').count():
        answer_shown_questions(page)
        button(page, VI.save_and_continue).click()
        page.wait_for_load_state("load")
    channels = page.locator("#question-ec_channels")
    expect(channels).to_be_hidden()
    choice(page, "ec_sells_online", "one_channel").check()
    expect(channels).to_be_visible()
    phone.check("follow-up-revealed", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    choice(page, "ec_sells_online", "not_yet").check()
    expect(channels).to_be_hidden()
    journey.finish()
