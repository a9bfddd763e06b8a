"""Search finds live guidance in the current language, with or without diacritics."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.text import SearchQuery, fold, highlight

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


def test_highlight_marks_whole_syllables_only_never_a_prefix():
    assert highlight("Hợp đồng và hóa đơn", "don") == "Hợp đồng và hóa <mark>đơn</mark>"
    assert highlight("Kế hoạch tuyến đường", "hoa tu") == "Kế hoạch tuyến đường"


def test_highlight_prefers_the_spelling_typed_and_the_phrase():
    # Typed with marks: "từ" and "tư" fold like "tử" but are not what was typed.
    assert (
        highlight("Hóa đơn điện tử, tư vấn từ xa", "hóa đơn điện tử")
        == "<mark>Hóa</mark> <mark>đơn</mark> <mark>điện</mark> <mark>tử</mark>, tư vấn từ xa"
    )
    # The phrase is what matched: a stray "sổ" elsewhere is not marked.
    assert (
        highlight("Sổ tay chuyển đổi số", "chuyen doi so")
        == "Sổ tay <mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>"
    )
    # No phrase: a syllable typed with marks marks only itself; one typed without marks
    # marks every syllable that folds to it.
    assert highlight("Đối chiếu sổ sách", "đôi so") == "Đối chiếu <mark>sổ</mark> sách"
    assert highlight("Đôi khi đối chiếu", "đôi") == "<mark>Đôi</mark> khi đối chiếu"
    assert highlight("Bắt đầu từ việc nhỏ", "hóa đơn điện tử") == "Bắt đầu từ việc nhỏ"
    assert highlight("Sổ tay, số liệu", "so") == "<mark>Sổ</mark> tay, <mark>số</mark> liệu"


def test_highlight_escapes_a_marked_syllable_and_its_neighbours():
    assert highlight("<đơn>&", "don") == "&lt;<mark>đơn</mark>&gt;&amp;"


def test_query_keeps_only_letters_and_digits():
    query = SearchQuery.parse('"Hóa" (đơn)* AND-OR \\ x_y \x00\x1b NĂM 2026')

    assert query.exact == ("hóa", "đơn", "and", "or", "x", "y", "năm", "2026")
    assert query.backend_query() == "hoa don and or x y nam 2026"


def test_match_tiers():
    query = SearchQuery.parse("hóa đơn")

    assert query.tier("Xuất hóa đơn") == SearchQuery.EXACT_PHRASE
    assert query.tier("đơn vị", "hóa chất") == SearchQuery.EXACT_WORDS
    assert query.tier("Xuất hoá đơn") == SearchQuery.FOLDED_PHRASE  # the other tone placement
    assert query.tier("hòa giải", "dọn dẹp") == SearchQuery.FOLDED_WORDS
    assert query.tier("Hợp đồng hóa") is None


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


ODD_QUERIES = [
    '"',
    'x"',
    '"hóa đơn',
    "'",
    "' OR 1=1 --",
    "*",
    "hoa*",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "hóa AND đơn OR",
    "-",
    "--",
    "-hoa",
    "\\",
    "^",
    ":",
    "title:hoa",
    "a_b",
    "²",
    "hóa" * 300,
    "hóa đơn " * 100,
    "x\x01\x1b[31m",
    "\x00",
    "hóa\x00đơn",
    "\u202edon",
    "\ufffd",
    "🙂",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(client, pages, query):
    response = client.get("/vi/search/", {"q": query})

    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_a_folded_syllable_never_matches_a_longer_one(client, index):
    GuidancePageFactory(parent=index, title="Ký hợp đồng điện tử", summary="Hợp đồng mẫu.")
    GuidancePageFactory(parent=index, title="Xuất hóa đơn", summary="Hóa đơn điện tử.")

    response = client.get("/vi/search/", {"q": "don"})

    assert titles(response) == ["Xuất hóa đơn"]
    assert "<mark>đơn</mark>" in response.content.decode()
    assert "<mark>đồng</mark>" not in response.content.decode()


def test_the_spelling_typed_ranks_above_a_folded_match(client, index):
    # The folded match says "dọn" often, so the backend's relevance alone would put it first.
    GuidancePageFactory(parent=index, title="Dọn dẹp dữ liệu", summary="Dọn kho, dọn sổ, dọn máy.")
    GuidancePageFactory(parent=index, title="Lưu trữ hồ sơ", summary="Giữ mỗi đơn hàng một năm.")

    response = client.get("/vi/search/", {"q": "đơn"})

    assert titles(response) == ["Lưu trữ hồ sơ", "Dọn dẹp dữ liệu"]


def test_the_phrase_ranks_above_scattered_syllables(client, index):
    GuidancePageFactory(
        parent=index,
        title="Đối chiếu sổ sách",
        summary="Chuyển số liệu sang sổ mới, đối chiếu, đối chiếu lại.",
    )
    GuidancePageFactory(parent=index, title="Bắt đầu", summary="Một kế hoạch chuyển đổi số nhỏ.")

    response = client.get("/vi/search/", {"q": "chuyen doi so"})

    assert titles(response) == ["Bắt đầu", "Đối chiếu sổ sách"]
    assert "Một kế hoạch <mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark> nhỏ." in (
        response.content.decode()
    )


def test_results_are_escaped(client, index):
    GuidancePageFactory(parent=index, title="<script>đơn</script>", summary="<b>đơn</b>")

    html = client.get("/vi/search/", {"q": "đơn"}).content.decode()

    assert "&lt;script&gt;<mark>đơn</mark>&lt;/script&gt;" in html
    assert "&lt;b&gt;<mark>đơn</mark>&lt;/b&gt;" in html


def queries_for(client, query: str) -> int:
    client.get("/vi/search/", {"q": query})  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/vi/search/", {"q": query})
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_results(client, index):
    for number in range(3):
        GuidancePageFactory(parent=index, title=f"Hóa đơn {number}")
    few = queries_for(client, "hoa don")
    for number in range(30):
        GuidancePageFactory(parent=index, title=f"Hóa đơn mới {number}")
    many = queries_for(client, "hoa don")

    assert many == few
    assert many <= 10


def test_query_count_does_not_grow_with_results_whose_bodies_choose_laws_and_links(client, index):
    from .factories import ExternalLinkFactory, LegalReferenceFactory

    def add(first: int, count: int) -> None:
        for number in range(first, first + count):
            link = ExternalLinkFactory()
            law = LegalReferenceFactory()
            GuidancePageFactory(
                parent=index,
                title=f"Hóa đơn có căn cứ {number}",
                body=[
                    {"type": "where", "value": {"place": "Cổng", "link": link.pk, "note": ""}},
                    {"type": "legal_basis", "value": {"references": [law.pk], "note": ""}},
                ],
            )

    add(0, 2)
    few = queries_for(client, "hoa don")
    add(2, 10)
    many = queries_for(client, "hoa don")

    assert many == few
    assert many <= 10
