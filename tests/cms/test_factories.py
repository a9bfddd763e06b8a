"""Every page type of the cms app has a factory, and every factory builds a live page."""

from __future__ import annotations

import pytest

from wagtail.models import get_page_models

from .factories import PAGE_FACTORIES

pytestmark = pytest.mark.django_db


def cms_page_models():
    return [model for model in get_page_models() if model._meta.app_label == "cms"]


def test_every_page_type_has_a_factory():
    missing = [model.__name__ for model in cms_page_models() if model not in PAGE_FACTORIES]

    assert missing == [], f"Page types without a factory in tests/cms/factories.py: {missing}"


@pytest.mark.parametrize("model", list(PAGE_FACTORIES), ids=lambda model: model.__name__)
def test_factory_creates_a_live_page(model):
    page = PAGE_FACTORIES[model]()

    assert isinstance(page, model)
    assert page.live
    assert page.get_parent() is not None
