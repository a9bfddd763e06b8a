"""Whole responses of public pages for anonymous readers, kept in the shared cache.

Only a reader without a session (no session cookie, so never a logged-in user, never
someone in the middle of an assessment, never a pending message) asking with GET or
HEAD for a Wagtail page or the how-we-score page is served from the cache. A response
is stored only when it is a plain 200 that set no cookie, used no CSRF token (no form
that posts), showed no message and does not forbid caching (Wagtail marks private pages
and previews ``no-cache``). The key holds the content version (:mod:`cms.content`), so
a publish, unpublish, move, delete or settings change purges every page at once, in
every process, without a list of URLs to find.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from .content import content_version

# URL names whose anonymous responses may be cached.
CACHEABLE_VIEWS = frozenset({"portal_serve", "wagtail_serve", "how_we_score"})
HEADER = "X-Page-Cache"
TIMEOUT = 600  # seconds; a change purges sooner, through the content version


class AnonymousPageCacheMiddleware:
    """Serve and store whole public pages for anonymous readers (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.status_code, headers, response.content), TIMEOUT)
            response[HEADER] = "miss"
        else:
            response[HEADER] = "skip"
        return response


def _eligible(request: HttpRequest) -> bool:
    if not getattr(settings, "PORTAL_PAGE_CACHE", True) or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in CACHEABLE_VIEWS


def _key(request: HttpRequest) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{content_version()}:{translation.get_language()}:{request.method}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and not (messages is not None and (messages._queued_messages or messages.used))
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )
