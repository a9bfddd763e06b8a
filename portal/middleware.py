"""Responses that carry a key or personal data are never stored by a browser or proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

# URL arguments that are capabilities: a page reached through one shows it or its data.
CAPABILITY_KWARGS = frozenset({"token", "share_token"})


class PrivatePagesMiddleware:
    """``Cache-Control: no-store, private`` on pages with a token or someone's data (F16).

    On a shared phone or a kiosk a cached results page is a resume link left behind;
    so are cached dashboards. Public pages (home, guidance, how we score) keep their
    caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        private = (
            getattr(request, "user", None) is not None and request.user.is_authenticated
        ) or (match is not None and CAPABILITY_KWARGS & set(match.kwargs))
        if private:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
