"""Search over live guidance pages in the current language."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from . import content
from .models import GuidancePage
from .text import SearchQuery, clean_query, document_syllables

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# The search backend's best candidates that are checked and ranked in Python. Guidance
# pages number in the tens; the cap keeps one odd query from loading hundreds of pages.
MAX_CANDIDATES = 100


def search(request: HttpRequest) -> HttpResponse:
    """Find guidance by words typed with or without Vietnamese diacritics.

    The database's full-text index (Wagtail's search backend) finds the pages that hold
    every query syllable without diacritics (``GuidancePage.folded_text``), as whole
    words. Its best ``MAX_CANDIDATES`` are then checked and ranked here, because no
    backend knows Vietnamese syllables with their marks: a page must hold every query
    syllable as a whole syllable after folding (so "don" finds "đơn" but never "đồng"),
    and pages with the phrase as typed come first, then the syllables as typed, then the
    phrase without marks, then the syllables without marks; within a tier a match in
    the title first, then the backend's relevance.
    """
    query = clean_query(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    terms = SearchQuery.parse(query)
    results_page = None
    results = []
    if query:
        results_page = Paginator(_ranked(request, terms), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        results = [
            {
                "page": page,
                # A page's address changes only with the content version (a move, a slug);
                # it is relative on its own site, so the site is part of the key.
                "url": content.remember(
                    request,
                    ("page-url", page.pk, getattr(content.current_site(request), "pk", None)),
                    lambda page=page: page.get_url(request),
                ),
                "title": terms.highlight(page.title),
                "summary": terms.highlight(page.summary),
            }
            for page in results_page.object_list
        ]
    return TemplateResponse(
        request,
        "pages/search_results.html",
        {"query": query, "results_page": results_page, "results": results},
    )


def _ranked(request: HttpRequest, terms: SearchQuery) -> list[GuidancePage]:
    if not terms:
        return []
    # The body is read only when a page's syllables are not kept yet (once per version).
    pages = (
        content.public(GuidancePage.objects.live(), request)
        .filter(locale=content.locale_for(request=request))
        .defer("body")
    )
    candidates = pages.search(terms.backend_query(), operator="and")[:MAX_CANDIDATES]
    ranked = []
    for position, page in enumerate(candidates):
        # Reading the body's text costs a query per snippet it chooses, and splitting it
        # into syllables most of the time: kept per content version (a change to a page
        # or a snippet bumps it).
        fields = content.remember(
            request,
            ("search-syllables", page.pk),
            lambda page=page: document_syllables(*page.search_texts()),
        )
        tier = terms.tier_of(fields)
        if tier is None:
            continue
        title_tier = terms.tier_of(fields[:1])
        in_title = SearchQuery.FOLDED_WORDS + 1 if title_tier is None else title_tier
        ranked.append(((tier, in_title, position), page))
    ranked.sort(key=lambda item: item[0])
    return [page for _, page in ranked]


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
