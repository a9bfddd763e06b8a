"""Menus, footer and settings are kept per content version: every change an editor makes
shows on the next request, and private sections stay private."""

from __future__ import annotations

import pytest

from wagtail.models import PageViewRestriction, Site

from cms.models import SupportCenterSettings

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_published_menu_page_shows_on_the_next_request_and_goes_when_unpublished(client, home):
    assert "Tin tức mới" not in client.get("/vi/").content.decode()  # chrome now remembered

    page = StandardPageFactory(parent=home, title="Tin tức mới", show_in_menus=True)
    assert "Tin tức mới" in client.get("/vi/").content.decode()

    page.unpublish()
    assert "Tin tức mới" not in client.get("/vi/").content.decode()


def test_a_settings_change_shows_on_the_next_request(client, home):
    site = Site.objects.get(is_default_site=True)
    client.get("/vi/")
    settings, _ = SupportCenterSettings.objects.get_or_create(site=site)
    settings.phone = "0299 123 4567"
    settings.save()

    assert "0299 123 4567" in client.get("/vi/").content.decode()


def test_a_moved_page_is_served_at_its_new_address(client, home):
    section = StandardPageFactory(parent=home, title="Mục", slug="muc")
    page = StandardPageFactory(parent=home, title="Trang di chuyển", slug="di-chuyen")
    assert client.get("/vi/di-chuyen/").status_code == 200

    page.move(section, pos="last-child")

    assert client.get("/vi/di-chuyen/")["Location"] == "/vi/muc/di-chuyen/"  # Wagtail's redirect
    assert client.get("/vi/muc/di-chuyen/").status_code == 200


def test_a_page_made_private_asks_for_a_login_on_the_next_request(client, home):
    page = StandardPageFactory(parent=home, title="Nội bộ", slug="noi-bo", show_in_menus=True)
    assert client.get("/vi/noi-bo/").status_code == 200
    assert "Nội bộ" in client.get("/vi/").content.decode()

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/vi/noi-bo/")
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert "Nội bộ" not in client.get("/vi/").content.decode()


def test_guidance_lists_and_bodies_show_a_publish_on_the_next_request(client, index, settings):
    """The list of guidance, related guidance and the rendered bodies are kept per content
    version (#16): a publish shows at once, without the page cache too."""
    from .factories import GuidancePageFactory, TopicFactory

    settings.PORTAL_PAGE_CACHE = False
    topic = TopicFactory(slug="thue")
    page = GuidancePageFactory(
        parent=index,
        title="Khai thuế",
        topics=[topic],
        body=[{"type": "paragraph", "value": "<p>Bản cũ.</p>"}],
    )
    client.get(index.url)
    client.get(page.url)

    GuidancePageFactory(parent=index, title="Nộp thuế qua mạng", topics=[topic])
    page.body = [{"type": "paragraph", "value": "<p>Bản mới.</p>"}]
    page.save_revision().publish()

    assert "Nộp thuế qua mạng" in client.get(f"{index.url}?topic=thue").content.decode()
    html = client.get(page.url).content.decode()
    assert "Bản mới." in html and "Bản cũ." not in html
    assert "Nộp thuế qua mạng" in html  # related guidance
