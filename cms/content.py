"""What every public page repeats — site, locale, home, routes, private sections — read once per
content version instead of once per request.

Menus, footer, locales, sites and private sections change only when an
editor publishes, moves or deletes a page or saves a setting or a topic. Each of those
events bumps one *content version* kept in the shared cache (Redis in production); each
process keeps the things derived from the content in memory under that version and
throws them away when the version changes. A request therefore pays one cache read
instead of a dozen SQL queries, and an editor's change is visible on the next request in
every process. The signals that bump it are connected in :mod:`cms.chrome`, which keeps
the menus, footer and settings the same way; the page cache (:mod:`cms.page_cache`)
keys full responses on the same version, so the same events purge it.

Objects kept here are shared by the requests of a process: read them, never change them.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.models.sites import get_site_for_hostname

from .i18n import normalise_language

VERSION_KEY = "portal:content-version"
# Routes remembered per process: enough for every page of a large site, bounded so that
# crawlers asking for random paths cannot grow a worker's memory without end.
MAX_ROUTES = 5000


_request = threading.local()


class RequestScopeMiddleware:
    """Remember the request being served in this thread, so that the content version is
    read from the cache once per request (not once per template tag) and Wagtail's site
    root paths once too (:func:`current_request`). First in ``MIDDLEWARE``."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        outer = getattr(_request, "current", None)
        _request.current = request
        try:
            return self.get_response(request)
        finally:
            _request.current = outer


def current_request() -> HttpRequest | None:
    """The request this thread is serving (None in a task, a command or a test without
    the middleware)."""
    return getattr(_request, "current", None)


def content_version() -> str:
    """The current content version (created on first use), read once per request."""
    request = current_request()
    version = getattr(request, "_portal_content_version", None)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        # A cache that cannot keep the version (unreachable) gets a fresh one per call:
        # nothing is then reused from memory, so no change can be missed.
        version = cache.get(VERSION_KEY)
        if version is None:
            return uuid.uuid4().hex
    if request is not None:
        request._portal_content_version = version
    return version


def bump_content_version(**_: Any) -> None:
    """Make every process forget what it derived from the content, and every cached page.

    Bumped at once (so the rest of this request and this process see the change) and
    again when the transaction commits (so another process that rebuilt its caches from
    the not yet committed state in between does not keep them).
    """
    new_content_version()
    transaction.on_commit(new_content_version)


def new_content_version() -> None:
    """A new content version, now (no transaction involved)."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    request = current_request()
    if request is not None:  # the rest of this request sees its own change
        request._portal_content_version = version


@dataclass
class _Derived:
    """Everything derived from one content version, in one process."""

    version: str
    locales: dict[str, Locale] = field(default_factory=dict)
    sites: dict[tuple[str, int], Site | None] = field(default_factory=dict)
    private_paths: tuple[str, ...] | None = None
    has_aliases: bool = False
    memo: dict[Any, Any] = field(default_factory=dict)
    routes: dict[tuple[int, str, str], tuple[int, type[Page]]] = field(default_factory=dict)
    ancestors: dict[int, list[Page]] = field(default_factory=dict)


_state = threading.local()


def derived(request: HttpRequest | None = None) -> _Derived:
    """This process's derived content for the current version (the version is read once
    per request)."""
    version = getattr(request, "_portal_content_version", None) if request is not None else None
    if version is None:
        version = content_version()
        if request is not None:
            request._portal_content_version = version
    current: _Derived | None = getattr(_state, "derived", None)
    if current is None or current.version != version:
        current = _state.derived = _Derived(version)
    return current


# --- Locales and sites -----------------------------------------------------------------------


def locale_for(language: str | None = None, request: HttpRequest | None = None) -> Locale:
    """The Locale of ``language`` (default: the active language)."""
    store = derived(request)
    if not store.locales:
        store.locales = {locale.language_code: locale for locale in Locale.objects.all()}
    code = normalise_language(language or translation.get_language())
    locale = store.locales.get(code)
    return locale if locale is not None else Locale.get_active()


def current_site(request: HttpRequest | None) -> Site | None:
    """The Wagtail Site of ``request``, remembered on it the way Wagtail itself does."""
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    store = derived(request)
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    if key not in store.sites:
        try:
            store.sites[key] = get_site_for_hostname(*key)
        except Site.DoesNotExist:
            store.sites[key] = None
    request._wagtail_site = store.sites[key]
    return request._wagtail_site


# --- Private sections ------------------------------------------------------------------------


def _load_privacy(store: _Derived) -> tuple[str, ...]:
    if store.private_paths is None:
        store.private_paths = tuple(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        store.has_aliases = Page.objects.filter(alias_of__isnull=False).exists()
    return store.private_paths


def private_paths(request: HttpRequest | None = None) -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (their subtrees are private)."""
    return _load_privacy(derived(request))


