"""Every public page costs at most ten queries, however much content the site holds.

The ceilings are the issue's (#16); each page is measured once with a little content
and again with ten times as much, and must cost the same.
"""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import HomePageFeaturedGuidance

from .factories import (
    GuidancePageFactory,
    StandardPageFactory,
    TopicFactory,
    organisation_kind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Measure the pages themselves, not the page cache."""
    settings.PORTAL_PAGE_CACHE = False


CEILING = 10


def add_content(home, index, count: int) -> list:
    """``count`` guidance pages (two new topics each round), featured on the home page,
    and ``count`` standard pages in the menu and the footer."""
    topics = [TopicFactory(), TopicFactory()]
    pages = [
        GuidancePageFactory(
            parent=index, topics=topics, organisation_kinds=[organisation_kind("cooperative")]
        )
        for _ in range(count)
    ]
    for page in pages[:3]:
        HomePageFeaturedGuidance.objects.create(home=home, page=page)
    for n in range(count):
        StandardPageFactory(parent=home, show_in_menus=bool(n % 2))
    home.save_revision().publish()
    return pages


def queries_for(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (site, locales, menus), like a running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def page_urls(home, index, guidance, standard) -> dict[str, str]:
    return {
        "home": home.url,
        "guidance index": index.url,
        "guidance index, filtered": f"{index.url}?page=1&kind=cooperative",
        "guidance page": guidance.url,
        "standard page": standard.url,
        "search": "/vi/search/?q=trang",
    }


def test_every_public_page_costs_at_most_ten_queries_and_the_same_as_content_grows(
    client, home, index
):
    pages = add_content(home, index, 3)
    standard = StandardPageFactory(parent=home, title="Liên hệ", show_contact_details=True)
    urls = page_urls(home, index, pages[0], standard)
    small = {name: queries_for(client, url) for name, url in urls.items()}

    add_content(home, index, 30)
    large = {name: queries_for(client, url) for name, url in urls.items()}

    assert large == small
    assert {name: count for name, count in large.items() if count > CEILING} == {}


def test_the_english_pages_cost_no_more_than_the_vietnamese(client, home, index, english):
    from .conftest import translate

    pages = add_content(home, index, 3)
    home_en = translate(home, english, title="Home")
    index_en = translate(index, english, title="Guidance", slug="guidance")
    guidance_en = translate(pages[0], english, title="In English", slug="in-english")

    for url in (home_en.url, index_en.url, guidance_en.url, "/en/search/?q=english"):
        assert queries_for(client, url) <= CEILING, url
