"""What the support center's statistics need beyond the apps' own tables.

``RecommendedAction`` is one action of one plan, copied out of the plan's frozen JSON
through ``recommendations.plans.plan_actions`` when the plan is created, so that "which
actions are recommended most" is a grouped count in the database instead of reading
100,000 JSON documents per page view. The model also carries the center's two permissions.
"""

from __future__ import annotations

from django.db import models

from assessment.models import Assessment
from recommendations.models import ActionPlan


class RecommendedAction(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    rule_key = models.SlugField(max_length=80)
    dimension_key = models.SlugField(max_length=40)

    class Meta:
        default_permissions = ()
        permissions = [
            ("view_statistics", "Can see the support center's statistics dashboard"),
            ("export_submissions", "Can export submitted assessments row by row"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "rule_key"], name="recommended_action_once"),
        ]
        indexes = [
            models.Index(fields=["assessment", "rule_key"], name="recommended_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.rule_key}"
