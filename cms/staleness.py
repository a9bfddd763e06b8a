"""What has not been reviewed for too long, and which external links are broken.

Every model that mixes in :class:`cms.provenance.Reviewed` takes part: guidance pages,
external links and legal references here, recommendation rules one floor up. They are
found by walking the installed models (a registry, not a lookup by name), so this
module never imports the apps above it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q

from wagtail.models import Page

from .provenance import ExternalLink, Reviewed, review_cutoff

DEFAULT_REVIEW_AFTER_MONTHS = 12


def review_after_months() -> int:
    """How many months a review stays valid (setting ``PORTAL_REVIEW_AFTER_MONTHS``)."""
    return int(getattr(settings, "PORTAL_REVIEW_AFTER_MONTHS", DEFAULT_REVIEW_AFTER_MONTHS))


def reviewable_models() -> list[type[Reviewed]]:
    """Every concrete model that records a review, in a stable order."""
    found = [model for model in apps.get_models() if issubclass(model, Reviewed)]
    return sorted(found, key=lambda model: model._meta.label)


def stale(
    model: type[Reviewed], months: int, today: datetime.date | None = None
) -> models.QuerySet:
    """The ``model`` rows never reviewed or last reviewed before the cut-off (live pages only)."""
    cutoff = review_cutoff(months, today)
    rows = model._default_manager.filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=cutoff))
    if issubclass(model, Page):
        rows = rows.live()
    return rows.order_by(models.F("reviewed_on").asc(nulls_first=True), "pk")


def failing_links() -> models.QuerySet[ExternalLink]:
    """Links whose last automatic check got an error status or no answer."""
    return ExternalLink.objects.filter(last_checked_at__isnull=False).filter(
        Q(last_status__isnull=True) | Q(last_status__gte=400)
    )


@dataclass(frozen=True)
class StaleGroup:
    """The stale rows of one model, for the report and the admin home panel."""

    model: type[Reviewed]
    rows: models.QuerySet

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()


def stale_groups(months: int | None = None, today: datetime.date | None = None) -> list[StaleGroup]:
    """One group per reviewable model, in the order of :func:`reviewable_models`."""
    months = review_after_months() if months is None else months
    return [StaleGroup(model, stale(model, months, today)) for model in reviewable_models()]
