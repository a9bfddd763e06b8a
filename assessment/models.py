"""Questionnaires (versioned), organisations and their assessments.

Stable keys, never labels, identify dimensions, questions and choices, so that a
translation or a reworded label never splits the data. A published questionnaire is
frozen; a submitted assessment keeps a snapshot of its answers and scores forever.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.i18n import active_language, localized, normalise_language
from cms.vocabulary import OrganisationKind


def _short_date(moment) -> str:
    """A timestamp's local day as every screen shows dates (30/11/2026)."""
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


class SizeBand(models.TextChoices):
    # Decree 80/2021/NĐ-CP, Art. 5: computed from the sector group, the staff with social
    # insurance and the revenue (``size_band_for``); never asked directly.
    MICRO = "micro", pgettext_lazy("size band", "Micro")
    SMALL = "small", pgettext_lazy("size band", "Small")
    MEDIUM = "medium", pgettext_lazy("size band", "Medium")
    LARGE = "large", _("Larger than medium")


class SizeGroup(models.TextChoices):
    """The two sector groups of Decree 80/2021/NĐ-CP, Art. 5, whose size caps differ."""

    AGRICULTURE_INDUSTRY = (
        "agriculture_industry",
        _("Agriculture, forestry, fisheries; industry and construction"),
    )
    TRADE_SERVICES = "trade_services", _("Trade and services")


class RevenueBand(models.TextChoices):
    """Last year's total revenue, in bands whose edges are the caps of Decree 80/2021."""

    UP_TO_3BN = "up_to_3bn", _("Up to VND 3 billion")
    UP_TO_10BN = "up_to_10bn", _("Over VND 3 and up to 10 billion")
    UP_TO_50BN = "up_to_50bn", _("Over VND 10 and up to 50 billion")
    UP_TO_100BN = "up_to_100bn", _("Over VND 50 and up to 100 billion")
    UP_TO_200BN = "up_to_200bn", _("Over VND 100 and up to 200 billion")
    UP_TO_300BN = "up_to_300bn", _("Over VND 200 and up to 300 billion")
    OVER_300BN = "over_300bn", _("Over VND 300 billion")


# The highest revenue (VND billion) of each band.
REVENUE_BAND_TOP = {
    RevenueBand.UP_TO_3BN: 3,
    RevenueBand.UP_TO_10BN: 10,
    RevenueBand.UP_TO_50BN: 50,
    RevenueBand.UP_TO_100BN: 100,
    RevenueBand.UP_TO_200BN: 200,
    RevenueBand.UP_TO_300BN: 300,
    RevenueBand.OVER_300BN: float("inf"),
}

# Decree 80/2021/NĐ-CP, Art. 5 (in force 15/10/2021): (band, most staff with social
# insurance on a yearly average, most revenue in VND billion) by sector group. The decree
# also accepts total capital instead of revenue (3 / 20 / 100 billion in agriculture and
# industry, 3 / 50 / 100 billion in trade and services); the portal asks only revenue, so a
# firm small by capital but not by revenue is placed one band higher than the decree would.
# Sources: baodautu.vn "Ban hành tiêu chí xác định doanh nghiệp nhỏ và vừa";
# en.expertis.vn (Decree 80/2021, Art. 5); ketoaninno.com (table of both groups).
SIZE_CAPS = {
    SizeGroup.AGRICULTURE_INDUSTRY: (
        (SizeBand.MICRO, 10, 3),
        (SizeBand.SMALL, 100, 50),
        (SizeBand.MEDIUM, 200, 200),
    ),
    SizeGroup.TRADE_SERVICES: (
        (SizeBand.MICRO, 10, 10),
        (SizeBand.SMALL, 50, 100),
        (SizeBand.MEDIUM, 100, 300),
    ),
}


def size_band_for(size_group: str, staff_count: int, revenue_band: str) -> str:
    """The Decree 80/2021 band of a unit of ``size_group`` with ``staff_count`` insured staff
    and revenue in ``revenue_band``: the smallest band whose staff and revenue caps it meets."""
    revenue_top = REVENUE_BAND_TOP[RevenueBand(revenue_band)]
    for band, max_staff, max_revenue in SIZE_CAPS[SizeGroup(size_group)]:
        if staff_count <= max_staff and revenue_top <= max_revenue:
            return band
    return SizeBand.LARGE


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTI = "multi", _("Multiple choice")
    SCALE = "scale", _("Adoption scale 0–5")
    TRISTATE = "tristate", _("No / partly / yes")


