"""Sitemap, canonical and hreflang links and the Wagtail site follow PORTAL_BASE_URL."""

from __future__ import annotations

import pytest

from wagtail.models import Site

from cms.siteurl import sync_default_site

from .conftest import translate
from .factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


def test_sitemap_and_page_links_use_the_public_address(client, settings, index, english, home_en):
    settings.PORTAL_BASE_URL = "https://dtt.example.gov.vn:8443"
    page = GuidancePageFactory(parent=index, slug="hoa-don")
    translate(page, english, title="E-invoices", slug="e-invoices")

    xml = client.get("/sitemap.xml").content.decode()
    html = client.get("/vi/huong-dan/hoa-don/").content.decode()

    assert "<loc>https://dtt.example.gov.vn:8443/vi/huong-dan/hoa-don/</loc>" in xml
    assert "<loc>https://dtt.example.gov.vn:8443/en/huong-dan/e-invoices/</loc>" in xml
    assert "localhost" not in xml
    assert (
        '<link rel="canonical" href="https://dtt.example.gov.vn:8443/vi/huong-dan/hoa-don/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="en" '
        'href="https://dtt.example.gov.vn:8443/en/huong-dan/e-invoices/">' in html
    )


def test_the_default_wagtail_site_takes_the_public_host_and_port(settings):
    settings.PORTAL_BASE_URL = "https://dtt.example.gov.vn"

    sync_default_site()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("dtt.example.gov.vn", 443)
    assert site.root_url == "https://dtt.example.gov.vn"
