"""seed_demo builds the demo site and can be run again without changing anything."""

from __future__ import annotations

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Site

from assessment.models import AdministrativeUnit, Question, Questionnaire
from assessment.questionnaires import load_questionnaire_file
from cms.models import HomePage
from recommendations.models import RecommendationRule

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot():
    return (
        Page.objects.count(),
        PageLogEntry.objects.count(),
        sorted(
            HomePage.objects.values_list("locale__language_code", "title", "latest_revision_id")
        ),
        get_user_model().objects.count(),
    )


def test_creates_home_pages_in_both_languages_and_the_admin():
    output = seed(admin_password="demo-pass-123")

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert sorted(HomePage.objects.live().values_list("locale__language_code", flat=True)) == [
        "en",
        "vi",
    ]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("demo-pass-123")
    assert "password 'demo-pass-123'" in output


def test_running_twice_changes_nothing():
    seed(admin_password="demo-pass-123")
    before = snapshot()

    seed(admin_password="demo-pass-123")

    assert snapshot() == before


def test_never_overwrites_a_password_changed_since():
    seed(admin_password="demo-pass-123")
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed-by-staff-456")
    admin.save()

    output = seed(admin_password="demo-pass-123")

    admin.refresh_from_db()
    assert admin.check_password("changed-by-staff-456")
    assert "changepassword" in output


def test_loads_the_default_questionnaire_and_rules_once():
    seed(admin_password="demo-pass-123")

    data = load_questionnaire_file()
    current = Questionnaire.current()
    assert current is not None and current.version == data["version"]
    assert Question.objects.filter(dimension__questionnaire=current).count() == sum(
        len(dimension["questions"]) for dimension in data["dimensions"]
    )
    assert Questionnaire.objects.count() == 1
    assert RecommendationRule.objects.count() >= 45
    assert AdministrativeUnit.objects.filter(active=True).exists()
