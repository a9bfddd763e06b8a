"""factory_boy factories for every page type and the snippets of the cms app.

Page factories add the page to the tree under ``parent`` (a sensible default when
omitted) and publish it, like an editor would.
"""

from __future__ import annotations

from typing import Any

import factory

from django.utils.text import slugify

from wagtail.models import Page

from cms.models import (
    GuidanceAudience,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    StandardPage,
    Topic,
)
from cms.provenance import ExternalLink, LegalReference
from cms.text import fold


def vietnamese_home() -> HomePage:
    """The Vietnamese home page the migrations create."""
    return HomePage.objects.filter(locale__language_code="vi").first() or HomePage.objects.first()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chủ đề {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"chu-de-{n}")
    dimension_key = "ecommerce"


class PageFactory(factory.django.DjangoModelFactory):
    """Base: creates the page under ``parent`` and publishes a first revision."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Trang số {n}")
    slug = factory.LazyAttribute(lambda page: slugify(fold(page.title)) or "trang")

    @classmethod
    def default_parent(cls) -> Page:
        return vietnamese_home()

    @classmethod
    def _create(cls, model_class: type[Page], *args: Any, **kwargs: Any) -> Page:
        parent = kwargs.pop("parent", None) or cls.default_parent()
        live = kwargs.pop("live", True)
        m2m = {name: kwargs.pop(name) for name in cls.m2m_fields() if name in kwargs}
        page = model_class(*args, locale_id=parent.locale_id, **kwargs)
        for name, values in m2m.items():
            getattr(page, name).set(values)
        if not live:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return page

    @classmethod
    def m2m_fields(cls) -> list[str]:
        return []


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    call_to_action = "Bắt đầu tự đánh giá"

    @classmethod
    def default_parent(cls) -> Page:
        return Page.get_first_root_node()


class GuidanceIndexPageFactory(PageFactory):
    class Meta:
        model = GuidanceIndexPage

    title = "Hướng dẫn"
    slug = factory.Sequence(lambda n: f"huong-dan-{n}")


class GuidancePageFactory(PageFactory):
    class Meta:
        model = GuidancePage

    title = factory.Sequence(lambda n: f"Hướng dẫn số {n}")
    summary = "Một bài hướng dẫn ngắn cho doanh nghiệp nhỏ."

    @classmethod
    def default_parent(cls) -> Page:
        index = GuidanceIndexPage.objects.child_of(vietnamese_home()).first()
        return index or GuidanceIndexPageFactory()

    @classmethod
    def m2m_fields(cls) -> list[str]:
        return ["topics", "organisation_kinds"]


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Trang thông tin {n}")
    intro = "Giới thiệu ngắn."


def organisation_kind(key: str) -> GuidanceAudience:
    """One of the four organisation kinds the migration creates."""
    return GuidanceAudience.objects.get(key=key)


# Every page model of the cms app and its factory; test_factories checks it is complete.
PAGE_FACTORIES: dict[type[Page], type[PageFactory]] = {
    HomePage: HomePageFactory,
    GuidanceIndexPage: GuidanceIndexPageFactory,
    GuidancePage: GuidancePageFactory,
    StandardPage: StandardPageFactory,
}


class ExternalLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalLink

    url = factory.Sequence(lambda n: f"https://dich-vu-{n}.example.vn/")
    title = factory.Sequence(lambda n: f"Dịch vụ số {n}")
    title_en = factory.Sequence(lambda n: f"Service {n}")


class LegalReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalReference

    number = factory.Sequence(lambda n: f"{n}/2025/NĐ-CP")
    title = factory.Sequence(lambda n: f"Nghị định số {n}")
