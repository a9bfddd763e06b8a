"""Editors submit guidance; it goes live only when a moderator approves it."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import WorkflowState

from cms.editorial import EDITORS, MODERATORS, WORKFLOW_NAME, ensure_editorial_setup
from cms.models import GuidancePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editorial(home, index):
    ensure_editorial_setup([index], [home])
    User = get_user_model()
    editor = User.objects.create_user("bientap", password="x-pass-1234")
    editor.groups.add(Group.objects.get(name=EDITORS))
    moderator = User.objects.create_user("kiemduyet", password="x-pass-1234")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return editor, moderator


def submit_draft(index, editor) -> GuidancePage:
    page = GuidancePage(title="Bài mới của biên tập viên", slug="bai-moi", summary="Tóm tắt.")
    page.owner = editor
    page.live = False
    index.add_child(instance=page)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def test_setup_is_idempotent(home, index):
    first = ensure_editorial_setup([index], [home])
    counts = (Group.objects.count(), index.group_permissions.count())

    second = ensure_editorial_setup([index], [home])

    assert first[2] == second[2]
    assert (Group.objects.count(), index.group_permissions.count()) == counts


def test_guidance_section_uses_the_moderation_workflow(editorial, index):
    page = GuidancePage(title="x", slug="x", summary="x", live=False)
    index.add_child(instance=page)

    assert page.get_workflow().name == WORKFLOW_NAME


def test_editors_can_edit_but_not_publish_moderators_can_publish(editorial, index):
    editor, moderator = editorial

    assert index.permissions_for_user(editor).can_add_subpage()
    assert not index.permissions_for_user(editor).can_publish_subpage()
    assert index.permissions_for_user(moderator).can_publish_subpage()


def test_submission_is_not_live_until_a_moderator_approves(client, editorial, index):
    editor, moderator = editorial
    page = submit_draft(index, editor)
    url = "/vi/huong-dan/bai-moi/"

    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(url).status_code == 404
    task_state = state.current_task_state
    assert task_state.task.specific.get_actions(page, editor) == []

    task_state.task.specific.on_action(task_state, moderator, "approve")

    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert client.get(url).status_code == 200


def test_a_rejected_submission_stays_offline(client, editorial, index):
    editor, moderator = editorial
    page = submit_draft(index, editor)
    state = WorkflowState.objects.get(object_id=str(page.pk))

    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "reject")

    page.refresh_from_db()
    assert not page.live
    assert client.get("/vi/huong-dan/bai-moi/").status_code == 404


def test_editor_can_reach_the_admin_and_the_guidance_section(client, editorial, index):
    editor, _ = editorial
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{index.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/cms/guidancepage/{index.pk}/").status_code == 200


def test_scheduled_publishing_goes_live_when_due(client, index):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    page = GuidancePage(title="Hẹn giờ", slug="hen-gio", summary="x", live=False)
    index.add_child(instance=page)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    page.save_revision().publish()  # with a future go-live date this only schedules
    page.refresh_from_db()
    assert not page.live

    # Move the schedule into the past, as if five minutes had gone by.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.latest_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert client.get("/vi/huong-dan/hen-gio/").status_code == 200


def test_preview_renders_a_draft(index):
    page = GuidancePage(title="Bản nháp xem trước", slug="nhap", summary="x", live=False)
    index.add_child(instance=page)
    page.save_revision()

    response = page.make_preview_request()

    assert response.status_code == 200
    assert "Bản nháp xem trước" in response.content.decode()


def test_the_beat_task_publishes_due_pages(index):
    import datetime

    from django.utils import timezone

    from cms.tasks import publish_scheduled

    page = GuidancePage(title="Theo lịch", slug="theo-lich", summary="x", live=False)
    index.add_child(instance=page)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    page.save_revision().publish()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.latest_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()

    publish_scheduled()

    page.refresh_from_db()
    assert page.live
