"""The weekly e-mail to editors: what is due for review and the broken links, or nothing."""

from __future__ import annotations

import datetime

import pytest

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from cms.digest import DigestPreference, send_review_digest
from cms.editorial import EDITORS, MODERATORS
from cms.provenance import ExternalLink
from portal.celery import app

pytestmark = pytest.mark.django_db

PUBLIC = "https://dtt.example.gov.vn"
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bientap", email="bientap@example.com")
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("kiemduyet", email="kiemduyet@example.com")
    user.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    return user


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user("khach", email="khach@example.com")


def link(url: str, **fields) -> ExternalLink:
    fields.setdefault("reviewed_on", TODAY)
    fields.setdefault("title", url)
    return ExternalLink.objects.create(url=url, **fields)


def test_editors_and_moderators_get_the_due_items_in_vietnamese_with_admin_links(
    settings, editor, moderator, outsider
):
    settings.PORTAL_BASE_URL = PUBLIC
    never = link("https://chua-ra-soat.example/", reviewed_on=None, title="Trang chưa rà soát")
    broken = link(
        "https://hong.example/", last_checked_at=timezone.now(), last_status=404, title="Hỏng"
    )
    link("https://moi-ra-soat.example/", title="Mới rà soát")

    assert send_review_digest(TODAY) == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["bientap@example.com", "kiemduyet@example.com"]
    message = mail.outbox[0]
    assert message.subject == "Nội dung cần rà soát: 2 mục"
    assert "Trang chưa rà soát" in message.body
    assert "Hỏng (https://hong.example/): HTTP 404" in message.body
    assert "Mới rà soát" not in message.body
    assert f"{PUBLIC}/admin/snippets/cms/externallink/edit/{never.pk}/" in message.body
    assert f"{PUBLIC}/admin/snippets/cms/externallink/edit/{broken.pk}/" in message.body
    assert f"{PUBLIC}/admin/reports/content-to-review/" in message.body


def test_nothing_is_sent_when_nothing_is_due(editor):
    link("https://moi-ra-soat.example/")

    assert send_review_digest(TODAY) == 0
    assert mail.outbox == []


def test_an_editor_who_opted_out_gets_nothing(editor, moderator):
    link("https://chua-ra-soat.example/", reviewed_on=None)
    DigestPreference.objects.create(user=editor, review_digest=False)

    assert send_review_digest(TODAY) == 1
    assert [m.to for m in mail.outbox] == [["kiemduyet@example.com"]]


def test_the_opt_out_is_in_the_admin_account_settings(client, editor):
    editor.is_staff = True
    editor.save()
    editor.groups.first().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    page = client.get("/admin/account/")
    assert "review_digest-review_digest" in page.content.decode()

    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Biên",
            "name_email-last_name": "Tập",
            "name_email-email": "bientap@example.com",
            "locale-preferred_language": "vi",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=editor).review_digest is False


def test_the_digest_is_a_weekly_beat_job_on_the_housekeeping_queue():
    entry = django_settings.CELERY_BEAT_SCHEDULE["cms-review-digest"]
    assert entry["task"] == "cms.tasks.send_review_digest"
    assert entry["schedule"].day_of_week == {1}  # Monday
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "housekeeping"
