"""Whole public pages are cached for anonymous readers only, and a publish shows on the
next request (#16)."""

from __future__ import annotations

import pytest

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpResponse
from django.test import Client

from cms import page_cache
from tests.assessment.factories import build_questionnaire

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(monkeypatch) -> list[bytes]:
    """The content of every response the page cache stores (the real cache still stores it)."""
    contents: list[bytes] = []
    real_set = page_cache.cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith("page:"):
            contents.append(value[2])
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "set", recording_set)
    return contents


def test_an_anonymous_reader_gets_the_page_from_the_cache_and_a_publish_shows_next(
    client, home, stored
):
    page = StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    assert client.get("/vi/gioi-thieu/")[page_cache.HEADER] == "miss"
    assert client.get("/vi/gioi-thieu/")[page_cache.HEADER] == "hit"

    page.title = "Giới thiệu mới"
    page.save_revision().publish()

    response = client.get("/vi/gioi-thieu/")
    assert response[page_cache.HEADER] == "miss"
    assert "Giới thiệu mới" in response.content.decode()


def test_the_languages_are_cached_apart(client, home_en, stored):
    vi = client.get("/vi/")
    en = client.get("/en/")
    assert client.get("/en/").content == en.content
    assert client.get("/vi/").content == vi.content
    assert vi.content != en.content


def test_a_logged_in_reader_is_never_served_nor_stored(client, home, stored):
    StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    client.get("/vi/gioi-thieu/")  # cached for anonymous readers
    user = get_user_model().objects.create_user(
        username="hoa", email="hoa@example.vn", password="x", first_name="Nguyễn Thị Hoa"
    )
    client.force_login(user)

    response = client.get("/vi/gioi-thieu/")

    assert page_cache.HEADER not in response
    assert "/dashboard/" in response.content.decode()  # the logged-in menu, not the cached one
    assert 'action="/vi/accounts/logout/"' in response.content.decode()  # log-out, with CSRF
    assert len(stored) == 1
    assert b"/accounts/logout/" not in stored[0]


def test_no_cached_page_holds_a_csrf_token_a_name_a_resume_token_or_a_message(
    client, home, stored, rf
):
    build_questionnaire([("d0", 1, [{"key": "q0", "type": "tristate", "choices": []}])])
    StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    urls = ["/vi/", "/vi/gioi-thieu/", "/vi/assessment/how-we-score/", "/vi/search/"]
    for url in urls:
        client.get(url)

    # Someone starts an assessment: they now have a session and a resume token.
    location = client.post("/vi/assessment/").headers["Location"]
    token = location.rstrip("/").split("/")[-2]
    for url in urls:
        client.get(url)

    # A logged-in person with a pending message.
    user = get_user_model().objects.create_user(
        username="hoa", email="hoa@example.vn", password="x", first_name="Nguyễn Thị Hoa"
    )
    other = Client()
    other.force_login(user)
    session = other.session
    request = rf.get("/")
    request.session = session
    storage = SessionStorage(request)
    storage.add(messages.SUCCESS, "Đã lưu câu trả lời của bạn")
    storage.update(HttpResponse())
    session.save()
    for url in urls:
        other.get(url)

    # Only the first, anonymous and session-less reads of the pages (search is not cached).
    assert len(stored) == 3
    for content in stored:
        text = content.decode()
        assert "csrfmiddlewaretoken" not in text
        assert "Nguyễn Thị Hoa" not in text
        assert token not in text
        assert "Đã lưu câu trả lời" not in text


def test_a_law_or_link_changed_in_its_snippet_shows_on_the_next_request(client, index, stored):
    from .factories import ExternalLinkFactory, GuidancePageFactory, LegalReferenceFactory

    law = LegalReferenceFactory(number="1/2025/NĐ-CP", title="Nghị định cũ")
    link = ExternalLinkFactory(title="Cổng cũ")
    page = GuidancePageFactory(
        parent=index,
        body=[
            {"type": "where", "value": {"place": "Cổng", "link": link.pk, "note": ""}},
            {"type": "legal_basis", "value": {"references": [law.pk], "note": ""}},
        ],
    )
    client.get(page.url)
    assert client.get(page.url)[page_cache.HEADER] == "hit"

    law.title = "Nghị định mới"
    law.save()
    response = client.get(page.url)
    assert response[page_cache.HEADER] == "miss"
    assert "Nghị định mới" in response.content.decode()

    client.get(page.url)
    link.url = "https://cong-moi.example.vn/"
    link.save()
    assert "https://cong-moi.example.vn/" in client.get(page.url).content.decode()
