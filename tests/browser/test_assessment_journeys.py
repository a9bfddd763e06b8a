"""An owner assesses their co-operative on a phone: home → profile → 8 steps → check → plan.

Every screen is checked for accessibility (axe), weight, console errors, requests to other
hosts and its ``lang`` (see ``audit.py``); screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Journey, Phone
from .flow import (
    EN,
    FLOW_PAGE_BUDGET_KB,
    VI,
    Organisation,
    Words,
    answer_shown_questions,
    button,
    fill_profile,
    is_check_page,
    pdf_text,
    plan_actions,
    squash,
    step_number,
)

TAN_THANH = Organisation("HTX Nông nghiệp Tân Thành")
PLAN_TIMEOUT_MS = 30_000


# --- the steps of the journey -----------------------------------------------------------------


def start_from_home(phone: Phone, words: Words) -> None:
    """Open the home page, follow its call to action and press start."""
    page = phone.page
    page.goto(f"/{words.language}/")
    phone.check("home")
    page.get_by_role("link", name=words.start, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{words.language}/assessment/$"))
    phone.check("start")
    button(page, words.start).click()
    expect(page).to_have_url(re.compile(r"/assessment/[\w-]+/profile/$"))


def describe_organisation(phone: Phone, words: Words, organisation: Organisation) -> str:
    """Fill in the profile; return the resume link the page gives to keep."""
    page = phone.page
    phone.check("profile", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    resume_url = page.locator("#resume-url").input_value().strip()
    fill_profile(page, words, organisation)
    button(page, words.save_and_continue).click()
    expect(page).to_have_url(re.compile(r"/step/2/$"))
    return resume_url


def answer_steps(phone: Phone, words: Words, *, through: int | None = None) -> None:
    """Answer each step in turn until the check page (or until step ``through`` is saved)."""
    page = phone.page
    while (number := step_number(page)) is not None:
        phone.check(f"step-{number}", max_weight_kb=FLOW_PAGE_BUDGET_KB)
        assert answer_shown_questions(page) > 0, f"step {number} shows no question"
        button(page, words.save_and_continue).click()
        page.wait_for_load_state()
        if step_number(page) == number:
            # Without JavaScript a follow-up whose trigger was just chosen appears on the
            # same step, reloaded; the person answers it and goes on.
            phone.check(f"step-{number}-follow-up", max_weight_kb=FLOW_PAGE_BUDGET_KB)
            answer_shown_questions(page)
            button(page, words.save_and_continue).click()
        page.wait_for_url(re.compile(rf"/(step/{number + 1}|check)/$"))
        if number == through:
            return
    assert is_check_page(page), page.url


def change_an_answer_from_the_check_page(phone: Phone, words: Words) -> str:
    """Use the "Change" link of the second dimension and pick another answer; return it."""
    page = phone.page
    # The first "Change" link is the organisation profile's; then one per dimension.
    page.get_by_role("link", name=re.compile(rf"^{words.change} ")).nth(2).click()
    expect(page).to_have_url(re.compile(r"/step/3/\?return=check$"))
    phone.check("change-step-3", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    first_question = page.locator(".question").first
    new_choice = first_question.locator(".option").nth(1)
    new_choice.locator("input").check()
    chosen = new_choice.locator("label").inner_text().strip()
    button(page, words.save_and_back_to_check).click()
    expect(page).to_have_url(re.compile(r"/check/$"))
    return chosen


def submit(phone: Phone, words: Words) -> None:
    page = phone.page
    button(page, words.submit).click()
    expect(page).to_have_url(re.compile(r"/results/$"))
    expect(page.locator("figure.radar-figure svg")).to_be_visible()
    # The first phone screen holds the score, the level and the plan's first three actions.
    bottoms = page.locator(".plan-top li").evaluate_all(
        "items => items.map((item) => item.getBoundingClientRect().bottom)"
    )
    assert len(bottoms) == 3, bottoms
    assert max(bottoms) <= page.viewport_size["height"], bottoms
    phone.check("results")


def download_plan(phone: Phone, words: Words, journey: Journey) -> str:
    """Download the PDF plan once its link is there; return the PDF's text."""
    page = phone.page
    with page.expect_download() as download_info:
        page.get_by_role("link", name=words.download_plan).click()
    download = download_info.value
    path = journey.folder / download.suggested_filename
    download.save_as(path)
    return squash(pdf_text(path))


def reload_until_plan_ready(page: Page, words: Words) -> None:
    """Without JavaScript, the person follows "Refresh this page" until the download shows."""
    link = page.get_by_role("link", name=words.download_plan)
    waited = 0
    while not link.is_visible():
        assert waited < PLAN_TIMEOUT_MS, "the plan was not ready within 30 s"
        page.wait_for_timeout(500)  # a person waits a moment before refreshing
        waited += 500
        with page.expect_navigation():
            page.get_by_role("link", name=words.refresh).click()


# --- the journeys -----------------------------------------------------------------------------


def test_anonymous_owner_journey(journey: Journey) -> None:
    phone = journey.open_phone()
    start_from_home(phone, VI)
    resume_url = describe_organisation(phone, VI, TAN_THANH)
    answer_steps(phone, VI, through=4)
    phone.close()

    # Later, on another device: the resume link opens the first unanswered step.
    phone = journey.open_phone()
    page = phone.page
    page.goto(resume_url)
    expect(page).to_have_url(re.compile(r"/step/5/$"))
    answer_steps(phone, VI)
    phone.check("check", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    expect(page.get_by_text(TAN_THANH.name, exact=True)).to_be_visible()

    chosen = change_an_answer_from_the_check_page(phone, VI)
    phone.check("check-after-change", max_weight_kb=FLOW_PAGE_BUDGET_KB)
    expect(page.locator("dl.summary").nth(2)).to_contain_text(chosen)

    submit(phone, VI)
    expect(page.get_by_text(TAN_THANH.name)).to_be_visible()
    first_action = plan_actions(page)[0]
    expect(page.get_by_role("link", name=VI.download_plan)).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    phone.check("results-plan-ready")

    text = download_plan(phone, VI, journey)
    assert TAN_THANH.name in text
    assert squash(first_action) in text
    journey.finish()


def test_english_owner_journey(journey: Journey) -> None:
    phone = journey.open_phone(locale="en-GB")
    page = phone.page
    start_from_home(phone, EN)
    describe_organisation(phone, EN, TAN_THANH)
    answer_steps(phone, EN)
    phone.check("check", max_weight_kb=FLOW_PAGE_BUDGET_KB)

    submit(phone, EN)
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    expect(page.get_by_role("link", name=EN.download_plan)).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    assert TAN_THANH.name in download_plan(phone, EN, journey)
    journey.finish()


def test_no_javascript_journey(journey: Journey) -> None:
    phone = journey.open_phone(javascript=False)
    page = phone.page
    start_from_home(phone, VI)
    describe_organisation(phone, VI, TAN_THANH)
    answer_steps(phone, VI)
    phone.check("check", max_weight_kb=FLOW_PAGE_BUDGET_KB)

    submit(phone, VI)
    reload_until_plan_ready(page, VI)
    phone.check("results-plan-ready")
    assert TAN_THANH.name in download_plan(phone, VI, journey)
    journey.finish()
