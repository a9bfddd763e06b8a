"""The support center's statistics, aggregated in the database.

Every figure is a grouped query over ``AssessmentFact`` (one narrow row per submitted
assessment, with its organisation's kind, sector, unit and size copied in: see models.py),
never over the snapshot JSON or the wide assessment rows, so the number of queries does
not grow with the number of assessments and PostgreSQL does the counting.
Medians use PostgreSQL's ``percentile_cont``; SQLite (the embedded default and the test
suite) has no such aggregate, so there the medians are computed in Python from
one extra query per median table — the same number of queries whatever the data.

Every figure counts only plausible submitted assessments (``AssessmentQuerySet.plausible``:
filled in over a realistic time, or typed in by an advisor), as the home page and the peer
benchmarks do; the dashboard says how many submitted ones were left out. Scores count only
those whose organisation agreed to statistical use (``consent_statistics``); the number of
assessments started counts every one begun, drafts included.
A group of fewer than ``MIN_GROUP`` organisations shows no score and "< 5" for its size.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from assessment.models import (
    ActionProgress,
    ActionStatus,
    AdministrativeUnit,
    Assessment,
    Dimension,
    Questionnaire,
    Sector,
    SizeBand,
    SupportRequest,
)
from cms.i18n import active_language
from cms.vocabulary import OrganisationKind
from recommendations.models import ActionPlan, RecommendationRule

from . import facts
from .models import AssessmentFact, RecommendedAction

# The same threshold as the results page's peer comparison.
MIN_GROUP = 5
TOP_ACTIONS = 10


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the interpolated median, as statistics.median."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def has_median() -> bool:
    return connection.vendor == "postgresql"


def overall_expr() -> F:
    return F("overall")


def dimension_expr(key: str, slots: Mapping[str, int]) -> F | Cast:
    """A dimension's score: its own column when it has a slot, else read from the JSON."""
    if key in slots:
        return F(f"score_{slots[key]}")
    return Cast(KeyTextTransform(key, "dimension_scores"), FloatField())


