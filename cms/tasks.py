"""Periodic work of the cms app."""

from __future__ import annotations

import io

from celery import shared_task

from django.core.management import call_command

from .digest import send_review_digest
from .linkcheck import check_links


@shared_task(name="cms.tasks.publish_scheduled", ignore_result=True)
def publish_scheduled() -> str:
    """Publish the pages whose go-live time has come and unpublish expired ones.

    Wagtail's ``publish_scheduled`` command is idempotent (it only touches revisions
    that are due), so a duplicate run after a worker restart is harmless.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


@shared_task(name="cms.tasks.check_external_links", ignore_result=True)
def check_external_links() -> dict[str, int]:
    """Weekly (production beat): record whether each external link still answers.

    Safe to run twice: each run only overwrites the last check's status and date.
    """
    return check_links()


@shared_task(name="cms.tasks.send_review_digest", ignore_result=True)
def review_digest() -> int:
    """Weekly (beat): e-mail editors what is due for review and which links are broken.

    Nothing is sent when nothing is due; a rerun on the same day sends the same list again.
    """
    return send_review_digest()
