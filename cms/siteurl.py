"""The site's public address (``settings.PORTAL_BASE_URL``) and absolute links built on it.

A link that leaves the site (PDF, QR code, e-mail, sitemap, canonical link) must work for
whoever receives it, whatever host or port served the request that produced it. So these
links are built here, on the one configured address, never from the request's Host header
or the Wagtail site record.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

from .content import current_request


def absolute_url(path: str) -> str:
    """``path`` (site-relative, like a ``reverse()`` result or ``Page.url``) on the public
    address. An absolute URL to another site is returned unchanged; "" stays ""."""
    if not path:
        return ""
    if path.startswith(("http://", "https://", "mailto:")):
        return path
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def page_public_url(page: Page, request=None) -> str:
    """The public absolute URL of ``page``, or "" when it is not routable."""
    # With a request, Wagtail reads the site root paths from the cache once per request.
    parts = page.get_url_parts(request or current_request())
    if parts is None:
        return ""
    return absolute_url(parts[2])


def on_public_host(url: str) -> str:
    """``url`` (absolute, from Wagtail) moved onto the public address, keeping its path."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return absolute_url(path or "/")


@transaction.atomic
def sync_default_site() -> None:
    """Give the default Wagtail site the public address's host and port, so Wagtail's own
    links (admin "view live", previews, its e-mails) agree with ours."""
    parts = urlsplit(settings.PORTAL_BASE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).exclude(hostname=parts.hostname, port=port).update(
        hostname=parts.hostname, port=port
    )
