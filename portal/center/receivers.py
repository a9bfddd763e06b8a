"""Keeps the dashboard's copies (plan actions, assessment facts) in step with the data."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessment.models import Assessment, Organisation
from recommendations.models import ActionPlan

from . import facts
from .models import PendingCopy


@receiver(post_save, sender=ActionPlan, dispatch_uid="center.copy_plan_actions")
def copy_plan_actions(sender, instance: ActionPlan, created: bool, **kwargs) -> None:
    # A plan's actions are frozen when it is requested (created); later saves only change
    # its status and file. Its actions (and, for a submit, the submission's fact) are
    # copied by the next facts.copy_pending, not in the request that asked for the plan.
    # Plans are requested with their assessment at hand: no query for it.
    organisation_id = instance.assessment.organisation_id if created else None
    if organisation_id is not None:
        PendingCopy.objects.create(organisation_id=organisation_id)


@receiver(post_save, sender=Assessment, dispatch_uid="center.refresh_assessment_facts")
def refresh_assessment_facts(sender, instance: Assessment, **kwargs) -> None:
    # Drafts are saved at every step; only a submitted one (or one that stopped being
    # submitted, which a fact may still describe) changes the statistics.
    if instance.organisation_id is not None and (
        instance.status == Assessment.Status.SUBMITTED or instance.submitted_at is not None
    ):
        # The submission's own save (assessment.submission) requests its plan in the same
        # transaction, and the plan's PendingCopy brings its fact with the plan's actions
        # (copy_plan_actions): nothing to write here.
        submission = instance.status == Assessment.Status.SUBMITTED and {
            "status",
            "submitted_at",
        } <= set(kwargs.get("update_fields") or ())
        if not submission:
            facts.refresh(instance.organisation_id)


@receiver(post_save, sender=Organisation, dispatch_uid="center.refresh_organisation_facts")
def refresh_organisation_facts(sender, instance: Organisation, created: bool, **kwargs) -> None:
    # A new organisation has no submitted assessment yet; a changed one may have moved
    # ward, sector, kind or size.
    if not created:
        facts.refresh(instance.pk)
