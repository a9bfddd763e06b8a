"""Search finds live guidance in the current language, with or without diacritics."""

from __future__ import annotations

import pytest

from cms.text import fold, highlight

from .conftest import translate
from .factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [result["page"].title for result in response.context["results"]]


@pytest.fixture
def pages(index):
    return [
        GuidancePageFactory(
            parent=index,
            title="Lập kế hoạch chuyển đổi số",
            summary="Kế hoạch một trang cho doanh nghiệp nhỏ.",
        ),
        GuidancePageFactory(
            parent=index,
            title="Phát hành hóa đơn điện tử",
            summary="Đăng ký với cơ quan thuế.",
            body=[{"type": "paragraph", "value": "<p>Chọn nhà cung cấp phần mềm.</p>"}],
        ),
    ]


def test_fold_removes_vietnamese_diacritics():
    assert fold("Chuyển đổi SỐ, Đăng ký") == "chuyen doi so, dang ky"


def test_highlight_marks_words_matched_without_diacritics_and_escapes():
    html = highlight("Chuyển đổi số <b>nhanh</b>", "chuyen doi")

    assert html == "<mark>Chuyển</mark> <mark>đổi</mark> số &lt;b&gt;nhanh&lt;/b&gt;"


@pytest.mark.parametrize("query", ["chuyển đổi số", "chuyen doi so", "CHUYEN DOI SO"])
def test_query_with_or_without_diacritics_finds_the_page(client, pages, query):
    response = client.get("/vi/search/", {"q": query})

    assert titles(response) == ["Lập kế hoạch chuyển đổi số"]
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in response.content.decode()


def test_body_text_is_searched(client, pages):
    response = client.get("/vi/search/", {"q": "nha cung cap"})

    assert titles(response) == ["Phát hành hóa đơn điện tử"]


def test_drafts_and_other_languages_are_not_found(client, index, english, home_en):
    page = GuidancePageFactory(parent=index, title="Hóa đơn điện tử")
    translate(page, english, title="Hoa don e-invoices", slug="e-invoices")
    GuidancePageFactory(parent=index, title="Hóa đơn nháp", live=False)

    vi = client.get("/vi/search/", {"q": "hoa don"})
    en = client.get("/en/search/", {"q": "hoa don"})

    assert titles(vi) == ["Hóa đơn điện tử"]
    assert titles(en) == ["Hoa don e-invoices"]


def test_results_are_paginated(client, index):
    for number in range(12):
        GuidancePageFactory(parent=index, title=f"Thương mại điện tử {number}")

    first = client.get("/vi/search/", {"q": "thuong mai"})
    second = client.get("/vi/search/", {"q": "thuong mai", "page": 2})

    assert first.context["results_page"].paginator.count == 12
    assert len(titles(first)) == 10 and len(titles(second)) == 2


def test_empty_query_shows_only_the_form(client, pages):
    response = client.get("/vi/search/")

    assert response.status_code == 200
    assert response.context["results"] == []
    assert '<input id="search-q" type="search" name="q"' in response.content.decode()
