"""GET /healthz: "ok" or "not ok" for everyone, the detailed checks for operators only."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks

TOKEN_HEADER = "X-Healthz-Token"  # noqa: S105 - a header name, not a secret


def may_see_details(request: HttpRequest) -> bool:
    """An operator: the configured token in ``X-Healthz-Token``, or a direct call from an
    internal address (``HEALTHZ_INTERNAL_NETWORKS``; loopback by default).

    A request that came through a proxy (it carries ``X-Forwarded-For``/``Forwarded``)
    is never "internal", even when the proxy itself is on this machine.
    """
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get(TOKEN_HEADER, "")
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.HEALTHZ_INTERNAL_NETWORKS)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when users can use the portal, 503 when they would meet errors.

    Everyone gets only ``{"ok": …}``; the checks, with their error texts and hosts,
    are for operators (see ``may_see_details``).
    """
    report = run_checks()
    status = 200 if report["ok"] else 503
    if not may_see_details(request):
        return JsonResponse({"ok": report["ok"]}, status=status)
    return JsonResponse(report, status=status)
