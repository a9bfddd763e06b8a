"""Every Vietnamese catalogue is complete: no string shows up in English on a Vietnamese page."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cms.wagtail_gaps import WAGTAIL_VI_GAPS

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    p.relative_to(ROOT)
    for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po")
    if not {".venv", "mutants", "node_modules"} & set(p.parts)
)


def test_every_app_with_strings_has_a_catalogue():
    assert {str(p.parts[0]) for p in CATALOGUES} >= {"locale", "assessment", "recommendations"}


@pytest.mark.parametrize("path", CATALOGUES, ids=str)
def test_every_vietnamese_string_is_translated_and_none_is_fuzzy(path):
    with (ROOT / path).open("rb") as handle:
        catalogue = read_po(handle)

    missing = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]

    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("word", WAGTAIL_VI_GAPS)
def test_every_admin_word_wagtail_leaves_in_english_reads_in_vietnamese(word):
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext(word) != word