def is_public(page: Page, request: HttpRequest | None = None) -> bool | None:
    """Whether ``page`` is outside every private section; None when aliases make it a
    question only Wagtail's own check can answer."""
    store = derived(request)
    paths = _load_privacy(store)
    if store.has_aliases:
        return None
    return not any(page.path.startswith(path) for path in paths)


def public(pages: Any, request: HttpRequest | None = None) -> Any:
    """``pages`` without the private sections: Wagtail's ``.public()`` without its query."""
    condition = Q()
    for path in private_paths(request):
        condition |= Q(path__startswith=path)
    return pages.exclude(condition) if condition else pages


# --- Per site and language -------------------------------------------------------------------


def remember(request: HttpRequest | None, key: Any, build: Callable[[], Any]) -> Any:
    """``build()``, computed once per content version in this process under ``key``."""
    memo = derived(request).memo
    if key not in memo:
        memo[key] = build()
    return memo[key]


def home_for(request: HttpRequest | None) -> Page | None:
    """The home page (specific) of the request's site in the active language."""
    site = current_site(request)
    if site is None:
        return None
    locale = locale_for(request=request)

    def build() -> Page:
        root = site.root_page
        translated = (
            Page.objects.filter(translation_key=root.translation_key, locale=locale, live=True)
            .specific()
            .first()
        )
        return translated or root.specific

    return remember(request, ("home", site.pk, locale.pk), build)


def ancestors_of(page: Page, request: HttpRequest | None = None) -> list[Page]:
    """The ancestors of ``page`` below the tree root (for breadcrumbs)."""
    store = derived(request)
    found = store.ancestors.get(page.pk)
    if found is None:
        found = store.ancestors[page.pk] = list(page.get_ancestors().filter(depth__gt=1))
    return found


# --- Routing ----------------------------------------------------------------------------------


@functools.cache
def _uses_default_routing() -> bool:
    return all(model.route is Page.route for model in get_page_models())


def route(request: HttpRequest, path: str) -> Page | None:
    """The live page at ``path`` under the request's home page, in one query.

    Wagtail walks the tree one level (two queries) at a time; with default routing (no
    page type overrides ``route``) the page is the one whose ``url_path`` is the home
    page's plus ``path``, so its id and type are remembered per content version and only
    the page itself is read. None means "let Wagtail route it" (custom routing, an
    unknown path, a page that is not live).
    """
    if not _uses_default_routing():
        return None
    home = home_for(request)
    if home is None:
        return None
    store = derived(request)
    components = [part for part in path.split("/") if part]
    key = (home.pk, home.locale_id, "/".join(components))
    known = store.routes.get(key)
    if known is None:
        if not components:
            known = (home.pk, type(home))
        else:
            url_path = home.url_path + "".join(f"{part}/" for part in components)
            found = (
                Page.objects.filter(url_path=url_path, path__startswith=home.path)
                .values_list("pk", "content_type_id")
                .first()
            )
            if found is None:
                return None
            model = ContentType.objects.get_for_id(found[1]).model_class()
            if model is None:
                return None
            known = (found[0], model)
        if len(store.routes) < MAX_ROUTES:
            store.routes[key] = known
    # Read afresh: the request may annotate the page it serves, and the shared objects
    # of this module must never change.
    page = known[1].objects.filter(pk=known[0]).first()
    if page is None or not page.live:
        return None
    return page


def translations_of(page: Page, request: HttpRequest | None = None) -> list[Page]:
    """The live translations of ``page`` (itself included), read once per page object."""
    cached = getattr(page, "_portal_translations", None)
    if cached is None:
        cached = list(
            Page.objects.live().filter(translation_key=page.translation_key).order_by("locale_id")
        )
        languages = {locale.pk: code for code, locale in _locales(request).items()}
        for translation_page in cached:
            translation_page.language_code = languages.get(translation_page.locale_id, "")
        page._portal_translations = cached
    return cached


def _locales(request: HttpRequest | None) -> dict[str, Locale]:
    locale_for(request=request)  # loads them
    return derived(request).locales


def translation_in(
    pages: Iterable[Page], language: str, request: HttpRequest | None = None
) -> Page | None:
    """The page of ``pages`` in ``language``, if any."""
    locale = locale_for(language, request)
    return next((p for p in pages if p.locale_id == locale.pk), None)
