"""Recommendation rules that staff edit, and the action plans built from them."""

from __future__ import annotations

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from django.contrib import admin
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from assessment.models import Assessment
from cms.i18n import localized
from cms.provenance import ExternalLink, Reviewed

from . import planning


class Horizon(models.TextChoices):
    # The keys are the plan builder's (planning.HORIZONS), in the same order.
    NOW = planning.NOW, _("Now")
    DAYS_30 = planning.DAYS_30, _("Within 30 days")
    DAYS_90 = planning.DAYS_90, _("Within 90 days")
    MONTHS_6 = planning.MONTHS_6, _("Within 6 months")


class Effort(models.TextChoices):
    LOW = "low", _("Low effort")
    MEDIUM = "medium", _("Medium effort")
    HIGH = "high", _("High effort")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    LOW = "low", _("Low cost")
    MEDIUM = "medium", _("Medium cost")
    HIGH = "high", _("High cost")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class SupportOffer(models.Model):
    """A programme or service that can pay for or help with actions: the support center's
    own services, the city's and national programmes. Shown next to the actions of the
    rules it is linked to, only while valid and only to organisations it is for."""

    class Provider(models.TextChoices):
        CENTER = "center", _("The support center")
        CITY = "city", _("City or provincial programme")
        NATIONAL = "national", _("National programme")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    provider = models.CharField(_("offered by"), max_length=10, choices=Provider.choices)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_vi = models.TextField(_("what it offers (Vietnamese)"), blank=True)
    description_en = models.TextField(_("what it offers (English)"), blank=True)
    org_kinds = models.JSONField(
        _("only for these kinds of organisation"), default=list, blank=True
    )
    sector_keys = models.JSONField(_("only for these sectors"), default=list, blank=True)
    size_bands = models.JSONField(_("only for these sizes"), default=list, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    to_be_confirmed = models.BooleanField(
        _("details to be confirmed by staff"),
        default=True,
        help_text=_("Printed as such until a staff member has checked the details."),
    )

    class Meta:
        ordering = ["provider", "key"]
        verbose_name = _("support offer")
        verbose_name_plural = _("support offers")

    def __str__(self) -> str:
        return localized(self, "name") or self.name_vi

    def is_valid_on(self, day) -> bool:
        """Expired (or not yet open) offers are never shown."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def is_for(self, kind: str | None, sector: str | None, size_band: str | None) -> bool:
        """Whether the offer's conditions (all given ones) hold for this organisation."""
        return (
            (not self.org_kinds or kind in self.org_kinds)
            and (not self.sector_keys or sector in self.sector_keys)
            and (not self.size_bands or size_band in self.size_bands)
        )


class RecommendationRule(Reviewed, ClusterableModel):
    """When the conditions hold, recommend the action. All given conditions must hold."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    active = models.BooleanField(_("active"), default=True)
    dimension_key = models.SlugField(
        _("dimension"), max_length=40, help_text=_("Key of the dimension this action improves.")
    )
    score_min = models.DecimalField(
        _("dimension score from"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    score_max = models.DecimalField(
        _("dimension score below"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("100 includes a perfect score."),
    )
    org_kinds = models.JSONField(_("organisation kinds"), default=list, blank=True)
    sector_keys = models.JSONField(_("sectors"), default=list, blank=True)

    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    explanation_vi = models.TextField(_("explanation (Vietnamese)"))
    explanation_en = models.TextField(_("explanation (English)"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    horizon = models.CharField(_("horizon"), max_length=4, choices=Horizon.choices)
    effort = models.CharField(_("effort"), max_length=8, choices=Effort.choices)
    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices)
    cost_min_vnd = models.PositiveBigIntegerField(
        _("indicative cost from (VND)"), null=True, blank=True, help_text=_("0 means free.")
    )
    cost_max_vnd = models.PositiveBigIntegerField(
        _("indicative cost up to (VND)"), null=True, blank=True
    )
    cost_confirmed = models.BooleanField(
        _("cost checked by staff"),
        default=False,
        help_text=_("Until ticked, the plan says the cost is to be confirmed by the center."),
    )
    duration_vi = models.CharField(_("usual time it takes (Vietnamese)"), max_length=80, blank=True)
    duration_en = models.CharField(_("usual time it takes (English)"), max_length=80, blank=True)
    duration_confirmed = models.BooleanField(
        _("usual time checked by staff"),
        default=False,
        help_text=_("Until ticked, the plan says the usual time is to be confirmed by the center."),
    )
    support_offers = ParentalManyToManyField(
        SupportOffer, blank=True, related_name="rules", verbose_name=_("support offers")
    )
    quick_win = models.BooleanField(_("quick win"), default=False)
    review_note = models.TextField(
        _("review note"),
        blank=True,
        help_text=_("What the reviewer checked, against which source."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dimension_key", "key"]
        verbose_name = _("recommendation rule")
        verbose_name_plural = _("recommendation rules")

    def __str__(self) -> str:
        return f"{self.key}: {localized(self, 'title')}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    title.fget.short_description = _("title")  # the admin listing's column

    def unpublished_guidance(self) -> list[str]:
        """Titles of the chosen guidance pages that readers cannot open (not live)."""
        return [g.page.title for g in self.guidance_pages.all() if not g.page.live]

    @admin.display(description=_("guidance page"))
    def guidance_check(self) -> str:
        """The staff list's warning: a plan would send readers to the topic list instead."""
        broken = self.unpublished_guidance()
        if broken:
            return _("Not published: %(titles)s") % {"titles": ", ".join(broken)}
        if not self.guidance_pages.all():
            return _("None chosen (the topic list is used)")
        return _("Page published")


class RulesVersion(models.Model):
    """One row whose value changes whenever a rule, its conditions, links, guidance pages or
    support offers change, however they change (admin, import, ``.update()``, raw SQL):
    database triggers write it (migration 0009). Processes keep the active rules in memory
    under this value (``services.active_rules``) and reload them when it moves."""

    value = models.CharField(max_length=32)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return self.value


class RuleChoiceCondition(Orderable):
    """The rule applies when the question was answered with any of these choices."""

    rule = ParentalKey(
        RecommendationRule, on_delete=models.CASCADE, related_name="choice_conditions"
    )
    question_key = models.SlugField(_("question key"), max_length=60)
    choice_keys = models.CharField(
        _("any of these choice keys"),
        max_length=300,
        help_text=_("Comma-separated, e.g. none, personal_only"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("answer condition")
        verbose_name_plural = _("answer conditions")

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(key.strip() for key in self.choice_keys.split(",") if key.strip())


class RuleLink(Orderable):
    """A link to an online public service or platform."""

    rule = ParentalKey(RecommendationRule, on_delete=models.CASCADE, related_name="links")
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    external_link = models.ForeignKey(
        ExternalLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rule_links",
        verbose_name=_("source record"),
        help_text=_(
            "The link's record under Sources: plans then print its current title and "
            "address, and leave it out when it is broken or retired."
        ),
    )

    panels = [
        FieldPanel("title_vi"),
        FieldPanel("title_en"),
        FieldPanel("url"),
        FieldPanel("external_link"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class RuleGuidancePage(Orderable):
    """A guidance page the action points to (chosen with the page chooser)."""

    rule = ParentalKey(RecommendationRule, on_delete=models.CASCADE, related_name="guidance_pages")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")


def private_storage():
    return storages["private"]


class ActionPlan(models.Model):
    """One request for an assessment's PDF plan, produced by a Celery worker exactly once."""

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("assessment"),
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # The chosen actions, frozen with their texts and links, so the plan shown on the
    # web and the PDF stay identical even when the rules change later.
    actions = models.JSONField(_("actions"), default=list, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="plans/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The claim's lease: which worker renders the plan, and until when that claim holds
    # unless renewed (recommendations/jobs.py). An expired lease means the worker died.
    lease_owner = models.CharField(_("worker"), max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(_("worker's claim expires"), null=True, blank=True)
    # How often its PDF was downloaded, and when first (the center counts plans downloaded).
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    first_downloaded_at = models.DateTimeField(
        _("first downloaded"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "queued_at"], name="plan_status_idx")]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.get_status_display()}"

    @property
    def file_name(self) -> str:
        """Deterministic, so a second run overwrites rather than adds a file."""
        return f"plans/plan-{self.pk}.pdf"