@dataclass(frozen=True)
class Filters:
    """What staff narrowed the statistics to; empty values mean "all"."""

    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    sector: str = ""  # Sector.key
    unit: str = ""  # AdministrativeUnit.code
    mode: str = ""  # Assessment.Mode: self, assisted or paper

    def organisation_q(self, prefix: str = "organisation__") -> Q:
        q = Q()
        if self.kind:
            q &= Q(**{f"{prefix}kind": self.kind})
        if self.sector:
            q &= Q(**{f"{prefix}sector__key": self.sector})
        if self.unit:
            q &= Q(**{f"{prefix}administrative_unit__code": self.unit})
        return q

    def period_q(self, field_name: str) -> Q:
        """The date range on a datetime field, as local-midnight bounds (keeps indexes usable)."""
        q = Q()
        zone = timezone.get_current_timezone()
        if self.date_from:
            q &= Q(**{f"{field_name}__gte": datetime.combine(self.date_from, time.min, zone)})
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, zone)
            q &= Q(**{f"{field_name}__lt": end})
        return q

    def started_q(self) -> Q:
        """Assessments begun in the period (drafts too), of the chosen organisations and mode."""
        q = self.organisation_q() & self.period_q("created_at")
        if self.mode:
            q &= Q(mode=self.mode)
        return q

    def submitted_q(self, prefix: str = "") -> Q:
        """Submitted assessments in the period, of the chosen organisations."""
        q = Q(**{f"{prefix}status": Assessment.Status.SUBMITTED})
        q &= self.period_q(f"{prefix}submitted_at")
        if self.mode:
            q &= Q(**{f"{prefix}mode": self.mode})
        return q & self.organisation_q(f"{prefix}organisation__")

    def scored_q(self, prefix: str = "") -> Q:
        """What the scores are computed from: submitted, scored and consenting."""
        return self.submitted_q(prefix) & Q(
            **{f"{prefix}consent_statistics": True, f"{prefix}overall_score__isnull": False}
        )

    def fact_q(self) -> Q:
        """The filters on AssessmentFact's (and RecommendedAction's) copied columns."""
        q = self.period_q("submitted_at")
        if self.kind:
            q &= Q(kind=self.kind)
        if self.sector:
            q &= Q(sector__key=self.sector)
        if self.unit:
            q &= Q(unit__code=self.unit)
        if self.mode:
            q &= Q(mode=self.mode)
        return q

    def organisations(self, scored: bool, extra: Q | None = None) -> Count:
        """The number of distinct organisations among the filtered facts (``scored``: among
        the scored ones), for a breakdown by one of the organisation's own attributes.

        Each fact knows its organisation's previous plausible (and scored) submission, so an
        organisation is counted once, on its first row in the period, as a plain count; a
        filter on how assessments were made breaks that chain, so then it is COUNT(DISTINCT).
        """
        if self.mode:
            return Count("organisation", distinct=True, filter=extra)
        field = "previous_scored_at" if scored else "previous_at"
        first = Q(**{f"{field}__isnull": True})
        if self.date_from:
            start = datetime.combine(self.date_from, time.min, timezone.get_current_timezone())
            first |= Q(**{f"{field}__lt": start})
        return Count("pk", filter=first if extra is None else first & extra)

    def previous_in_period(self) -> Q:
        """Facts whose organisation's previous plausible submission is in the period too."""
        q = Q(previous_at__isnull=False)
        if self.date_from:
            start = datetime.combine(self.date_from, time.min, timezone.get_current_timezone())
            q &= Q(previous_at__gte=start)
        return q

    def all_submitted(self) -> QuerySet[AssessmentFact]:
        """Every submitted assessment in the filters, implausible ones too."""
        return AssessmentFact.objects.filter(self.fact_q())

    def submitted(self) -> QuerySet[AssessmentFact]:
        """The plausible submitted assessments in the filters: what the center counts."""
        return AssessmentFact.objects.filter(self.fact_q() & Q(plausible=True))

    def scored(self) -> QuerySet[AssessmentFact]:
        return AssessmentFact.objects.filter(self.fact_q() & Q(scored=True))

    @property
    def is_empty(self) -> bool:
        return not (
            self.date_from or self.date_to or self.kind or self.sector or self.unit or self.mode
        )


@dataclass
class Stat:
    """A group's size and scores; ``suppressed`` when it has fewer than MIN_GROUP organisations."""

    key: str
    label: str
    assessments: int
    organisations: int
    mean: float | None = None
    median: float | None = None

    @property
    def suppressed(self) -> bool:
        return 0 < self.organisations < MIN_GROUP

    @property
    def shown_mean(self) -> float | None:
        return None if self.suppressed else self.mean

    @property
    def shown_median(self) -> float | None:
        return None if self.suppressed else self.median


@dataclass
class Count_:
    key: str
    label: str
    organisations: int
    assessments: int | None = None  # where the table shows it

    @property
    def suppressed(self) -> bool:
        return 0 < self.organisations < MIN_GROUP


@dataclass
class Dashboard:
    filters: Filters
    started: int
    submitted: int
    organisations: int
    returning: int
    plans: int
    downloaded: int
    implausible: int
    scored: int
    modes: list[Count_]
    overall: Stat
    dimensions: list[Stat]
    weakest: list[Stat]
    levels: list[Stat]
    by_kind: list[Stat]
    by_sector: list[Stat]
    by_unit: list[Stat]
    by_size: list[Stat]
    by_mode: list[Stat]
    months: list[Stat]
    needs: list[Count_]
    recommended: list[Count_]
    done: list[Count_]
    extra: dict[str, Any] = field(default_factory=dict)


