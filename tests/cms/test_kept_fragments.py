"""Fragments of the page chrome and the guidance cards are kept per content version
(``{% keep %}``): rendered once per process, and rendered afresh after any publish, for
a preview, for a logged-in user where marked ``anonymous``, and per language and site."""

from __future__ import annotations

import pytest

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from cms.content import RequestScopeMiddleware, bump_content_version

from .factories import GuidancePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

KEPT = Template("{% load site_tags %}{% keep 'probe' part %}{{ value }}{% endkeep %}")


def render(template_request, value, part="x") -> str:
    """One request (the content version is read once per request, inside the middleware)."""
    request = RequestFactory().get(template_request.path)
    request.user = template_request.user
    if getattr(template_request, "is_preview", False):
        request.is_preview = True
    seen = []
    RequestScopeMiddleware(
        lambda r: seen.append(KEPT.render(Context({"request": r, "value": value, "part": part})))
    )(request)
    return seen[0]


@pytest.fixture
def request_(home):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/vi/")
    request.user = AnonymousUser()
    return request


def test_a_fragment_is_rendered_once_per_content_version(request_):
    assert render(request_, "first") == "first"
    assert render(request_, "second") == "first"  # kept

    bump_content_version()

    assert render(request_, "third") == "third"


def test_each_key_part_and_language_has_its_own_fragment(request_):
    with translation.override("vi"):
        assert render(request_, "a", part="one") == "a"
        assert render(request_, "b", part="two") == "b"
        with translation.override("en"):
            assert render(request_, "c", part="one") == "c"
        assert render(request_, "d", part="one") == "a"


def test_a_preview_and_an_unsaved_model_are_never_kept(request_, index):
    request_.is_preview = True
    assert render(request_, "first") == "first"
    assert render(request_, "second") == "second"
    del request_.is_preview

    unsaved = GuidancePageFactory.build(title="Chưa lưu")
    assert render(request_, "first", part=unsaved) == "first"
    assert render(request_, "second", part=unsaved) == "second"


def test_a_published_change_shows_in_the_cards_menu_and_breadcrumbs(client, home, index):
    page = GuidancePageFactory(parent=index, title="Hóa đơn điện tử")
    about = StandardPageFactory(parent=home, title="Giới thiệu", show_in_menus=True)
    before = client.get(index.url).content.decode()
    assert "Hóa đơn điện tử" in before and "Giới thiệu" in before
    client.get(page.url)

    page.title = "Phát hành hóa đơn điện tử"
    page.save_revision().publish()
    about.title = "Về chúng tôi"
    about.save_revision().publish()

    listing = client.get(index.url).content.decode()
    assert "Phát hành hóa đơn điện tử" in listing  # the card
    assert "Về chúng tôi" in listing and "Giới thiệu" not in listing  # the menu
    own = client.get(page.url).content.decode()
    assert '<span aria-current="page">Phát hành hóa đơn điện tử</span>' in own  # breadcrumbs


def test_the_menu_of_a_logged_in_user_is_never_kept_nor_shown_to_others(
    client, django_user_model, home, index
):
    user = django_user_model.objects.create_user("lan@example.vn", "lan@example.vn", "x" * 12)
    client.force_login(user)
    mine = client.get(index.url).content.decode()
    assert "logout-form" in mine and "csrfmiddlewaretoken" in mine

    client.logout()
    anonymous = client.get(index.url).content.decode()
    assert "csrfmiddlewaretoken" not in anonymous
    assert "logout-form" not in anonymous

    client.force_login(user)
    assert "logout-form" in client.get(index.url).content.decode()
