"""sitemap.xml listing the live pages of every language, with hreflang alternates."""

from __future__ import annotations

from typing import Any

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .siteurl import on_public_host, page_public_url


class PortalSitemap(Sitemap):
    """Wagtail's sitemap lists one language tree; this one lists all of them."""

    def items(self):
        """Live public pages under the site root and under each of its translations."""
        root = self.get_wagtail_site().root_page
        pages = Page.objects.none()
        for home in root.get_translations(inclusive=True):
            pages |= home.get_descendants(inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def location(self, obj: Page) -> str:
        """The page's public URL (with its language prefix), on PORTAL_BASE_URL."""
        return page_public_url(obj, self.request)

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        """Wagtail's entries, each moved onto the public address (pages may add their own
        entries through ``get_sitemap_urls``, which build on the Wagtail site)."""
        urls = super()._urls(page, protocol, domain)
        for entry in urls:
            entry["location"] = on_public_host(entry["location"])
        return urls

    def lastmod(self, obj: Page) -> Any:
        """When the page was last published."""
        return obj.last_published_at or obj.latest_revision_created_at