def _median(values: Iterable[Any]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return statistics.median(present) if present else None


def current_dimensions() -> list[Dimension]:
    """The published questionnaire's dimensions, in their order (one query)."""
    return list(
        Dimension.objects.filter(
            questionnaire__key="default", questionnaire__status=Questionnaire.Status.PUBLISHED
        ).order_by("sort_order", "pk")
    )


def score_summary(
    scored: QuerySet[AssessmentFact], dimensions: list[Dimension], orgs: Count | None = None
) -> list[Stat]:
    """Overall first, then one Stat per dimension: mean and median in one query."""
    slots = facts.slots()
    aggregates: dict[str, Any] = {
        "n": Count("pk"),
        "orgs": orgs or Count("organisation", distinct=True),
        "mean": Avg(overall_expr()),
    }
    for i, dimension in enumerate(dimensions):
        aggregates[f"mean_{i}"] = Avg(dimension_expr(dimension.key, slots))
    if has_median():
        aggregates["median"] = Median(overall_expr())
        for i, dimension in enumerate(dimensions):
            aggregates[f"median_{i}"] = Median(dimension_expr(dimension.key, slots))
    row = scored.aggregate(**aggregates)
    if not has_median():
        overall: list[Any] = []
        per_dimension: dict[str, list[Any]] = defaultdict(list)
        for score, scores in scored.values_list("overall", "dimension_scores"):
            overall.append(score)
            for dimension in dimensions:
                per_dimension[dimension.key].append((scores or {}).get(dimension.key))
        row["median"] = _median(overall)
        for i, dimension in enumerate(dimensions):
            row[f"median_{i}"] = _median(per_dimension[dimension.key])
    n, orgs = row["n"], row["orgs"]
    stats = [Stat("overall", "", n, orgs, row["mean"], row["median"])]
    for i, dimension in enumerate(dimensions):
        stats.append(
            Stat(dimension.key, dimension.name, n, orgs, row[f"mean_{i}"], row[f"median_{i}"])
        )
    return stats


def grouped(
    scored: QuerySet[AssessmentFact],
    group: str,
    labels: Mapping[Any, str] | None = None,
    orgs: Count | None = None,
    by_label: bool = False,
) -> list[Stat]:
    """Size, mean and median of the overall score per value of ``group`` (one or two queries).

    ``orgs`` counts the organisations (``Filters.organisations``) when ``group`` is an
    attribute of the organisation; else they are counted distinct. ``by_label``: grouped
    on an id (no join), keyed and ordered by its label."""
    annotations: dict[str, Any] = {
        "n": Count("pk"),
        "orgs": orgs or Count("organisation", distinct=True),
        "mean": Avg(overall_expr()),
    }
    if has_median():
        annotations["median"] = Median(overall_expr())
    rows = list(
        scored.annotate(group_key=F(group))
        .values("group_key")
        .annotate(**annotations)
        .order_by("group_key")
    )
    if not has_median():
        values: dict[Any, list[Any]] = defaultdict(list)
        for key, score in scored.annotate(group_key=F(group)).values_list("group_key", "overall"):
            values[key].append(score)
        for row in rows:
            row["median"] = _median(values[row["group_key"]])
    labels = labels or {}
    named = [{**row, "label": str(labels.get(row["group_key"], row["group_key"]))} for row in rows]
    if by_label:
        named.sort(key=lambda row: row["label"])
    return [
        Stat(
            row["label"] if by_label else str(row["group_key"]),
            row["label"],
            row["n"],
            row["orgs"],
            row["mean"],
            row["median"],
        )
        for row in named
    ]


def months(scored: QuerySet[AssessmentFact]) -> list[Stat]:
    rows = (
        scored.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(
            n=Count("pk"), orgs=Count("organisation", distinct=True), mean=Avg(overall_expr())
        )
        .order_by("month")
    )
    return [
        Stat(f"{row['month']:%Y-%m}", f"{row['month']:%m/%Y}", row["n"], row["orgs"], row["mean"])
        for row in rows
    ]


def support_needs(filters: Filters) -> list[Count_]:
    """Organisations asking for each kind of support (one query, conditional counts)."""
    requests = SupportRequest.objects.filter(
        filters.organisation_q() & filters.period_q("created_at")
    ).annotate(needs_text=Cast("needs", TextField()))
    row = requests.aggregate(
        **{
            need: Count("organisation", distinct=True, filter=Q(needs_text__contains=f'"{need}"'))
            for need in SupportRequest.Need.values
        }
    )
    result = [Count_(need, str(label), row[need]) for need, label in SupportRequest.Need.choices]
    return sorted(result, key=lambda c: -c.organisations)


def recommended_actions(filters: Filters) -> list[tuple[str, int]]:
    """Organisations with at least one scored recommendation of each action in the filters.

    A COUNT(DISTINCT organisation) over a million rows costs seconds; instead each row
    knows when the same organisation was last recommended the same action before
    (``previous_at``), and an organisation counts once, on its first row in the period:
    the one whose previous recommendation is older than the period's start (or absent).
    """
    # Under the "how it was made" filter, the previous recommendation made the same way.
    previous = "previous_same_mode_at" if filters.mode else "previous_at"
    first_in_period = Q(**{f"{previous}__isnull": True})
    if filters.date_from:
        zone = timezone.get_current_timezone()
        start = datetime.combine(filters.date_from, time.min, zone)
        first_in_period |= Q(**{f"{previous}__lt": start})
    rows = (
        RecommendedAction.objects.filter(filters.fact_q() & Q(scored=True) & first_in_period)
        .values("rule_key")
        # COUNT(*), not COUNT(id): the unfiltered count is then read from the partial index.
        .annotate(orgs=Count("*"))
        .order_by("-orgs", "rule_key")[:TOP_ACTIONS]
    )
    return [(row["rule_key"], row["orgs"]) for row in rows]


def done_actions(filters: Filters) -> list[tuple[str, int]]:
    period = Q()
    if filters.date_from or filters.date_to:
        if filters.date_from:
            period &= Q(done_on__gte=filters.date_from)
        if filters.date_to:
            period &= Q(done_on__lte=filters.date_to)
    rows = (
        ActionProgress.objects.filter(
            Q(status=ActionStatus.DONE) & filters.organisation_q() & period
        )
        .values("rule_key")
        .annotate(orgs=Count("organisation", distinct=True))
        .order_by("-orgs", "rule_key")[:TOP_ACTIONS]
    )
    return [(row["rule_key"], row["orgs"]) for row in rows]


def rule_titles(keys: Iterable[str]) -> dict[str, str]:
    field_name = "title_en" if active_language() == "en" else "title_vi"
    return dict(RecommendationRule.objects.filter(key__in=set(keys)).values_list("key", field_name))


# Enough for PostgreSQL to sort 100,000 facts in memory (medians, distinct counts) instead
# of on disk; only for the dashboard's own transaction.
DASHBOARD_WORK_MEM = "64MB"


def dashboard(filters: Filters) -> Dashboard:
    """Everything the statistics page shows, in a fixed number of queries, read in one
    transaction (one consistent snapshot) with room to sort in memory on PostgreSQL."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('work_mem', %s, true)", [DASHBOARD_WORK_MEM])
        return _dashboard(filters)


def _dashboard(filters: Filters) -> Dashboard:
    dimensions = current_dimensions()
    submitted = filters.submitted()
    scored = filters.scored()

    started = Assessment.objects.filter(filters.started_q()).count()
    # One pass over the filtered facts, implausible ones included, to say how many were left out.
    plausible = Q(plausible=True)
    totals = filters.all_submitted().aggregate(
        n=Count("pk", filter=plausible),
        orgs=filters.organisations(scored=False, extra=plausible),
        scored=Count("pk", filter=Q(scored=True)),
        implausible=Count("pk", filter=Q(plausible=False)),
        # Assessed twice or more in the period: a row whose previous plausible submission
        # is in the period too (only without the mode filter, see Filters.organisations).
        returning=Count(
            "organisation", distinct=True, filter=plausible & filters.previous_in_period()
        ),
    )
    # Per way of making: every counted assessment, and the scored ones' scores (one query).
    in_scores = Q(scored=True)
    mode_aggregates: dict[str, Any] = {
        "n": Count("pk"),
        "orgs": Count("organisation", distinct=True),
        "scored_n": Count("pk", filter=in_scores),
        "scored_orgs": Count("organisation", distinct=True, filter=in_scores),
        "mean": Avg(overall_expr(), filter=in_scores),
    }
    if has_median():
        mode_aggregates["median"] = Median(overall_expr(), filter=in_scores)
    mode_rows = {
        row["mode"]: row
        for row in submitted.values("mode").annotate(**mode_aggregates).order_by("mode")
    }
    if not has_median():
        mode_scores: dict[Any, list[Any]] = defaultdict(list)
        for mode, score in filters.scored().values_list("mode", "overall"):
            mode_scores[mode].append(score)
        for mode, row in mode_rows.items():
            row["median"] = _median(mode_scores[mode])
    mode_labels = dict(Assessment.Mode.choices)
    by_mode = [
        Stat(
            mode,
            str(mode_labels.get(mode, mode)),
            row["scored_n"],
            row["scored_orgs"],
            row["mean"],
            row["median"],
        )
        for mode, row in mode_rows.items()
        if row["scored_n"]
    ]
    modes = [
        Count_(
            mode,
            str(label),
            mode_rows.get(mode, {}).get("orgs", 0),
            mode_rows.get(mode, {}).get("n", 0),
        )
        for mode, label in Assessment.Mode.choices
    ]
    if filters.mode:
        returning = (
            submitted.values("organisation").annotate(n=Count("pk")).filter(n__gte=2).count()
        )
    else:
        returning = totals["returning"]
    # Plans of the counted assessments: produced (a ready PDF) and downloaded at least once.
    plan_totals = ActionPlan.objects.filter(
        status=ActionPlan.Status.READY, assessment__in=submitted.values("assessment_id")
    ).aggregate(
        plans=Count("assessment", distinct=True),
        downloaded=Count("assessment", distinct=True, filter=Q(download_count__gt=0)),
    )

    scored_orgs = filters.organisations(scored=True)
    summary = score_summary(scored, dimensions, scored_orgs)
    overall, per_dimension = summary[0], summary[1:]
    weakest = sorted(
        (s for s in per_dimension if s.shown_mean is not None), key=lambda s: s.shown_mean
    )[:3]

    level_rows = {
        row["level"]: row
        for row in scored.values("level")
        .annotate(n=Count("pk"), orgs=Count("organisation", distinct=True))
        .order_by("level")
    }
    levels = [
        Stat(
            str(level),
            str(level),
            level_rows.get(level, {}).get("n", 0),
            level_rows.get(level, {}).get("orgs", 0),
        )
        for level in range(6)
    ]

    recommended = recommended_actions(filters)
    done = done_actions(filters)
    titles = rule_titles(key for key, _n in [*recommended, *done])

    sector_label = "name_en" if active_language() == "en" else "name_vi"
    # Grouped on the ids (no join to sort by name), named from these two small lists.
    sectors = dict(Sector.objects.values_list("pk", sector_label))
    units = dict(AdministrativeUnit.objects.values_list("pk", "name"))
    return Dashboard(
        filters=filters,
        started=started,
        submitted=totals["n"],
        organisations=totals["orgs"],
        returning=returning,
        plans=plan_totals["plans"],
        downloaded=plan_totals["downloaded"],
        implausible=totals["implausible"],
        scored=totals["scored"],
        modes=modes,
        overall=overall,
        dimensions=per_dimension,
        weakest=weakest,
        levels=levels,
        by_kind=grouped(scored, "kind", dict(OrganisationKind.choices), scored_orgs),
        by_sector=grouped(scored, "sector_id", sectors, scored_orgs, by_label=True),
        by_unit=grouped(scored, "unit_id", units, scored_orgs, by_label=True),
        by_size=grouped(scored, "size_band", dict(SizeBand.choices), scored_orgs),
        by_mode=by_mode,
        months=months(scored),
        needs=support_needs(filters),
        recommended=[Count_(k, titles.get(k, k), n) for k, n in recommended],
        done=[Count_(k, titles.get(k, k), n) for k, n in done],
    )
