"""Editorial groups and the moderation workflow of the guidance section.

* "Biên tập viên" (editors) create and edit guidance and submit it for moderation;
  they cannot publish.
* "Kiểm duyệt" (moderators) approve and publish, anywhere on the site.

The guidance index of every language is attached to the workflow "Duyệt bài hướng dẫn",
whose only task is an approval by the moderators' group. Everything here is
idempotent: ``ensure_editorial_setup()`` can run any number of times.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt"
WORKFLOW_NAME = "Duyệt bài hướng dẫn"
TASK_NAME = "Kiểm duyệt viên phê duyệt"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "choose_document"]),
]


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant_pages(group: Group, pages: Iterable[Page], codenames: list[str]) -> None:
    for page in pages:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_permission(codename)
            )


def _grant_collections(group: Group) -> None:
    root = Collection.get_first_root_node()
    for app_label, model, codenames in COLLECTION_PERMISSIONS:
        content_type = ContentType.objects.get(app_label=app_label, model=model)
        for codename in codenames:
            permission = Permission.objects.get(content_type=content_type, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _grant_model(group: Group, app_label: str, codenames: list[str]) -> None:
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def ensure_editorial_setup(
    guidance_indexes: Iterable[Page], home_pages: Iterable[Page]
) -> tuple[Group, Group, Workflow]:
    """Create the two groups, their permissions and the guidance workflow if missing.

    ``guidance_indexes`` are the guidance index pages of every language (editors work
    there; the workflow is attached there); ``home_pages`` are the home pages of every
    language (moderators may publish anywhere below them).
    """
    guidance_indexes = list(guidance_indexes)
    home_pages = list(home_pages)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    for group in (editors, moderators):
        _grant_model(group, "wagtailadmin", ["access_admin"])
        _grant_model(group, "cms", ["add_topic", "change_topic", "view_topic"])
        # "Translate" in the page menu: make the English copy of a Vietnamese page.
        _grant_model(group, "simple_translation", ["submit_translation"])
        _grant_collections(group)
    _grant_pages(editors, guidance_indexes, EDITOR_PAGE_PERMISSIONS)
    _grant_pages(moderators, home_pages, MODERATOR_PAGE_PERMISSIONS)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index_page in guidance_indexes:
        WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return editors, moderators, workflow
