"""Open data: anonymised aggregates anyone may reuse (CC BY 4.0), as a page, JSON and CSV.

What is published: the mean overall and per-dimension scores, with the number of
organisations and assessments, for the whole city and per kind of organisation, per
ward or commune and per month. Only assessments whose organisation agreed to
statistical use count, and only whole months (up to the end of the previous month), so
the figures do not change with every new assessment and cannot be compared from one
hour to the next to single one out.

Suppression, so no organisation can be singled out:

1. *Primary*: a group of fewer than ``MIN_GROUP`` organisations publishes no figure.
2. *Complementary*: each breakdown (kinds, wards, months) adds up to the city total, so a
   single hidden group could be worked out as the total minus the others. Whenever
   exactly one group of a breakdown is hidden, the next smallest is hidden too, and this
   is repeated until no breakdown has exactly one hidden group.

The result is cached per language (it is aggregate, the same for everyone) and rebuilt
by ``refresh_statistics`` (the beat task and ``manage.py refresh_center_statistics``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.i18n import LANGUAGES, active_language
from cms.locality import site_locality
from cms.vocabulary import OrganisationKind

from . import facts
from .exports import BOM, neutralise
from .models import AssessmentFact
from .queries import MIN_GROUP, current_dimensions, dimension_expr

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Rebuilt nightly by the refresh; only whole months are published, so a day is fresh enough.
CACHE_SECONDS = 26 * 3600
CACHE_VERSION = 1
TABLES = ("total", "kind", "unit", "month")
SMALL, COMPLEMENTARY = "small", "complementary"


def cache_key(language: str) -> str:
    return f"center:opendata:{CACHE_VERSION}:{language}"


def invalidate() -> None:
    """Drop the cached open data (after the statistics copies are rewritten)."""
    cache.delete_many([cache_key(language) for language in LANGUAGES])


def rebuild() -> None:
    """Compute the open data afresh in every language and cache it (a few seconds on
    100,000 assessments: the beat task pays for it, not the next visitor)."""
    for language in LANGUAGES:
        cache.set(cache_key(language), build(language), CACHE_SECONDS)


@dataclass
class Cell:
    """One published group: its size, its mean scores, and whether (and why) it is hidden."""

    table: str
    key: str
    label: str
    organisations: int
    assessments: int
    means: dict[str, float | None] = field(default_factory=dict)
    suppressed: str = ""  # "", SMALL or COMPLEMENTARY

    def as_row(self, dimension_keys: Iterable[str]) -> dict[str, Any]:
        hidden = bool(self.suppressed)
        row: dict[str, Any] = {
            "table": self.table,
            "key": self.key,
            "label": self.label,
            "organisations": None if hidden else self.organisations,
            "assessments": None if hidden else self.assessments,
            "suppressed": self.suppressed or None,
            "mean_overall": None if hidden else self.means.get("overall"),
        }
        for key in dimension_keys:
            row[f"mean_{key}"] = None if hidden else self.means.get(key)
        return row


def suppress(total: Cell, breakdowns: Iterable[list[Cell]]) -> None:
    """Primary then complementary suppression, in place (see the module docstring).

    Each breakdown is a list of cells that add up to ``total``. The total itself is hidden
    only when it is small (then every cell is small too).
    """
    breakdowns = [list(cells) for cells in breakdowns]
    for cell in [total, *(c for cells in breakdowns for c in cells)]:
        if cell.organisations < MIN_GROUP:
            cell.suppressed = SMALL
    changed = True
    while changed:
        changed = False
        for cells in breakdowns:
            if total.suppressed:
                break
            if sum(1 for c in cells if c.suppressed) != 1:
                continue
            shown = sorted(
                (c for c in cells if not c.suppressed),
                key=lambda c: (c.organisations, c.assessments, c.key),
            )
            # With no other group left, the total alone would give the hidden one away.
            (shown[0] if shown else total).suppressed = COMPLEMENTARY
            changed = True


def _first_of_month() -> datetime:
    today = timezone.localdate()
    return datetime.combine(today.replace(day=1), time.min, timezone.get_current_timezone())


def _aggregates(dimension_keys: list[str]) -> dict[str, Any]:
    slots = facts.slots()
    aggregates: dict[str, Any] = {
        "n": Count("pk"),
        "orgs": Count("organisation", distinct=True),
        "mean_overall": Avg("overall"),
    }
    for i, key in enumerate(dimension_keys):
        aggregates[f"mean_{i}"] = Avg(dimension_expr(key, slots))
    return aggregates


def _cell(table: str, key: str, label: str, row: dict[str, Any], dimension_keys: list[str]) -> Cell:
    def rounded(value: Any) -> float | None:
        return None if value is None else round(float(value), 1)

    means = {"overall": rounded(row["mean_overall"])}
    for i, dimension in enumerate(dimension_keys):
        means[dimension] = rounded(row[f"mean_{i}"])
    return Cell(table, key, label, organisations=row["orgs"], assessments=row["n"], means=means)


def build(language: str) -> dict[str, Any]:
    """The open data in ``language`` ("vi" or "en"): five queries whatever the data."""
    with translation.override(language):
        dimensions = current_dimensions()
        keys = [d.key for d in dimensions]
        until = _first_of_month()
        scored: QuerySet[AssessmentFact] = AssessmentFact.objects.filter(
            scored=True, submitted_at__lt=until
        )
        aggregates = _aggregates(keys)
        whole = site_locality().whole
        total = _cell(
            "total", "total", whole[:1].upper() + whole[1:], scored.aggregate(**aggregates), keys
        )
        kinds = dict(OrganisationKind.choices)
        by_kind = [
            _cell("kind", row["kind"], str(kinds.get(row["kind"], row["kind"])), row, keys)
            for row in scored.values("kind").annotate(**aggregates).order_by("kind")
        ]
        by_unit = [
            _cell("unit", row["unit__code"], row["unit__name"], row, keys)
            for row in scored.values("unit__code", "unit__name")
            .annotate(**aggregates)
            .order_by("unit__name", "unit__code")
        ]
        by_month = [
            _cell("month", f"{row['month']:%Y-%m}", f"{row['month']:%m/%Y}", row, keys)
            for row in scored.annotate(month=TruncMonth("submitted_at"))
            .values("month")
            .annotate(**aggregates)
            .order_by("month")
        ]
        suppress(total, [by_kind, by_unit, by_month])
        cells = [total, *by_kind, *by_unit, *by_month]
        return {
            "title": str(_("Digital readiness of enterprises and co-operatives: open data")),
            "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
            "method": str(
                _(
                    "Mean scores (0–100) of submitted assessments whose organisations agreed to "
                    "statistical use, for whole months up to %(until)s. Only plausible ones "
                    "count: filled in over at least %(minutes)s minutes, or typed in with an "
                    "advisor. A group of fewer than %(min)s organisations is hidden; when a "
                    "breakdown would have exactly one hidden group, the next smallest is hidden "
                    "too, so no hidden group can be worked out from the total."
                )
                % {
                    "until": f"{until:%Y-%m-%d}",
                    "min": MIN_GROUP,
                    "minutes": -(-settings.PLAUSIBLE_MIN_SECONDS // 60),
                }
            ),
            "min_group": MIN_GROUP,
            "until": f"{until:%Y-%m-%d}",
            "language": language,
            "dimensions": [{"key": d.key, "name": d.name} for d in dimensions],
            "rows": [cell.as_row(keys) for cell in cells],
        }


def open_data(language: str | None = None) -> dict[str, Any]:
    """The open data in ``language`` (default: the active one), from the cache if it is there."""
    language = language or active_language()
    data = cache.get(cache_key(language))
    if data is None:
        data = build(language)
        cache.set(cache_key(language), data, CACHE_SECONDS)
    return data


def csv_columns(data: dict[str, Any]) -> list[str]:
    return [
        "table",
        "key",
        "label",
        "organisations",
        "assessments",
        "suppressed",
        "mean_overall",
        *(f"mean_{d['key']}" for d in data["dimensions"]),
    ]


def as_csv(data: dict[str, Any]) -> str:
    """The rows as CSV text with a byte-order mark (Excel then reads the Vietnamese right)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    columns = csv_columns(data)
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in data["rows"]:
        writer.writerow([neutralise(row.get(c)) if row.get(c) is not None else "" for c in columns])
    return buffer.getvalue()
