"""sitemap.xml listing the live pages of every language, with hreflang alternates."""

from __future__ import annotations

from typing import Any

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


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
        """The page's full URL (with its language prefix)."""
        return obj.get_full_url(self.request)

    def lastmod(self, obj: Page) -> Any:
        """When the page was last published."""
        return obj.last_published_at or obj.latest_revision_created_at
