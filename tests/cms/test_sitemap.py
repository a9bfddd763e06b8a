"""sitemap.xml lists the live pages of both languages."""

from __future__ import annotations

import pytest

from .conftest import translate
from .factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_live_pages_in_both_languages(client, index, english, home_en):
    page = GuidancePageFactory(parent=index, slug="hoa-don")
    translate(page, english, title="E-invoices", slug="e-invoices")
    draft = GuidancePageFactory(parent=index, slug="ban-nhap", live=False)

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "<loc>http://localhost/vi/</loc>" in xml
    assert "<loc>http://localhost/en/</loc>" in xml
    assert "<loc>http://localhost/vi/huong-dan/hoa-don/</loc>" in xml
    assert "<loc>http://localhost/en/huong-dan/e-invoices/</loc>" in xml
    assert draft.slug not in xml
