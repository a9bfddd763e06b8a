"""Every seeded guidance page, standard page and rule exists in English as well."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from django.core.management import call_command

from cms.models import GuidancePage, StandardPage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE_ONLY = re.compile(
    r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE
)


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())


@pytest.mark.parametrize("model", [GuidancePage, StandardPage], ids=lambda m: m.__name__)
def test_every_vietnamese_page_has_a_live_english_translation(seeded, model):
    vietnamese = model.objects.live().filter(locale__language_code="vi")
    untranslated = [
        page.slug
        for page in vietnamese
        if not page.get_translations().live().filter(locale__language_code="en").exists()
    ]

    assert vietnamese.count() >= 4
    assert untranslated == []


def test_english_pages_are_written_in_english(seeded):
    # Proper names (VNeID, Bình dân học vụ số, Cần Thơ) may carry accents; a title or
    # summary left in Vietnamese would carry many.
    for page in GuidancePage.objects.live().filter(locale__language_code="en"):
        accented = VIETNAMESE_ONLY.findall(f"{page.title} {page.summary}")
        assert len(accented) <= 3, (page.slug, page.title)


def test_every_rule_has_an_english_title_and_explanation():
    rules = yaml.safe_load((ROOT / "recommendations/data/default_rules.yaml").read_text("utf-8"))
    missing = [
        rule["key"]
        for rule in rules["rules"]
        if not rule["action"]["title"].get("en") or not rule["action"]["explanation"].get("en")
    ]

    assert len(rules["rules"]) >= 60
    assert missing == []
