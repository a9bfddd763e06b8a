"""seed_demo builds a believable bilingual site and changes nothing when run again."""

from __future__ import annotations

import io

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Page, WorkflowPage

from assessment.checks import topics_match_the_questionnaire
from assessment.models import Questionnaire
from cms.editorial import EDITORS, MODERATORS, WORKFLOW_NAME
from cms.models import GuidancePage, StandardPage, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())


def test_guidance_covers_every_dimension_in_vietnamese(seeded):
    vietnamese = GuidancePage.objects.live().filter(locale__language_code="vi")
    covered = set(vietnamese.values_list("topics__dimension_key", flat=True))

    dimensions = set(Questionnaire.current().dimensions.values_list("key", flat=True))
    assert vietnamese.count() >= 12
    assert len(dimensions) == 8
    assert covered >= dimensions


def test_topics_are_checked_against_the_published_questionnaire(seeded):
    assert topics_match_the_questionnaire(databases=["default"]) == []

    Topic.objects.filter(slug=Topic.objects.first().slug).update(dimension_key="no_such_key")
    warnings = topics_match_the_questionnaire(databases=["default"])

    assert [w.id for w in warnings] == ["assessment.W001"]
    assert "no_such_key" in warnings[0].msg


def test_english_versions_and_standard_pages(seeded):
    english = GuidancePage.objects.live().filter(locale__language_code="en")
    slugs = set(StandardPage.objects.live().values_list("slug", flat=True))

    assert english.count() >= 3
    assert all(page.get_translations().filter(locale__language_code="vi") for page in english)
    assert {"gioi-thieu", "chinh-sach-bao-mat", "lien-he"} <= slugs
    assert {"about", "privacy", "contact"} <= slugs


def test_groups_and_workflow_are_set_up(seeded):
    assert Group.objects.filter(name__in=[EDITORS, MODERATORS]).count() == 2
    assert WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).count() == 2


def test_every_seeded_page_renders(seeded, client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert client.get(page.url).status_code == 200, page.url
