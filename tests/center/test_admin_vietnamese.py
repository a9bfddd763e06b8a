"""The Vietnamese admin reads in Vietnamese: Wagtail's own menu, and our listings' columns."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest

from django.urls import reverse

from wagtail.snippets.models import get_snippet_models

from assessment.models import Advisor, NextLevelText, SupportRequest
from portal.center.models import PublicHoliday
from recommendations.models import RecommendationRule, SupportOffer
from tests.cms.factories import ExternalLinkFactory, LegalReferenceFactory, TopicFactory
from tests.two_factor import sign_in_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, small_city):
    TopicFactory()
    ExternalLinkFactory()
    LegalReferenceFactory()
    NextLevelText.objects.create(dimension_key="a", level=1, text_vi="Có trang web")
    Advisor.objects.create(
        user=django_user_model.objects.create_user("tvv", "tvv@example.vn", "mật-khẩu-tvv-123"),
        team="Tổ công nghệ số cộng đồng",
    )
    SupportOffer.objects.create(provider=SupportOffer.Provider.choices[0][0], name_vi="Tập huấn")
    PublicHoliday.objects.create(date=datetime.date(2027, 1, 1), name="Tết Dương lịch")
    user = django_user_model.objects.create_superuser(
        "quantri", "qt@example.vn", "mật-khẩu-dài-123"
    )
    sign_in_with_code(client, user)  # superusers pass the second step before /admin/
    return client


def listing_urls() -> list[str]:
    urls = [
        reverse(model.snippet_viewset.get_url_name("list"))
        for model in get_snippet_models()
        if model._meta.app_label in {"assessment", "cms", "recommendations", "center"}
    ]
    return [
        *urls,
        reverse("cms_staleness_report"),
        reverse("center:statistics"),
        reverse("inbox:index"),
    ]


def headers(html: str) -> list[str]:
    """The table headers of the page's main content (not Wagtail's keyboard-shortcut help)."""
    main = html[html.index("<main") : html.index("</main>")]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", main, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]


def main_menu(html: str) -> dict[str, str]:
    """The admin sidebar's main menu items, name to label (Wagtail renders it from JSON)."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    modules = json.loads(props.group(1))["modules"]
    menu = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return {item["_args"][0]["name"]: item["_args"][0]["label"] for item in menu["_args"][0]}


def test_the_pages_menu_reads_trang(admin_client):
    menu = main_menu(admin_client.get("/admin/").content.decode())

    assert menu["explorer"] == "Trang"
    # Wagtail leaves these in English; the site catalogue fills the gap.
    assert (menu["images"], menu["documents"], menu["reports"]) == (
        "Hình ảnh",
        "Tài liệu",
        "Báo cáo",
    )
    english = [label for label in menu.values() if re.fullmatch(r"[A-Za-z ]+", label)]
    assert english == ["Trang"]  # Vietnamese without a diacritic


def test_our_pagination_keeps_its_own_word(client):
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        html = Template("{% load i18n %}{% translate 'Pages' context 'pagination' %}").render(
            Context()
        )

    assert html == "Phân trang"


# What the review found, and what Django prints for a field without a verbose name.
ENGLISH = {"Needs text", "Text", "Title", "Dimension", "Status", "Language", "Level"}
# Headers that are Vietnamese without a diacritic, or not words.
ASCII_ALLOWED = {"", "#", "Trang web"}


def test_no_english_column_headers(admin_client):
    seen = {}
    for url in listing_urls():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        seen[url] = headers(response.content.decode())

    assert all(len(found) > 1 for found in seen.values()), seen  # every listing has rows
    english = {
        url: [
            h
            for h in found
            if h in ENGLISH or (re.fullmatch(r"[A-Za-z ]+", h) and h not in ASCII_ALLOWED)
        ]
        for url, found in seen.items()
    }
    assert english == {url: [] for url in seen}


def test_support_needs_are_shown_by_their_labels(admin_client):
    request = SupportRequest.objects.filter(needs=["einvoice", "website"]).first()
    listing = admin_client.get(reverse("inbox:index")).content.decode()
    detail = admin_client.get(reverse("inbox:edit", args=[request.pk]))

    assert "Hóa đơn điện tử, Trang web" in listing
    assert "Hóa đơn điện tử, Trang web" in detail.content.decode()
    assert "einvoice" not in detail.content.decode()


def test_rule_flags_read_yes_or_no_not_true_or_false(admin_client):
    viewset = RecommendationRule.snippet_viewset
    html = admin_client.get(reverse(viewset.get_url_name("list"))).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", main, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]

    assert "có" in texts  # the fixture's active rules
    assert "Hiệu quả nhanh" in headers(html)
    assert [text for text in texts if text in {"True", "False"}] == []
    assert "True" not in main
