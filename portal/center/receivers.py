"""Keeps the dashboard's copies (plan actions, assessment facts) in step with the data."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessment.models import Assessment, Organisation
from recommendations.models import ActionPlan
from recommendations.plans import frozen_actions

from . import facts
from .models import RecommendedAction

logger = logging.getLogger(__name__)


def action_rows(plans: Iterable[ActionPlan]) -> list[RecommendedAction]:
    """One row per action of each plan, read through the plan's typed reader."""
    rows: list[RecommendedAction] = []
    for plan in plans:
        seen: set[str] = set()
        try:
            actions = frozen_actions(plan)
        except (KeyError, TypeError, ValueError):
            # A statistics copy must never stop a plan from being requested: a plan
            # whose actions cannot be read is left out of the counts (and logged).
            logger.warning("plan %s: actions unreadable, left out of the statistics", plan.pk)
            continue
        for action in actions:
            if action.rule in seen:
                continue
            seen.add(action.rule)
            rows.append(
                RecommendedAction(
                    plan_id=plan.pk,
                    assessment_id=plan.assessment_id,
                    rule_key=action.rule,
                    dimension_key=action.dimension,
                )
            )
    return rows


@receiver(post_save, sender=ActionPlan, dispatch_uid="center.copy_plan_actions")
def copy_plan_actions(sender, instance: ActionPlan, created: bool, **kwargs) -> None:
    # A plan's actions are frozen when it is requested (created); later saves only
    # change its status and file.
    if created:
        # Plans are requested with their assessment at hand: no query for it.
        facts.copy_plan(
            instance.pk,
            instance.assessment_id,
            instance.assessment.organisation_id,
            [(row.rule_key, row.dimension_key) for row in action_rows([instance])],
        )


@receiver(post_save, sender=Assessment, dispatch_uid="center.refresh_assessment_facts")
def refresh_assessment_facts(sender, instance: Assessment, **kwargs) -> None:
    # Drafts are saved at every step; only a submitted one (or one that stopped being
    # submitted, which a fact may still describe) changes the statistics.
    if instance.organisation_id is not None and (
        instance.status == Assessment.Status.SUBMITTED or instance.submitted_at is not None
    ):
        # The submission's own save (assessment.submission) changes no earlier fact, so no
        # plan action's copied columns or previous dates: only its new plan's actions,
        # which copy_plan_actions refreshes when the plan is requested.
        submission = instance.status == Assessment.Status.SUBMITTED and {
            "status",
            "submitted_at",
        } <= set(kwargs.get("update_fields") or ())
        facts.refresh(instance.organisation_id, actions=not submission)


@receiver(post_save, sender=Organisation, dispatch_uid="center.refresh_organisation_facts")
def refresh_organisation_facts(sender, instance: Organisation, created: bool, **kwargs) -> None:
    # A new organisation has no submitted assessment yet; a changed one may have moved
    # ward, sector, kind or size.
    if not created:
        facts.refresh(instance.pk)
