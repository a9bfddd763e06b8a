from __future__ import annotations

import pytest

from wagtail.models import Locale

from cms.models import HomePage

from .factories import GuidanceIndexPageFactory, vietnamese_home


@pytest.fixture
def home(db) -> HomePage:
    """The Vietnamese home page (created by the migrations)."""
    return vietnamese_home()


@pytest.fixture
def english(db) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def home_en(home, english) -> HomePage:
    """The English translation of the home page, published."""
    page = home.copy_for_translation(english).specific
    page.title = "Digital readiness self-assessment"
    page.save_revision().publish()
    return page


@pytest.fixture
def index(home):
    return GuidanceIndexPageFactory(parent=home, title="Hướng dẫn", slug="huong-dan")


def translate(page, locale, **fields):
    """Publish the translation of ``page`` into ``locale`` with ``fields`` changed."""
    copy = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy.__class__.objects.get(pk=copy.pk)
