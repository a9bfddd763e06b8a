"""Responses that carry a key or personal data are never stored by a browser or proxy."""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
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
        # A view that already forbids storing (plan downloads) keeps its own header.
        if private and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with Wagtail's admin under its own, looser policy (F12).

    The site's own pages run no inline script or style (``CONTENT_SECURITY_POLICY``).
    Wagtail 7.4's admin still writes inline ``<script>`` in its inline panels and date
    widgets and inline ``style`` attributes in many templates, so ``/admin/`` gets
    ``ADMIN_CONTENT_SECURITY_POLICY``: the same policy plus ``'unsafe-inline'``. Only
    signed-in staff reach those pages, and they are never cached.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the portal uses no device feature, so an
    injected script or a framed page cannot ask for the camera, microphone or location."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
