"""How the plan app reacts to what happens below it.

- A submitted assessment gets its plan requested in the same transaction.
- A deleted plan (also when its organisation or assessment is deleted) loses its PDF
  file once the deletion commits.
- A support offer saved or deleted bumps the content version, which the offers are
  read under (``recommendations.offers.all_offers``).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessment.models import Assessment
from assessment.signals import assessment_submitted
from cms.content import bump_content_version

from .models import ActionPlan, SupportOffer
from .services import request_plan


@receiver(assessment_submitted, dispatch_uid="recommendations.request_plan")
def request_plan_on_submit(sender, assessment: Assessment, language: str, **kwargs) -> None:
    request_plan(assessment, language)


@receiver(post_delete, sender=ActionPlan, dispatch_uid="recommendations.delete_plan_file")
def delete_plan_file(sender, instance: ActionPlan, **kwargs) -> None:
    if not instance.file:
        return
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name))


@receiver(post_save, sender=SupportOffer, dispatch_uid="recommendations.offer_saved")
@receiver(post_delete, sender=SupportOffer, dispatch_uid="recommendations.offer_deleted")
def offer_changed(sender, **kwargs) -> None:
    bump_content_version()
