"""Both page trees, the language switcher, and translated strings."""

from __future__ import annotations

import re

import pytest

from .conftest import translate
from .factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


def switcher_link(html: str, code: str) -> str:
    match = re.search(rf'<a href="([^"]+)" hreflang="{code}" lang="{code}">', html)
    assert match, f"no switcher link to {code}"
    return match.group(1)


def test_switcher_lands_on_the_translated_page(client, index, english, home_en):
    page = GuidancePageFactory(parent=index, title="Phát hành hóa đơn điện tử", slug="hoa-don")
    english_page = translate(page, english, title="Issuing e-invoices", slug="e-invoices")

    vi_html = client.get(page.url).content.decode()
    en_html = client.get(english_page.url).content.decode()

    assert english_page.url.startswith("/en/")
    assert switcher_link(vi_html, "en") == english_page.url
    assert switcher_link(en_html, "vi") == page.url
    assert '<html lang="en">' in en_html and "Issuing e-invoices" in en_html


def test_switcher_falls_back_to_the_home_page_without_a_translation(client, index, home_en):
    page = GuidancePageFactory(parent=index)

    html = client.get(page.url).content.decode()

    assert switcher_link(html, "en") == "/en/"


def test_switcher_on_the_search_page_keeps_the_query(client, home_en):
    html = client.get("/vi/search/", {"q": "hoa don"}).content.decode()

    assert switcher_link(html, "en") == "/en/search/?q=hoa+don"


def test_interface_strings_are_vietnamese_on_vi_and_english_on_en(client, home_en):
    vi_html = client.get("/vi/search/").content.decode()
    en_html = client.get("/en/search/").content.decode()

    assert "Tìm trong các bài hướng dẫn" in vi_html
    assert "Search the guidance" in en_html


def test_english_copy_keeps_topics_and_organisation_kinds(index, english, home_en):
    from .factories import TopicFactory, organisation_kind

    topic = TopicFactory()
    page = GuidancePageFactory(
        parent=index, topics=[topic], organisation_kinds=[organisation_kind("enterprise")]
    )

    english_page = translate(page, english, title="In English", slug="in-english")

    assert list(english_page.topics.all()) == [topic]
    assert [k.key for k in english_page.organisation_kinds.all()] == ["enterprise"]
