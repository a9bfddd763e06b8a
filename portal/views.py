from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness of the whole portal: 200 when the database, broker and a worker are fine."""
    report = run_checks()
    return JsonResponse(report, status=200 if report["ok"] else 503)
