"""What a person does in the self-assessment, in the words the screens show them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page
from pypdf import PdfReader

# Flow pages (profile, one per dimension, check) must stay light on a phone.
FLOW_PAGE_BUDGET_KB = 100


@dataclass(frozen=True)
class Words:
    """The labels of one language, as a person reads them on screen."""

    language: str
    start: str
    name: str
    kind: str
    cooperative: str
    sector: str
    ward: str
    staff: str
    revenue: str
    members: str
    save_and_continue: str
    save_and_back_to_check: str
    change: str
    submit: str
    download_plan: str
    refresh: str


VI = Words(
    language="vi",
    start="Bắt đầu tự đánh giá",
    name="Tên đơn vị",
    kind="Đơn vị thuộc loại hình nào?",
    cooperative="Hợp tác xã",
    sector="Ngành nghề chính",
    ward="Phường hoặc xã",
    staff="Số lao động đóng bảo hiểm xã hội (bình quân năm)",
    revenue="Tổng doanh thu năm trước",
    members="Số thành viên (đối với hợp tác xã)",
    save_and_continue="Lưu và tiếp tục",
    save_and_back_to_check="Lưu và quay lại trang kiểm tra",
    change="Thay đổi",
    submit="Gửi và xem kết quả",
    download_plan="Tải kế hoạch hành động (PDF)",
    refresh="Tải lại trang này",
)

EN = Words(
    language="en",
    start="Start the self-assessment",
    name="Name of the business or co-operative",
    kind="What kind of organisation is it?",
    cooperative="Co-operative",
    sector="Main sector",
    ward="Ward or commune",
    staff="Staff with social insurance (yearly average)",
    revenue="Total revenue last year",
    members="Number of members (co-operatives)",
    save_and_continue="Save and continue",
    save_and_back_to_check="Save and go back to the check page",
    change="Change",
    submit="Submit and see my results",
    download_plan="Download the action plan (PDF)",
    refresh="Refresh this page",
)


@dataclass(frozen=True)
class Organisation:
    name: str
    members: int = 25


def button(page: Page, label: str) -> Locator:
    return page.get_by_role("button", name=label, exact=True)


def open_menu(page: Page) -> None:
    """Unfold the site menu, as on a phone (its toggle reads "Menu" in both languages)."""
    page.get_by_text("Menu", exact=True).click()


def fill_profile(page: Page, words: Words, organisation: Organisation) -> None:
    """Describe the organisation as a co-operative, taking the first sector, ward and revenue
    band, with 3 insured staff."""
    page.get_by_label(words.name, exact=True).fill(organisation.name)
    page.get_by_role("group", name=words.kind).get_by_label(words.cooperative, exact=True).check()
    page.get_by_label(words.sector, exact=True).select_option(index=1)
    page.get_by_label(words.ward, exact=True).select_option(index=1)
    page.get_by_label(words.staff, exact=True).fill("3")
    page.get_by_role("group", name=words.revenue).get_by_role("radio").first.check()
    page.get_by_label(words.members, exact=True).fill(str(organisation.members))


def answer_shown_questions(page: Page) -> int:
    """Pick the first choice of every question on the step that is shown; return how many.

    Follow-up questions hidden by JavaScript (their trigger was not chosen) are skipped;
    without JavaScript they are shown, answered too, and ignored by the server.
    """
    questions = page.locator(".question")
    answered = 0
    for index in range(questions.count()):
        question = questions.nth(index)
        if not question.is_visible():
            continue
        # The first answer box (a hidden "shown" marker may come before it).
        question.locator("input[type=radio], input[type=checkbox]").first.check()
        answered += 1
    return answered


def step_number(page: Page) -> int | None:
    match = re.search(r"/step/(\d+)/$", page.url)
    return int(match.group(1)) if match else None


def is_check_page(page: Page) -> bool:
    return page.url.split("?")[0].endswith("/check/")


def plan_actions(page: Page) -> list[str]:
    """Titles of the plan's actions, in the order the results page lists them."""
    return page.locator(".plan-actions > li strong").all_inner_texts()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Text compared across the PDF and the page, whitespace and line breaks aside."""
    return re.sub(r"\s+", " ", text).strip()