class AdministrativeUnit(models.Model):
    """A ward, commune or special zone people pick their area from: data, not code.

    Units are merged and renamed over time; retire a unit by un-ticking ``active``
    rather than deleting it, so past assessments keep pointing at it.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    province = models.CharField(_("province or city"), max_length=120)
    active = models.BooleanField(_("offered in the form"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return f"{self.name}, {self.province}" if self.province else self.name


class Sector(models.Model):
    """Business sector, an editable list with a stable key."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    size_group = models.CharField(
        _("size criteria"),
        max_length=24,
        choices=SizeGroup.choices,
        default=SizeGroup.TRADE_SERVICES,
        help_text=_(
            "Which caps of Decree 80/2021/NĐ-CP place a unit of this sector in a size band."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "key"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return localized(self, "name")


class Questionnaire(ClusterableModel):
    """One version of the questionnaire. Editors change a draft; publishing freezes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    key = models.SlugField(_("key"), max_length=40, default="default")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set for versions imported from the data file by ``ensure_default_questionnaire``; a
    # version without it was made in the admin, and the file never replaces it.
    from_data_file = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="questionnaire_key_version"),
            # At most one published version of each questionnaire at a time.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(status="published"),
                name="one_published_questionnaire",
            ),
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return f"{localized(self, 'title')} (v{self.version}, {self.get_status_display()})"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @classmethod
    def current(cls, key: str = "default") -> Questionnaire | None:
        return cls.objects.filter(key=key, status=cls.Status.PUBLISHED).first()


class Level(models.Model):
    """A rung of the 0–5 ladder: the lowest overall score that reaches it."""

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(5)])
    min_score = models.DecimalField(
        _("from score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "level"], name="level_once"),
        ]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return f"{self.level} · {localized(self, 'name')}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Dimension(ClusterableModel):
    """A pillar (trụ cột) of the questionnaire, with its weight in the overall score."""

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="dimension_key_once"),
        ]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Question(ClusterableModel):
    dimension = ParentalKey(
        Dimension, on_delete=models.CASCADE, related_name="questions", verbose_name=_("dimension")
    )
    key = models.SlugField(_("key"), max_length=60)
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    text_vi = models.TextField(_("question (Vietnamese)"))
    text_en = models.TextField(_("question (English)"))
    help_vi = models.TextField(_("help (Vietnamese)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    required = models.BooleanField(_("required"), default=True)
    allow_na = models.BooleanField(_("allow “not applicable”"), default=False)
    org_kinds = models.JSONField(
        _("organisation kinds"),
        default=list,
        blank=True,
        help_text=_("Leave empty to ask everyone."),
    )
    condition_question_key = models.SlugField(
        _("only when question"),
        max_length=60,
        blank=True,
        help_text=_("Key of an earlier question this one depends on."),
    )
    condition_choice_keys = models.JSONField(
        _("was answered with one of"), default=list, blank=True
    )
    error_vi = models.CharField(
        _("error message (Vietnamese)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown when a required answer is missing, e.g. “Chọn cách đơn vị tìm thông tin "
            "quy hoạch”. Leave empty for a message made from the question."
        ),
    )
    error_en = models.CharField(_("error message (English)"), max_length=200, blank=True)
    scale_labels_vi = models.TextField(
        _("scale labels (Vietnamese)"),
        blank=True,
        help_text=_(
            "For 0–5 scale questions: six lines, one label per level from 0 to 5. "
            "Leave empty for the general labels."
        ),
    )
    scale_labels_en = models.TextField(_("scale labels (English)"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.key}: {localized(self, 'text')}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    text.fget.short_description = _("question")  # the admin listing's column

    @property
    def help(self) -> str:
        return localized(self, "help")

    def own_scale_labels(self, language: str | None = None) -> list[str] | None:
        """The question's own six scale labels in ``language`` (default: active), or None
        for the general ones (an English page uses the general English labels when only
        Vietnamese ones were written)."""
        language = normalise_language(language) if language else active_language()
        labels = split_scale_labels(getattr(self, f"scale_labels_{language}", ""))
        return labels if len(labels) == SCALE_LEVELS else None


SCALE_LEVELS = 6  # levels 0–5 of a scale question


def split_scale_labels(text: str) -> list[str]:
    """The labels of a ``scale_labels_*`` field: one non-empty line each."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Choice(models.Model):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("key"), max_length=40)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    score = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    exclusive = models.BooleanField(
        _("only on its own"),
        default=False,
        help_text=_(
            "Multiple choice: this answer cannot be combined with others (“none of these”, "
            "“cash only”). It is shown last, after “or”."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_once"),
        ]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return localized(self, "label")

    @property
    def label(self) -> str:
        return localized(self, "label")


tax_code_validator = RegexValidator(
    r"^\d{10}(-\d{3})?$",
    _("Enter the tax code as 10 digits, or 10 digits, a dash and 3 digits for a branch."),
)


class Organisation(models.Model):
    """A business, co-operative or household business that assesses itself."""

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    staff_count = models.PositiveIntegerField(
        _("staff with social insurance"), null=True, blank=True
    )
    revenue_band = models.CharField(
        _("revenue last year"), max_length=12, choices=RevenueBand.choices, blank=True
    )
    # Computed from the sector, staff and revenue (``size_band_for``); kept for statistics.
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices)
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    tax_code = models.CharField(
        _("tax code"), max_length=14, blank=True, validators=[tax_code_validator]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


def new_resume_token() -> str:
    # 32 bytes = 256 bits from the OS's CSPRNG; URL-safe.
    return secrets.token_urlsafe(32)


class AssessmentQuerySet(models.QuerySet):
    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.SUBMITTED)

    def plausible(self) -> AssessmentQuerySet:
        """Submitted assessments that count in public figures, peer benchmarks and the
        center's statistics: filled in over at least ``settings.PLAUSIBLE_MIN_SECONDS``
        (from creation to submission), so a script posting answers in a burst cannot move
        the province's numbers; or assisted or typed in from paper by a known advisor
        account (``assisted_by``), whatever the time it took (an advisor typing in a paper
        form is fast by design)."""
        minimum = timedelta(seconds=settings.PLAUSIBLE_MIN_SECONDS)
        return self.submitted().filter(
            models.Q(submitted_at__gte=models.F("created_at") + minimum)
            | models.Q(
                mode__in=[Assessment.Mode.ASSISTED, Assessment.Mode.PAPER],
                assisted_by__isnull=False,
            ),
            submitted_at__isnull=False,
        )

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.DRAFT)

    def with_claimed(self) -> AssessmentQuerySet:
        """Each with ``is_claimed`` read in the same query (not one more per assessment)."""
        return self.annotate(
            claimed_by_managers=models.Exists(
                Membership.objects.filter(organisation_id=models.OuterRef("organisation_id"))
            )
        )

    def latest_submitted(self) -> Assessment | None:
        """The most recently submitted one (ties broken by id)."""
        return self.submitted().order_by("-submitted_at", "-pk").first()


