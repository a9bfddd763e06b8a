"""The guidance index costs the same number of queries however many pages it lists."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import GuidancePageFactory, TopicFactory, organisation_kind

pytestmark = pytest.mark.django_db


def add_guidance(index, count: int) -> None:
    topics = [TopicFactory(), TopicFactory()]
    for _ in range(count):
        GuidancePageFactory(
            parent=index, topics=topics, organisation_kinds=[organisation_kind("cooperative")]
        )


def queries_for(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (site root paths), like a running server
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_is_constant_as_guidance_grows(client, index, django_assert_max_num_queries):
    add_guidance(index, 3)
    with_three = queries_for(client, index.url)

    add_guidance(index, 30)
    client.get(index.url)

    with django_assert_max_num_queries(with_three):
        client.get(index.url)
    with django_assert_max_num_queries(with_three):
        client.get(index.url, {"page": 3, "kind": "cooperative"})
