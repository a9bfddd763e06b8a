"""The questionnaire file names the local government through {locality_word}; a version is
imported with the site's own word, so a province's questionnaire says "tỉnh"."""

from __future__ import annotations

import re

import pytest

from wagtail.models import Site

from assessment.models import Choice, Dimension
from assessment.questionnaires import import_questionnaire, load_questionnaire_file
from cms.models import SupportCenterSettings
from cms.vocabulary import LocalityKind


def texts(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)
    elif isinstance(node, str):
        yield node


def test_the_file_says_the_locality_only_through_the_placeholder():
    data = load_questionnaire_file()
    said = [
        t for t in texts(data) if re.search(r"thành phố|\b[Cc]ity\b|\btỉnh\b|\b[Pp]rovince\b", t)
    ]
    assert said == []
    assert {p for t in texts(data) for p in re.findall(r"\{[a-z_]+\}", t)} == {"{locality_word}"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "vi", "en"),
    [(LocalityKind.CITY, "thành phố", "city"), (LocalityKind.PROVINCE, "tỉnh", "province")],
)
def test_a_version_is_imported_with_the_sites_word(kind, vi, en):
    settings = SupportCenterSettings.for_site(Site.objects.get(is_default_site=True))
    settings.locality_kind = kind
    settings.save()

    questionnaire = import_questionnaire(load_questionnaire_file(), publish=False)

    planning = Dimension.objects.get(questionnaire=questionnaire, key="planning_land")
    assert f"đất đai của {vi} qua kênh trực tuyến" in planning.description_vi
    assert f"the {en}'s planning" in planning.description_en
    portal = Choice.objects.get(question__dimension=planning, key="city_portal")
    assert portal.label_vi == f"Cổng thông tin {vi}, các sở"
    assert not Choice.objects.filter(label_vi__contains="{").exists()
