"""The center's CSV and XLSX exports, read back as a spreadsheet user would get them."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Assessment, Organisation
from cms.vocabulary import OrganisationKind
from portal.center.exports import neutralise

from .conftest import ZONE, submit

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://example.com/x","Bấm vào đây")'


@pytest.fixture
def exporter(center_staff):
    """Center staff who may also export each assessment with its organisation's name."""
    center_staff.user_permissions.add(Permission.objects.get(codename="export_submissions"))
    return center_staff


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_csv(response) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(body(response)), read_only=False).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+84 292", "'+84 292"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hợp tác xã = tốt", "Hợp tác xã = tốt"),
        (-5, -5),
        (None, None),
    ],
)
def test_formula_starts_are_neutralised_and_nothing_else(value, shown):
    assert neutralise(value) == shown


def test_aggregates_csv_has_vietnamese_headers_keys_and_hides_small_groups(
    client, small_city, center_staff
):
    client.force_login(center_staff)
    response = client.get(reverse("center:aggregates_csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["Phần", "Mã", "Nhóm", "Số đơn vị"]
    assert rows[1] == ["section", "key", "label", "organisations", "assessments", "mean", "median"]
    by_key = {(r[0], r[1]): r for r in rows[2:]}
    assert by_key[("figures", "submitted")][4] == "9"
    assert by_key[("overall", "overall")][3:6] == ["8", "8", "47.5"]
    assert by_key[("unit", "Phường A")][2:6] == ["Phường A", "6", "6", "35.0"]
    assert by_key[("kind", "enterprise")][2] == "Doanh nghiệp"
    # Two co-operatives: a group under 5 shows "< 5" and no score.
    assert by_key[("kind", "cooperative")][3:] == ["< 5", "", "", ""]


def test_aggregates_follow_the_filters(client, small_city, center_staff):
    client.force_login(center_staff)
    rows = read_csv(client.get(reverse("center:aggregates_csv"), {"unit": "A"}))
    by_key = {(r[0], r[1]): r for r in rows[2:]}
    assert by_key[("filter", "unit")][2] == "Phường A"
    assert by_key[("figures", "submitted")][4] == "7"
    assert ("unit", "Xã B") not in by_key


def test_aggregates_xlsx_reads_back_with_vietnamese(client, small_city, center_staff):
    client.force_login(center_staff)
    response = client.get(reverse("center:aggregates_xlsx"), {"kind": "enterprise"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet, rows = read_xlsx(response)
    assert sheet.title == "Thống kê"
    assert rows[0][:3] == ["Phần", "Mã", "Nhóm"]
    assert rows[1][0] == "section"
    by_key = {(r[0], r[1]): r for r in rows[2:]}
    assert by_key[("filter", "kind")][2] == "Doanh nghiệp"
    assert by_key[("overall", "overall")][3:6] == [6, 6, 35]


def test_submissions_csv_one_row_per_assessment_names_neutralised_consent_kept(
    client, small_city, exporter
):
    small_city.enterprises[1].name = INJECTION
    small_city.enterprises[1].save()
    client.force_login(exporter)
    response = client.get(reverse("center:submissions_csv"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    rows = read_csv(response)
    header, keys, data = rows[0], rows[1], rows[2:]
    assert header[:3] == ["Mã bài đánh giá", "Ngày nộp", "Tên đơn vị"]
    assert keys == [
        "assessment_id",
        "submitted_on",
        "organisation",
        "kind",
        "sector",
        "unit",
        "size_band",
        "mode",
        "plausible",
        "in_scores",
        "overall",
        "level",
        "dimension_a",
        "dimension_b",
    ]
    assert len(data) == 9  # every submitted assessment, the draft left out
    by_name = {r[2]: r for r in data}
    assert "'" + INJECTION in by_name
    assert INJECTION not in by_name
    first = [r for r in data if r[2] == "Doanh nghiệp 0"]
    # The first enterprise's earlier assessment declined statistical use: no scores.
    assert [r[7:] for r in first] == [
        ["Tự đánh giá", "có", "không", "", "", "", ""],
        ["Tự đánh giá", "có", "có", "10.0", "1", "10.0", "90.0"],
    ]
    assert first[1][1:2] == ["2026-03-10"]
    assert by_name["Hợp tác xã 0"][3:7] == [
        "Hợp tác xã",
        "Nông nghiệp",
        "Xã B",
        "Nhỏ",
    ]


def test_submissions_xlsx_reads_back_with_no_formula(client, small_city, exporter):
    small_city.coops[0].name = INJECTION
    small_city.coops[0].save()
    client.force_login(exporter)
    response = client.get(reverse("center:submissions_xlsx"), {"unit": "B"})
    assert response.status_code == 200
    sheet, rows = read_xlsx(response)
    assert rows[1][2] == "organisation"
    assert len(rows) == 2 + 2  # two header rows, the two co-operatives of Xã B
    names = {r[2] for r in rows[2:]}
    assert names == {"'" + INJECTION, "Hợp tác xã 1"}
    cell = next(c for c in sheet["C"] if c.value == "'" + INJECTION)
    assert cell.data_type == "s"  # text, not a formula
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert {r[5] for r in rows[2:]} == {"Xã B"}
    assert {r[10] for r in rows[2:]} == {80, 90}


def test_staff_without_the_export_permission_get_aggregates_only(client, small_city, center_staff):
    client.force_login(center_staff)
    page = client.get(reverse("center:statistics"), {"unit": "A"}).content.decode()
    assert reverse("center:aggregates_xlsx") + "?unit=A" in page
    assert reverse("center:submissions_csv") not in page
    assert reverse("center:submissions_xlsx") not in page
    for name in ("center:submissions_csv", "center:submissions_xlsx"):
        assert client.get(reverse(name)).status_code == 403


def test_staff_with_the_export_permission_see_the_buttons(client, small_city, exporter):
    client.force_login(exporter)
    page = client.get(reverse("center:statistics")).content.decode()
    assert reverse("center:submissions_xlsx") in page
    assert reverse("center:submissions_csv") in page


def test_an_editor_can_export_nothing(client, small_city, editor):
    client.force_login(editor)
    for name in (
        "center:aggregates_csv",
        "center:aggregates_xlsx",
        "center:submissions_csv",
        "center:submissions_xlsx",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "Phường A" not in body(response).decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, small_city):
    response = client.get(reverse("center:submissions_csv"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def _export_queries(client, name: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
        rows = body(response).count(b"\n")
    return len(captured), rows


@pytest.mark.parametrize(
    "name",
    [
        "center:submissions_csv",
        "center:submissions_xlsx",
        "center:aggregates_csv",
    ],
)
def test_query_count_does_not_grow_with_assessments(client, small_city, exporter, name):
    client.force_login(exporter)
    client.get(reverse("center:statistics"))  # the session and permissions are cached alike
    before, _ = _export_queries(client, name)
    for i in range(40):
        org = Organisation.objects.create(
            name=f"Thêm {i}",
            kind=OrganisationKind.HOUSEHOLD,
            sector=small_city.enterprises[0].sector,
            administrative_unit=small_city.unit_a,
            size_band="micro",
        )
        submit(small_city.questionnaire, org, i * 2, datetime(2026, 3, 12, 9, tzinfo=ZONE))
    assert Assessment.objects.submitted().count() == 49
    after, _ = _export_queries(client, name)
    assert after == before


def test_too_large_an_xlsx_is_refused_with_a_way_out(client, small_city, exporter, monkeypatch):
    monkeypatch.setattr("portal.center.views.XLSX_MAX_ROWS", 8)
    client.force_login(exporter)
    response = client.get(reverse("center:submissions_xlsx"), {"unit": "A"})
    assert response.status_code == 200  # 7 assessments in Phường A
    response = client.get(reverse("center:submissions_xlsx"), follow=True)
    assert response.redirect_chain[0][0] == reverse("center:statistics")
    assert "CSV" in response.content.decode()
    assert client.get(reverse("center:submissions_csv")).status_code == 200
