"""Search over live guidance pages in the current language."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from wagtail.models import Locale

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
        pages = GuidancePage.objects.live().public().filter(locale=Locale.get_active())
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