class Assessment(models.Model):
    """One run through a questionnaire by one organisation."""

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Mode(models.TextChoices):
        SELF = "self", _("Self-assessment")
        ASSISTED = "assisted", _("Assisted by an advisor")
        PAPER = "paper", _("On paper, typed in by an advisor")

    token = models.CharField(
        _("resume key"), max_length=64, unique=True, default=new_resume_token, editable=False
    )
    # A read-only link to the results, printed in the PDF instead of the resume link:
    # people forward plans, and the resume link is a key (claim, regenerate, help).
    # Set when first needed; cleared to revoke every link handed out so far.
    share_token = models.CharField(
        _("sharing key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        default=None,
        editable=False,
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("questionnaire"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("filled in by"),
        help_text=_("The signed-in person (or advisor) who filled it in."),
    )
    consent_statistics = models.BooleanField(
        _("anonymised results may be used in statistics and benchmarks"), default=True
    )
    # How it was made: by the organisation itself, with an advisor beside it, or on a
    # paper form an advisor typed in afterwards (then ``assisted_by`` names the advisor).
    mode = models.CharField(
        _("how it was made"), max_length=10, choices=Mode.choices, default=Mode.SELF
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assisted_assessments",
        verbose_name=_("advisor"),
    )
    # Highest dimension step the respondent has saved (0 = only the profile).
    steps_done = models.PositiveSmallIntegerField(_("steps saved"), default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    # Frozen at submission: the result can be re-derived from ``snapshot`` alone.
    overall_score = models.DecimalField(
        _("overall score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    dimension_scores = models.JSONField(_("scores by dimension"), default=dict, blank=True)
    snapshot = models.JSONField(
        _("questionnaire and answers as submitted"), default=dict, blank=True
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="assessment_status_idx"),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        who = self.organisation.name if self.organisation_id else _("(no profile yet)")
        return f"{who} · {_short_date(self.created_at)}"

    def ensure_share_token(self) -> str:
        """The read-only share token, made on first use."""
        if not self.share_token:
            token = new_resume_token()
            Assessment.objects.filter(pk=self.pk, share_token__isnull=True).update(
                share_token=token
            )
            self.share_token = Assessment.objects.values_list("share_token", flat=True).get(
                pk=self.pk
            )
        return self.share_token

    def revoke_share_token(self) -> None:
        """Kill every read-only link handed out so far; the next plan gets a new one."""
        Assessment.objects.filter(pk=self.pk).update(share_token=None)
        self.share_token = None

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @cached_property
    def is_claimed(self) -> bool:
        """Whether the organisation has managers (then the resume link alone is not enough)."""
        annotated = self.__dict__.get("claimed_by_managers")  # AssessmentQuerySet.with_claimed
        if annotated is not None:
            return bool(annotated)
        return (
            self.organisation_id is not None
            and Membership.objects.filter(organisation_id=self.organisation_id).exists()
        )

    def mark_submitted(self) -> None:
        self.status = self.Status.SUBMITTED
        self.submitted_at = timezone.now()


class Advisor(models.Model):
    """A member of a community digital-technology team or of the center's staff who
    assesses with (or for) organisations in the wards and communes they cover."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advisor",
        verbose_name=_("user"),
    )
    units = models.ManyToManyField(
        AdministrativeUnit,
        blank=True,
        related_name="advisors",
        verbose_name=_("wards and communes covered"),
    )
    team = models.CharField(_("team"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("advisor")
        verbose_name_plural = _("advisors")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Answer(models.Model):
    """The latest answer to one question; saved at every step.

    ``value`` holds a list of choice keys (single, multi and no/partly/yes) or an
    integer 0–5 (scale). ``not_applicable`` leaves the question out of the score.
    """

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_each"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.question_id}"

    def clean(self) -> None:
        if self.not_applicable and self.value not in (None, []):
            raise ValidationError(_("A “not applicable” answer has no value."))


# --- Organisations' managers and what they do after the assessment ----------------------------


class Membership(models.Model):
    """A signed-in person who manages an organisation.

    Exactly one manager of each organisation is its owner: the first one (whoever claimed
    the assessment), until they hand the role to another manager. Only the owner removes
    managers, deletes the organisation's data or hands the role on
    (portal/workspace/services.py).
    """

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    is_owner = models.BooleanField(
        _("owner"),
        default=False,
        help_text=_("The owner removes managers, deletes the data and can hand the role on."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_owner=True),
                name="one_owner_per_organisation",
            ),
        ]
        verbose_name = _("manager")
        verbose_name_plural = _("managers")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"

    def save(self, *args, **kwargs) -> None:
        # The first manager of an organisation becomes its owner, however the row is made
        # (claim, invitation, the centre's tools): an organisation is never without one.
        if (
            self._state.adding
            and not self.is_owner
            and not Membership.objects.filter(
                organisation_id=self.organisation_id, is_owner=True
            ).exists()
        ):
            self.is_owner = True
        super().save(*args, **kwargs)


@receiver(post_delete, sender=Membership, dispatch_uid="assessment.next_owner")
def hand_ownership_on(sender, instance: Membership, **kwargs) -> None:
    """When the owner's account is deleted, the earliest remaining manager becomes owner."""
    if not instance.is_owner:
        return
    successor = (
        Membership.objects.filter(organisation_id=instance.organisation_id)
        .order_by("created_at", "pk")
        .first()
    )
    if (
        successor is not None
        and not Membership.objects.filter(
            organisation_id=instance.organisation_id, is_owner=True
        ).exists()
    ):
        Membership.objects.filter(pk=successor.pk).update(is_owner=True)


def invitation_expiry():
    return timezone.now() + timedelta(days=7)


class Invitation(models.Model):
    """A single-use, expiring invitation to become a manager of an organisation.

    Only a hash of the token is stored: the link in the e-mail is the only copy.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionProgress(models.Model):
    """How far the organisation got with one action of its plan (the checklist)."""

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="action_progress"
    )
    rule_key = models.SlugField(max_length=80)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    updated_at = models.DateTimeField(auto_now=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Set by the manager on the dashboard and printed in the PDF plan; empty/None means
    # nobody named yet / the default date from the action's horizon.
    owner = models.CharField(_("person in charge"), max_length=80, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "rule_key"], name="progress_once"),
        ]
        verbose_name = _("action progress")
        verbose_name_plural = _("action progress")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.rule_key}: {self.status}"


class NextLevelText(models.Model):
    """What one dimension looks like at one level, in concrete capabilities: printed in the
    plan for weak dimensions as "what the next level looks like".

    Kept by dimension key and level number rather than on a questionnaire version, so staff
    can improve the wording without touching a published (frozen) questionnaire.
    """

    dimension_key = models.SlugField(_("dimension"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(5)])
    text_vi = models.TextField(_("what it looks like (Vietnamese)"))
    text_en = models.TextField(_("what it looks like (English)"), blank=True)

    class Meta:
        ordering = ["dimension_key", "level"]
        constraints = [
            models.UniqueConstraint(fields=["dimension_key", "level"], name="next_level_once"),
        ]
        verbose_name = _("level description of a dimension")
        verbose_name_plural = _("level descriptions of dimensions")

    def __str__(self) -> str:
        return f"{self.dimension_key} · {self.level}"


class DimensionTarget(models.Model):
    """The level a manager aims for in one dimension."""

    # Records of the people using the portal, not content: Wagtail's reference index
    # ("usage" in the admin) would be rewritten on every save of the flow.
    wagtail_reference_index_ignore = True

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="targets")
    dimension_key = models.SlugField(max_length=40)
    target_level = models.PositiveSmallIntegerField(
        _("target level"), validators=[MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "dimension_key"], name="target_once"),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.dimension_key} → {self.target_level}"


class SupportRequest(models.Model):
    """An organisation asks the support center for help."""

    class Need(models.TextChoices):
        PUBLIC_SERVICES = "public_services", _("Registering for online public services")
        MARKETPLACE = "marketplace", _("Listing on an e-commerce marketplace")
        EINVOICE = "einvoice", _("E-invoices")
        WEBSITE = "website", _("A website")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        ZALO = "zalo", _("Zalo")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("A visit")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("organisation"),
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    needs = models.JSONField(_("needs"), default=list)
    other_need = models.CharField(_("other need"), max_length=500, blank=True)
    channel = models.CharField(_("preferred contact"), max_length=10, choices=Channel.choices)
    contact_name = models.CharField(_("contact person"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    staff_note = models.TextField(_("note from the support center"), blank=True)
    # The center's staff member who handles it (none: "not assigned yet").
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
        verbose_name=_("assigned to"),
    )
    # The language of the page the request was sent from: the organisation's e-mails use it.
    language = models.CharField(_("language"), max_length=8, default="vi")
    # When staff last changed the status or the assignee or wrote a note (none: untouched,
    # which is what makes a request overdue, portal/center/inbox.py).
    staff_touched_at = models.DateTimeField(_("last handled by staff"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="support_status_idx")]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")

    def __str__(self) -> str:
        return f"{self.organisation} · {_short_date(self.created_at)}"

    @property
    def need_labels(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels.get(n, n)) for n in self.needs]

    @property
    def needs_text(self) -> str:
        return ", ".join(self.need_labels)

    needs_text.fget.short_description = _("needs")  # the admin listing's column


class SupportRequestNote(models.Model):
    """An internal note of the center's staff on a request: never shown to the organisation."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="notes", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("internal note"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.request_id} · {_short_date(self.created_at)}"


class SupportRequestChange(models.Model):
    """One change of a request's status or assignee: who, from what to what, when.

    The values are kept as they were said at the time (a status key, a person's name), so
    the history still reads right after a staff account is renamed or deleted."""

    class Field(models.TextChoices):
        STATUS = "status", _("status")
        ASSIGNEE = "assignee", _("assigned to")

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("request"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    field = models.CharField(_("what changed"), max_length=10, choices=Field.choices)
    old_value = models.CharField(_("from"), max_length=200, blank=True)
    new_value = models.CharField(_("to"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("changed on"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change of a support request")
        verbose_name_plural = _("changes of support requests")

    def __str__(self) -> str:
        return f"{self.request_id} · {self.field}: {self.old_value} → {self.new_value}"


def claim_code_expiry():
    return timezone.now() + timedelta(days=settings.CLAIM_CODE_DAYS)


class ClaimCode(models.Model):
    """The code an advisor hands to an organisation so that its manager can add an assisted
    (or paper) assessment to their account (``assessment.claimcodes``).

    Only a hash of the code is stored, with the random salt it is derived from; single use,
    expiring, and withdrawn when the advisor withdraws or renews it.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="claim_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    salt = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=claim_code_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("claim code")
        verbose_name_plural = _("claim codes")

    def __str__(self) -> str:
        return f"{self.assessment_id} · {_short_date(self.created_at)}"

    @property
    def is_live(self) -> bool:
        return (
            self.used_at is None and self.withdrawn_at is None and self.expires_at > timezone.now()
        )
