"""Open data: small groups and their complements hidden, consent respected, files readable."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from assessment.models import AdministrativeUnit, Organisation
from cms.vocabulary import OrganisationKind
from portal.center import opendata
from portal.center.opendata import COMPLEMENTARY, SMALL, Cell, open_data, suppress

from .conftest import ZONE, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    opendata.invalidate()
    yield
    opendata.invalidate()


def cell(key: str, organisations: int) -> Cell:
    return Cell("kind", key, key, organisations, organisations)


# --- The suppression rule on hand-built cells ------------------------------------------------


def test_a_group_under_five_is_hidden_and_its_smallest_neighbour_with_it():
    total = Cell("total", "total", "", 30, 30)
    kinds = [cell("a", 12), cell("b", 6), cell("c", 9), cell("d", 3)]
    suppress(total, [kinds])
    assert {c.key: c.suppressed for c in kinds} == {
        "a": "",
        "b": COMPLEMENTARY,  # total − a − c − d would give it away otherwise
        "c": "",
        "d": SMALL,
    }
    assert not total.suppressed


def test_two_small_groups_need_no_complement():
    total = Cell("total", "total", "", 20, 20)
    kinds = [cell("a", 12), cell("b", 5), cell("c", 2), cell("d", 1)]
    suppress(total, [kinds])
    assert [c.suppressed for c in kinds] == ["", "", SMALL, SMALL]


def test_exactly_five_is_shown_and_four_is_not():
    total = Cell("total", "total", "", 19, 19)
    kinds = [cell("a", 5), cell("b", 4), cell("c", 10)]
    suppress(total, [kinds])
    assert kinds[0].suppressed == COMPLEMENTARY  # the next smallest (5) goes with the 4
    assert kinds[1].suppressed == SMALL
    assert kinds[2].suppressed == ""


def test_a_lone_group_left_visible_beside_one_hidden_group_is_hidden():
    total = Cell("total", "total", "", 9, 9)
    units = [cell("x", 7), cell("y", 2)]
    suppress(total, [units])
    assert [c.suppressed for c in units] == [COMPLEMENTARY, SMALL]


def test_a_small_total_hides_everything():
    total = Cell("total", "total", "", 4, 4)
    kinds = [cell("a", 3), cell("b", 1)]
    suppress(total, [kinds])
    assert total.suppressed == SMALL
    assert all(c.suppressed == SMALL for c in kinds)


def test_a_hidden_cell_publishes_no_number():
    hidden = Cell("kind", "d", "D", 3, 4, {"overall": 55.0, "a": 40.0}, SMALL)
    row = hidden.as_row(["a"])
    assert row["label"] == "D"
    assert row["suppressed"] == "small"
    assert [row[k] for k in ("organisations", "assessments", "mean_overall", "mean_a")] == [
        None
    ] * 4


# --- On the data --------------------------------------------------------------------------


@pytest.fixture
def city_with_households(small_city):
    """small_city plus five consenting households in Xã C and one that declined.

    Consenting and scored: 6 enterprises (Phường A, March), 2 co-operatives (Xã B,
    April), 5 households (Xã C, April) → 13 organisations.
    """
    unit_c = AdministrativeUnit.objects.create(code="C", name="Xã C", province="Cần Thơ")
    may = datetime(2026, 4, 20, 9, tzinfo=ZONE)
    for i, score in enumerate([20, 30, 40, 50, 60, 99]):
        org = Organisation.objects.create(
            name=f"Hộ kinh doanh {i}",
            kind=OrganisationKind.HOUSEHOLD,
            sector=small_city.enterprises[0].sector,
            administrative_unit=unit_c,
            size_band="micro",
        )
        submit(small_city.questionnaire, org, score, may, consent=i < 5)
    return small_city


def rows_of(data, table):
    return {row["key"]: row for row in data["rows"] if row["table"] == table}


def test_open_data_hides_small_groups_and_their_complements(city_with_households):
    data = open_data("vi")
    total = rows_of(data, "total")["total"]
    # The household that declined and the enterprise's earlier assessment without consent
    # are left out: 13 organisations, 13 assessments.
    assert (total["organisations"], total["assessments"]) == (13, 13)
    kinds = rows_of(data, "kind")
    assert kinds["cooperative"]["suppressed"] == "small"
    assert kinds["household"]["suppressed"] == "complementary"  # 5: the next smallest
    assert kinds["enterprise"]["suppressed"] is None
    assert kinds["enterprise"]["organisations"] == 6
    assert kinds["enterprise"]["mean_overall"] == 35.0
    assert kinds["household"]["label"] == "Hộ kinh doanh"
    assert kinds["household"]["mean_overall"] is None
    units = rows_of(data, "unit")
    assert {k: r["suppressed"] for k, r in units.items()} == {
        "A": None,
        "B": "small",
        "C": "complementary",
    }
    months = rows_of(data, "month")
    assert set(months) == {"2026-03", "2026-04"}  # February's was without consent
    assert months["2026-04"]["organisations"] == 7
    # Wherever anything is hidden, at least two groups are.
    for table in ("kind", "unit", "month"):
        hidden = sum(1 for r in rows_of(data, table).values() if r["suppressed"])
        assert hidden != 1, table
    assert data["licence"]["name"] == "CC BY 4.0"
    assert "5" in data["method"]


def test_a_group_counts_organisations_not_assessments(city_with_households):
    """Five assessments by three organisations are still a group of three: hidden."""
    unit_d = AdministrativeUnit.objects.create(code="D", name="Xã D", province="Cần Thơ")
    for i in range(3):
        org = Organisation.objects.create(
            name=f"Tổ hợp tác {i}",
            kind=OrganisationKind.COOP_GROUP,
            sector=city_with_households.enterprises[0].sector,
            administrative_unit=unit_d,
            size_band="micro",
        )
        for day in range(1 if i else 3):
            when = datetime(2026, 3, 2 + day, 9, tzinfo=ZONE)
            submit(city_with_households.questionnaire, org, 40 + day, when)
    units = rows_of(open_data("vi"), "unit")
    assert units["D"]["suppressed"] == "small"
    assert rows_of(open_data("vi"), "total")["total"]["assessments"] == 18


def test_every_shown_group_has_five_organisations_or_more(city_with_households):
    for row in open_data("vi")["rows"]:
        if row["suppressed"] is None:
            assert row["organisations"] >= 5, row


def test_csv_reads_back_with_vietnamese_and_hidden_cells_empty(client, city_with_households):
    response = client.get(reverse("opendata:csv"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_key = {(r["table"], r["key"]): r for r in rows}
    assert by_key[("unit", "C")]["label"] == "Xã C"
    assert by_key[("unit", "C")]["organisations"] == ""
    assert by_key[("unit", "C")]["mean_overall"] == ""
    assert by_key[("unit", "A")]["label"] == "Phường A"
    assert by_key[("unit", "A")]["mean_a"] == "35.0"
    assert by_key[("kind", "household")]["label"] == "Hộ kinh doanh"
    assert by_key[("total", "total")]["label"] == "Toàn thành phố"
    assert list(rows[0])[:6] == [
        "table",
        "key",
        "label",
        "organisations",
        "assessments",
        "suppressed",
    ]


def test_json_in_english_and_the_page_in_both_languages(client, city_with_households):
    with override("en"):
        url = reverse("opendata:json")
        page_url = reverse("opendata:page")
    assert url.startswith("/en/")
    data = json.loads(client.get(url).content)
    assert rows_of(data, "kind")["household"]["label"] == "Household business"
    assert "Only plausible ones count" in data["method"]
    assert data["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0")
    page = client.get(page_url).content.decode()
    assert "CC BY 4.0" in page
    assert "Open data" in page
    with override("vi"):
        vi_page = client.get(reverse("opendata:page")).content.decode()
    assert "Dữ liệu mở" in vi_page
    assert "Phường A" in vi_page
    assert "ẩn (dưới 5)" in vi_page  # hidden rows say so
    assert "Chỉ tính các bài đáng tin cậy" in vi_page  # the plausibility rule, stated


def test_the_footer_links_to_the_open_data(client, city_with_households):
    with override("vi"):
        url = reverse("opendata:page")
        search = client.get(reverse("search")).content.decode()
    assert f'href="{url}"' in search


def test_cached_until_the_statistics_are_refreshed(city_with_households):
    before = rows_of(open_data("vi"), "total")["total"]["organisations"]
    org = Organisation.objects.create(
        name="Mới",
        kind=OrganisationKind.ENTERPRISE,
        sector=city_with_households.enterprises[0].sector,
        administrative_unit=city_with_households.unit_a,
        size_band="micro",
    )
    submit(city_with_households.questionnaire, org, 50, datetime(2026, 3, 11, 9, tzinfo=ZONE))
    assert rows_of(open_data("vi"), "total")["total"]["organisations"] == before  # cached
    call_command("refresh_center_statistics")
    assert rows_of(open_data("vi"), "total")["total"]["organisations"] == before + 1


def test_the_current_month_is_not_published_yet(city_with_households):
    org = city_with_households.enterprises[0]
    submit(city_with_households.questionnaire, org, 70, datetime.now(ZONE))
    data = opendata.build("vi")
    assert rows_of(data, "total")["total"]["assessments"] == 13
