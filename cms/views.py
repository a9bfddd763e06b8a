"""Search over live guidance pages in the current language."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from . import content
from .models import GuidancePage
from .text import fold, highlight

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    """Find guidance by words typed with or without Vietnamese diacritics.

    The query is unaccented and matched against each page's unaccented copy
    (``GuidancePage.folded_text``) so "chuyen doi so" finds "chuyển đổi số".
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    results = []
    if query:
        pages = content.public(GuidancePage.objects.live(), request).filter(
            locale=content.locale_for(request=request)
        )
        found = pages.search(fold(query), operator="and")
        results_page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = [
            {
                "page": page,
                "title": highlight(page.title, query),
                "summary": highlight(page.summary, query),
            }
            for page in results_page.object_list
        ]
    return TemplateResponse(
        request,
        "pages/search_results.html",
        {"query": query, "results_page": results_page, "results": results},
    )


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, routed in one query (see :func:`cms.content.route`).

    Wagtail keeps the route of a request on ``request._wagtail_route_for_request``; when
    the fast route finds the page it is put there and Wagtail serves it as usual (view
    restrictions, hooks, the page's own ``serve``). Otherwise Wagtail routes it itself.
    """
    page = content.route(request, path)
    if page is not None:
        request._wagtail_route_for_request = RouteResult(page)
    return wagtail_serve(request, path)
