"""seed_demo builds a believable bilingual site and changes nothing when run again."""

from __future__ import annotations

import io

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Revision, WorkflowPage

from cms.editorial import EDITORS, MODERATORS, WORKFLOW_NAME
from cms.models import DIMENSION_CHOICES, GuidancePage, StandardPage, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())


def test_guidance_covers_every_dimension_in_vietnamese(seeded):
    vietnamese = GuidancePage.objects.live().filter(locale__language_code="vi")
    covered = set(vietnamese.values_list("topics__dimension_key", flat=True))

    assert vietnamese.count() >= 12
    assert covered >= {key for key, _ in DIMENSION_CHOICES}
    assert Topic.objects.count() >= len(DIMENSION_CHOICES)


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


def test_rerun_changes_nothing(seeded):
    before = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())

    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())

    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == before
