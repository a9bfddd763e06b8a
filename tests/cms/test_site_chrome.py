"""Navigation, breadcrumbs, footer settings and meta tags on every page."""

from __future__ import annotations

import pytest

from cms.models import SupportCenterSettings

from .factories import GuidancePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_main_menu_shows_pages_ticked_show_in_menus(client, home, index):
    StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu", show_in_menus=True)
    StandardPageFactory(parent=home, title="Điều khoản", slug="dieu-khoan", show_in_menus=False)

    html = client.get("/vi/gioi-thieu/").content.decode()
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]

    assert 'href="/vi/gioi-thieu/" aria-current="page"' in nav
    assert "Điều khoản" not in nav
    footer = html.split('class="site-footer"')[1]
    assert 'href="/vi/dieu-khoan/"' in footer  # pages outside the menu are in the footer


def test_breadcrumbs_lead_from_home_to_the_page(client, index):
    page = GuidancePageFactory(parent=index, title="Hóa đơn điện tử")

    html = client.get(page.url).content.decode()
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]

    assert '<a href="/vi/">Trang chủ</a>' in crumbs
    assert f'<a href="{index.url}">Hướng dẫn</a>' in crumbs
    assert '<span aria-current="page">Hóa đơn điện tử</span>' in crumbs


def test_home_page_has_no_breadcrumbs(client, home):
    assert 'class="breadcrumbs"' not in client.get("/vi/").content.decode()


def test_footer_uses_the_site_settings(client, home):
    center = SupportCenterSettings.for_site(home.get_site())
    center.name = "Trung tâm Hỗ trợ doanh nghiệp Cần Thơ"
    center.address = "Số 2 Trần Hưng Đạo"
    center.opening_hours = "Thứ Hai đến Thứ Sáu"
    center.links = [
        {
            "type": "link",
            "value": {"label": "Cổng DVC", "label_en": "", "url": "https://a.example/"},
        }
    ]
    center.save()

    footer = client.get("/vi/").content.decode().split('class="site-footer"')[1]

    assert "Trung tâm Hỗ trợ doanh nghiệp Cần Thơ" in footer
    assert "Số 2 Trần Hưng Đạo" in footer and "Thứ Hai đến Thứ Sáu" in footer
    assert '<a href="https://a.example/">Cổng DVC</a>' in footer


def test_meta_tags_on_a_guidance_page(client, index):
    page = GuidancePageFactory(parent=index, title="Chữ ký số", summary="Ký hồ sơ trực tuyến.")

    html = client.get(page.url).content.decode()

    assert "<title>Chữ ký số · " in html
    assert '<meta name="description" content="Ký hồ sơ trực tuyến.">' in html
    assert '<meta property="og:title" content="Chữ ký số">' in html
    assert '<meta property="og:description" content="Ký hồ sơ trực tuyến.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert f'<link rel="canonical" href="http://localhost{page.url}">' in html


@pytest.mark.parametrize("factory", [None, "standard", "index"])
def test_every_page_has_a_title_and_open_graph_tags(client, home, index, factory):
    page = {
        None: home,
        "standard": StandardPageFactory(parent=home, intro="Giới thiệu cổng."),
        "index": index,
    }[factory]

    html = client.get(page.url).content.decode()

    assert "<title>" in html and '<meta property="og:title"' in html
    assert '<meta property="og:type" content="website">' in html


def brand_link(html: str) -> str:
    return html.split('<a class="brand" href="', 1)[1].split('"', 1)[0]


def test_the_header_links_home_in_the_language_of_the_page(client, home, home_en):
    # The link is worked out once per content version, site and language: a page in one
    # language never gets the other language's home.
    assert brand_link(client.get("/vi/assessment/").content.decode()) == "/vi/"
    assert brand_link(client.get("/en/assessment/").content.decode()) == "/en/"
    assert brand_link(client.get("/vi/").content.decode()) == "/vi/"
