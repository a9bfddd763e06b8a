"""What the support center's statistics need beyond the apps' own tables.

``RecommendedAction`` is one action of one plan, copied out of the plan's frozen JSON
through ``recommendations.plans.frozen_actions`` when the plan is created, so that "which
actions are recommended most" is a grouped count in the database instead of reading
100,000 JSON documents per page view. The model also carries the center's permissions.

``AssessmentFact`` is one narrow row per submitted assessment with its organisation's kind,
sector, unit and size copied in, so the dashboard scans one small table instead of joining
the wide assessment rows (their snapshot JSON) to the organisations. Both copies are
rewritten per organisation by ``facts.refresh`` whenever an assessment or organisation is
saved (receivers), within seconds of a plan being requested (``PendingCopy``, drained by
``facts.copy_pending``), and wholesale by ``manage.py refresh_center_statistics``.
``RecommendedAction.previous_at`` (the organisation's previous scored recommendation of
the same action) lets "organisations recommended this action" be a plain count instead
of a COUNT(DISTINCT) over a million rows: see ``queries.recommended_actions``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import AdministrativeUnit, Assessment, Organisation, Sector
from recommendations.models import ActionPlan


class RecommendedAction(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    rule_key = models.SlugField(max_length=80)
    dimension_key = models.SlugField(max_length=40)
    # Copied from the assessment's fact by facts.refresh (empty until its assessment is submitted).
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    submitted_at = models.DateTimeField(null=True)
    kind = models.CharField(max_length=20, blank=True)
    sector = models.ForeignKey(
        Sector, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    scored = models.BooleanField(default=False)
    mode = models.CharField(max_length=10, blank=True)
    previous_at = models.DateTimeField(null=True)
    # The same, among the organisation's recommendations made the same way (self, assisted,
    # paper): the first row in the period under the "how it was made" filter.
    previous_same_mode_at = models.DateTimeField(null=True)

    class Meta:
        default_permissions = ()
        permissions = [
            ("view_statistics", "Can see the support center's statistics dashboard"),
            ("export_submissions", "Can export submitted assessments row by row"),
            ("work_support_inbox", "Can answer support requests in the inbox"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "rule_key"], name="recommended_action_once"),
        ]
        indexes = [
            models.Index(fields=["assessment", "rule_key"], name="recommended_action_idx"),
            models.Index(
                fields=["organisation", "rule_key", "submitted_at"], name="recommended_org_idx"
            ),
            # "Organisations recommended this action" without filters (and per way of making):
            # counted from these small indexes alone instead of the million-row table.
            models.Index(
                fields=["rule_key"],
                name="recommended_first_idx",
                condition=models.Q(scored=True, previous_at__isnull=True),
            ),
            models.Index(
                fields=["mode", "rule_key"],
                name="recommended_first_mode_idx",
                condition=models.Q(scored=True, previous_same_mode_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.rule_key}"


class AssessmentFact(models.Model):
    """One submitted assessment as the dashboard counts it (see the module docstring)."""

    assessment = models.OneToOneField(
        Assessment, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    size_band = models.CharField(max_length=10)
    # Self, assisted or paper (Assessment.Mode), and whether it passes the plausibility
    # rule (AssessmentQuerySet.plausible): the dashboard counts only plausible ones.
    mode = models.CharField(max_length=10, default="self")
    plausible = models.BooleanField(default=True)
    started_at = models.DateTimeField(null=True)
    # The same organisation's previous plausible submission, and previous scored one
    # (facts.statements): lets "organisations" be a count of rows (queries.first_in_period).
    previous_at = models.DateTimeField(null=True)
    previous_scored_at = models.DateTimeField(null=True)
    # Plausible, consenting and scored: what the score figures are computed from.
    scored = models.BooleanField()
    overall = models.FloatField(null=True)
    level = models.SmallIntegerField(null=True)
    dimension_scores = models.JSONField(default=dict)
    # The same dimension scores as plain columns, one per DimensionSlot: averaging and
    # taking medians of real columns costs a third of reading them out of the JSON.
    score_1 = models.FloatField(null=True)
    score_2 = models.FloatField(null=True)
    score_3 = models.FloatField(null=True)
    score_4 = models.FloatField(null=True)
    score_5 = models.FloatField(null=True)
    score_6 = models.FloatField(null=True)
    score_7 = models.FloatField(null=True)
    score_8 = models.FloatField(null=True)
    score_9 = models.FloatField(null=True)
    score_10 = models.FloatField(null=True)
    score_11 = models.FloatField(null=True)
    score_12 = models.FloatField(null=True)

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["submitted_at"], name="assessment_fact_when_idx")]

    def __str__(self) -> str:
        return f"fact:{self.assessment_id}"


class PublicHoliday(models.Model):
    """A day off that is not a weekend: the support inbox does not count it as a working
    day when it decides which requests are overdue. The center enters each year's days as
    the government announces them (Tết and the days moved around holidays change every
    year), so none are built in."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"


class DimensionSlot(models.Model):
    """Which ``AssessmentFact.score_<slot>`` column holds a dimension's score.

    Given to every dimension key of every questionnaire version the first time the facts
    are refreshed after it appears, and never changed or reused, so a slot means the same
    dimension in every fact whatever the version. Keys beyond the last slot are read from
    the JSON instead (slower, same figures).
    """

    SLOTS = 12

    key = models.SlugField(max_length=40, unique=True)
    slot = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.key}→{self.slot}"


class PendingCopy(models.Model):
    """An organisation whose statistics copies wait for the next copy.

    A submit (or any new plan) writes one of these in its own transaction instead of
    rewriting the copies there: the copies are five statements, a fifth of a submit, and
    nothing the respondent sees needs them (#16). ``facts.copy_pending`` rewrites the
    organisation's facts, copies its new plans' actions and deletes the rows: beat runs it
    every ``STATISTICS_COPY_SECONDS`` and the dashboard before it reads, so no submission is
    ever missing from a figure staff look at.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"pending:{self.organisation_id}"
