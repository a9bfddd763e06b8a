"""What can live under what in the page tree."""

from __future__ import annotations

import pytest

from wagtail.models import Page

from cms.models import GuidanceIndexPage, GuidancePage, HomePage, StandardPage

from .factories import GuidanceIndexPageFactory, StandardPageFactory, vietnamese_home

pytestmark = pytest.mark.django_db


def test_guidance_pages_live_only_under_a_guidance_index():
    home = vietnamese_home()
    index = GuidanceIndexPageFactory(parent=home)
    standard = StandardPageFactory(parent=home)

    assert GuidancePage.can_exist_under(index)
    assert not GuidancePage.can_exist_under(home)
    assert not GuidancePage.can_exist_under(standard)
    assert not GuidancePage.can_exist_under(Page.get_first_root_node())


def test_guidance_index_holds_only_guidance():
    index = GuidanceIndexPageFactory()

    assert index.specific_class.allowed_subpage_models() == [GuidancePage]
    assert not StandardPage.can_exist_under(index)


def test_guidance_pages_have_no_children():
    assert GuidancePage.allowed_subpage_models() == []


def test_home_page_holds_the_index_and_standard_pages_only():
    assert set(HomePage.allowed_subpage_models()) == {GuidanceIndexPage, StandardPage}
    assert HomePage.allowed_parent_page_models() == [Page]


def test_one_guidance_index_per_home_page():
    home = vietnamese_home()
    assert GuidanceIndexPage.can_create_at(home)

    GuidanceIndexPageFactory(parent=home)

    assert not GuidanceIndexPage.can_create_at(home)


def test_standard_pages_nest_under_home_and_each_other():
    about = StandardPageFactory()

    assert StandardPage.can_exist_under(about)
    assert StandardPage.can_exist_under(vietnamese_home())
