"""A plan a manager can run: a person in charge and a due date per action, set on the
dashboard, printed in the PDF with the targets and what the next level looks like."""

# ruff: noqa: F811 - the workspace fixtures are imported from test_workspace and used by name

from __future__ import annotations

import datetime
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from django.utils import timezone

from assessment.models import ActionProgress, DimensionTarget, NextLevelText
from recommendations.adapter import plan_document
from recommendations.pdf import render_plan_pdf
from recommendations.plans import latest_plan

from .test_workspace import managed, questionnaire, rules, submitted  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def pdf_text(plan) -> str:
    pdf = render_plan_pdf(plan_document(plan))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def checklist_url(assessment) -> str:
    return f"/vi/dashboard/organisations/{assessment.organisation_id}/checklist/"


def test_owner_and_due_date_are_saved_and_printed(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    due = timezone.localdate() + datetime.timedelta(days=20)

    response = client.post(
        checklist_url(assessment),
        {
            "action-open_shop": "in_progress",
            "owner-open_shop": "Nguyễn Thị Lan",
            "due-open_shop": due.isoformat(),
        },
    )

    assert response.status_code == 302
    item = ActionProgress.objects.get(rule_key="open_shop")
    assert (item.owner, item.due_on) == ("Nguyễn Thị Lan", due)
    text = pdf_text(latest_plan(assessment))
    assert f"Nguyễn Thị Lan {due:%d/%m/%Y}" in text  # the table's owner and due cells
    assert f"Người phụ trách: Nguyễn Thị Lan · Hạn: {due:%d/%m/%Y}" in text
    assert "Ghi chú:" in text


def test_without_a_date_the_horizon_counts_from_the_assessment(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    assessed = timezone.localdate(assessment.submitted_at)

    html = client.get(f"/vi/dashboard/organisations/{assessment.organisation_id}/").content
    text = pdf_text(latest_plan(assessment))

    # open_shop is "now" (7 days), qr_code "within 30 days".
    assert f'value="{assessed + datetime.timedelta(days=7):%Y-%m-%d}"' in html.decode()
    assert f"{assessed + datetime.timedelta(days=30):%d/%m/%Y}" in text


def test_a_name_typed_in_nfd_is_kept_in_nfc(client, managed):
    manager, assessment = managed
    client.force_login(manager)

    client.post(
        checklist_url(assessment),
        {"owner-open_shop": unicodedata.normalize("NFD", "  Trần   Văn Đức ")},
    )

    assert ActionProgress.objects.get(rule_key="open_shop").owner == "Trần Văn Đức"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"owner-open_shop": "<b>Lan</b>"}, "không có các ký tự &lt; và &gt;"),
        ({"owner-open_shop": "Lan\u0007"}, "ký tự ẩn hoặc ký tự điều khiển"),
        ({"owner-open_shop": "Lan\u202eAn"}, "ký tự ẩn hoặc ký tự điều khiển"),
        ({"due-open_shop": "2000-01-01"}, "Hạn hoàn thành không thể trước ngày đánh giá"),
        ({"due-open_shop": "2099-01-01"}, "Hạn hoàn thành phải trong vòng 5 năm"),
        ({"due-open_shop": "ngày mai"}, "Nhập ngày theo dạng ngày/tháng/năm"),
    ],
)
def test_bad_owner_or_date_is_refused_with_a_clear_message_and_changes_nothing(
    client, managed, fields, message
):
    manager, assessment = managed
    client.force_login(manager)

    response = client.post(checklist_url(assessment), {"action-open_shop": "done", **fields})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActionProgress.objects.exists()


def test_the_pdf_shows_targets_and_what_the_next_level_looks_like(client, managed):
    _manager, assessment = managed
    DimensionTarget.objects.create(
        organisation=assessment.organisation, dimension_key="payments", target_level=3
    )
    # ecommerce scores 0 (level 0), so its next level is 1.
    NextLevelText.objects.create(
        dimension_key="ecommerce", level=1, text_vi="Có trang bán hàng trên mạng xã hội."
    )

    text = pdf_text(latest_plan(assessment))

    assert "Mục tiêu" in text
    assert "Mức 3" in text
    assert "Mức tiếp theo trông như thế nào" in text
    assert "Có trang bán hàng trên mạng xã hội." in text


def test_the_first_screen_of_results_has_the_top_actions_with_owner_and_date(client, managed):
    manager, assessment = managed
    client.force_login(manager)
    due = timezone.localdate() + datetime.timedelta(days=12)
    client.post(
        checklist_url(assessment),
        {"owner-open_shop": "Nguyễn Thị Lan", "due-open_shop": due.isoformat()},
    )

    html = client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()

    top = html.split('class="plan-top"', 1)[1].split("</ol>", 1)[0]
    assert "Người phụ trách: Nguyễn Thị Lan" in top
    assert f"Hạn: {due:%d/%m/%Y}" in top
    # Score, then the plan, then the details below it; the full list behind <details>.
    assert html.index("score-card") < html.index('id="plan"') < html.index("dimensions-title")
    assert "<details" in html.split('class="plan-top"', 1)[1].split('class="plan-actions"')[0]
