"""Where the guidance on a subject lives: the lookups other apps make of the cms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.models import Page

from . import content
from .models import GuidanceIndexPage, Topic


def topic_list_urls(dimension_keys: Iterable[str], language: str) -> dict[str, str]:
    """For each dimension key, the guidance list filtered to its topic, in ``language``.

    Two queries whatever the number of dimensions, once per content version in a
    process; a dimension without a topic (or a language without a live guidance index)
    is left out.
    """
    keys = tuple(dict.fromkeys(dimension_keys))
    return dict(
        content.remember(
            None, ("topic-list-urls", keys, language), lambda: _topic_list_urls(keys, language)
        )
    )


def _topic_list_urls(dimension_keys: Iterable[str], language: str) -> dict[str, str]:
    topics: dict[str, Topic] = {}
    keys = list(dimension_keys)
    for topic in Topic.objects.filter(dimension_key__in=keys).order_by("-sort_order", "-pk"):
        topics[topic.dimension_key] = topic  # the lowest sort_order wins
    if not topics:
        return {}
    index = (
        GuidanceIndexPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
        .first()
    )
    url = index.get_url() if index else None
    if not url:
        return {}
    return {key: f"{url}?topic={topic.slug}" for key, topic in topics.items()}


@dataclass(frozen=True)
class GuidanceLink:
    """A live guidance page as one language's reader should get it."""

    page_id: int  # the page staff chose
    url: str  # site-relative
    title: str
    # True when ``language`` has no live translation and this is the page in another
    # language (the plan then says so next to the link).
    other_language: bool


def guidance_links(page_ids: Iterable[int], language: str) -> dict[int, GuidanceLink]:
    """For each chosen page id, the live page to link in ``language``: its translation in
    that language where one is live, else the chosen page itself. Pages that are not live
    (unpublished, deleted) are left out, so the caller can fall back to the topic list.

    Two queries whatever the number of pages, for the pages not yet looked up in this
    content version in this process.
    """
    ids = list(dict.fromkeys(page_ids))
    known: dict[int, GuidanceLink | None] = content.remember(
        None, ("guidance-links", language), dict
    )
    missing = [page_id for page_id in ids if page_id not in known]
    if missing:
        found = _guidance_links(missing, language)
        known.update({page_id: found.get(page_id) for page_id in missing})
    return {page_id: known[page_id] for page_id in ids if known[page_id] is not None}


def _guidance_links(ids: list[int], language: str) -> dict[int, GuidanceLink]:
    chosen = {
        page.pk: page for page in Page.objects.live().select_related("locale").filter(pk__in=ids)
    }
    translations = {
        page.translation_key: page
        for page in Page.objects.live()
        .select_related("locale")
        .filter(
            translation_key__in=[page.translation_key for page in chosen.values()],
            locale__language_code=language,
        )
    }
    links: dict[int, GuidanceLink] = {}
    for page_id in ids:
        page = chosen.get(page_id)
        if page is None:
            continue
        target = translations.get(page.translation_key, page)
        url = target.get_url()
        if not url:
            continue
        links[page_id] = GuidanceLink(
            page_id=page_id,
            url=url,
            title=target.title,
            other_language=target.locale.language_code != language,
        )
    return links


def unpublished_page_ids(page_ids: Iterable[int]) -> set[int]:
    """Those of ``page_ids`` that no reader can open (not live, or deleted)."""
    ids = set(page_ids)
    return ids - set(Page.objects.live().filter(pk__in=ids).values_list("pk", flat=True))
