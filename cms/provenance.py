"""Where the portal's facts come from, and when someone last checked them.

Laws, agencies and portals in Vietnam change every year (2025 merged ministries, moved
the tax authority and replaced the personal-data decree). So every external link and
every legal reference the content relies on is a record staff can edit in one place,
with its source and the date and name of whoever last reviewed it; guidance pages and
recommendation rules carry the same "reviewed on / by" pair (:class:`Reviewed`), and the
staleness report (:mod:`cms.staleness`) lists whatever has not been looked at for too long.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .i18n import in_english


class Reviewed(models.Model):
    """Who last checked the content against its sources, and when."""

    reviewed_on = models.DateField(
        _("reviewed on"),
        null=True,
        blank=True,
        help_text=_("When someone last checked this against its sources."),
    )
    reviewed_by = models.CharField(
        _("reviewed by"), max_length=120, blank=True, help_text=_("Name of the reviewer.")
    )

    review_panels = [
        FieldRowPanel([FieldPanel("reviewed_on"), FieldPanel("reviewed_by")], heading=_("Review"))
    ]

    class Meta:
        abstract = True

    def is_stale(self, months: int, today: datetime.date | None = None) -> bool:
        """Never reviewed, or last reviewed more than ``months`` months before ``today``."""
        return self.reviewed_on is None or self.reviewed_on < review_cutoff(months, today)


def review_cutoff(months: int, today: datetime.date | None = None) -> datetime.date:
    """The date ``months`` months before ``today``: anything reviewed earlier is stale."""
    today = today or timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    # The same day of that month, or its last day (31 March − 1 month → 28/29 February).
    for day in range(today.day, 0, -1):
        try:
            return datetime.date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def normalise_url(url: str) -> str:
    """``url`` in the form two records of the same page share: scheme and host in lower
    case, no ``www.``, no trailing slash, no fragment ("https://Www.X.vn/a/" → "https://x.vn/a")."""
    parts = urlsplit((url or "").strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{host}{path}{query}"


class ExternalLink(index.Indexed, Reviewed):
    """A page outside the portal that rules, guidance and the PDF send people to."""

    class Status(models.TextChoices):
        """What staff decided about the link. A link in use whose last automatic check
        failed counts as broken too (:attr:`is_printable`)."""

        ACTIVE = "active", _("In use")
        BROKEN = "broken", _("Broken (do not print)")
        RETIRED = "retired", _("Retired (do not print)")

    url = models.URLField(_("address"), max_length=500, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Broken or retired links are left out of plans, the results page and the PDF."),
    )
    title = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    owner = models.CharField(
        _("run by"),
        max_length=200,
        blank=True,
        help_text=_("The body that runs the site, e.g. Cục Thuế (Bộ Tài chính)."),
    )
    note = models.TextField(
        _("source and notes"),
        blank=True,
        help_text=_("Where the address was confirmed, and anything staff should re-check."),
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(
        _("last HTTP status"),
        null=True,
        blank=True,
        help_text=_("Empty when the last check got no answer at all."),
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    panels = [
        FieldPanel("url"),
        FieldPanel("status"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("owner"),
        FieldPanel("note"),
        *Reviewed.review_panels,
        MultiFieldPanel(
            [
                FieldPanel("last_checked_at", read_only=True),
                FieldPanel("last_status", read_only=True),
                FieldPanel("last_error", read_only=True),
            ],
            heading=_("Automatic check"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.SearchField("url"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("external link")
        verbose_name_plural = _("external links")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        return (self.title_en or self.title) if in_english() else self.title

    @property
    def check_failed(self) -> bool:
        """The last automatic check got an error status or no answer."""
        if self.last_checked_at is None:
            return False
        return self.last_status is None or self.last_status >= 400

    @property
    def is_printable(self) -> bool:
        """Plans, the results page and the PDF may print it: in use, last check passed."""
        return self.status == self.Status.ACTIVE and not self.check_failed

    def title_in(self, language: str) -> str:
        """The title in ``language`` ("vi" or "en"), Vietnamese when no English is given."""
        return (self.title_en or self.title) if language == "en" else self.title


class LegalReference(index.Indexed, Reviewed):
    """A law, decree, circular or decision the content cites: one record, one edit."""

    number = models.CharField(
        _("number"), max_length=60, unique=True, help_text=_("e.g. 91/2025/QH15")
    )
    title = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    requires = models.TextField(_("what it requires (Vietnamese)"), blank=True)
    requires_en = models.TextField(_("what it requires (English)"), blank=True)
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where the text or a reliable summary was read."),
    )
    source_note = models.TextField(
        _("sources and notes"),
        blank=True,
        help_text=_("Which sources confirmed it, and anything staff should re-check."),
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("in_force_from"),
        FieldPanel("requires"),
        FieldPanel("requires_en"),
        FieldPanel("source_url"),
        FieldPanel("source_note"),
        *Reviewed.review_panels,
    ]
    search_fields = [
        index.SearchField("number"),
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.AutocompleteField("number"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")

    def __str__(self) -> str:
        return f"{self.number}: {self.display_title}"

    @property
    def display_title(self) -> str:
        return (self.title_en or self.title) if in_english() else self.title

    @property
    def display_requires(self) -> str:
        return (self.requires_en or self.requires) if in_english() else self.requires
