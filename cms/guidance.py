"""Where the guidance on a subject lives: the lookups other apps make of the cms."""

from __future__ import annotations

from collections.abc import Iterable

from .models import GuidanceIndexPage, Topic


def topic_list_urls(dimension_keys: Iterable[str], language: str) -> dict[str, str]:
    """For each dimension key, the guidance list filtered to its topic, in ``language``.

    Two queries whatever the number of dimensions; a dimension without a topic (or a
    language without a live guidance index) is left out.
    """
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
