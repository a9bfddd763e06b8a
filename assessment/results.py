"""What the results page shows, derived from the frozen snapshot of a submitted assessment."""

from __future__ import annotations

import functools
import statistics
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet

from cms.guidance import topic_list_urls

from .models import Advisor, Assessment
from .snapshot import Snapshot

#: Peer figures are shown only for a group of at least this many submitted assessments.
MIN_PEER_GROUP = 5


def _peers(questionnaire_key: str) -> QuerySet[Assessment]:
    return Assessment.objects.plausible().filter(
        consent_statistics=True,
        questionnaire__key=questionnaire_key,
        overall_score__isnull=False,
    )


# Stand for the questionnaire's key, a kind, a sector and an area while the SQL is compiled.
_SOME_KEY, _SOME_KIND = "\x00questionnaire", "\x00kind"
_SOME_SECTOR, _SOME_UNIT = -7_000_001, -7_000_002
_GROUPS = {
    "kind_sector_area": {
        "organisation__kind": _SOME_KIND,
        "organisation__sector_id": _SOME_SECTOR,
        "organisation__administrative_unit_id": _SOME_UNIT,
    },
    "kind_sector": {"organisation__kind": _SOME_KIND, "organisation__sector_id": _SOME_SECTOR},
    "kind": {"organisation__kind": _SOME_KIND},
    "province": {},
}


@functools.lru_cache(maxsize=8)
def _enough_sql(min_seconds: float, vendor: str) -> tuple[str, tuple]:
    """Whether each peer group has five members, in one statement: each group's members
    are read up to the fifth only, so the province and the kind cost no more than a ward
    (the narrow groups go by the organisation's indexes) however many assessments there
    are. Compiled once per process with stand-ins where the values go: compiling the ORM
    aggregate anew was a tenth of the results page (#16)."""
    parts, params = [], []
    for name, condition in _GROUPS.items():
        members = _peers(_SOME_KEY).filter(**condition).order_by().values("pk")
        sql, group_params = members[:MIN_PEER_GROUP].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) {name})")  # noqa: S608 (ORM SQL)
        params += group_params
    stand_ins = (_SOME_KEY, _SOME_KIND, _SOME_SECTOR, _SOME_UNIT)
    if not all(value in params for value in stand_ins):
        raise RuntimeError("peer groups: a stand-in is missing from the parameters")
    return "SELECT " + ", ".join(parts), tuple(params)


def _stand_in_values(assessment: Assessment) -> dict[Any, Any]:
    """What each stand-in means for ``assessment`` (None without an organisation)."""
    org = assessment.organisation
    return {
        _SOME_KEY: assessment.questionnaire.key,
        _SOME_KIND: org.kind if org else None,
        _SOME_SECTOR: org.sector_id if org else None,
        _SOME_UNIT: org.administrative_unit_id if org else None,
    }


def _group_sizes(values: dict[Any, Any]) -> dict[str, int]:
    """Each peer group's size, counted up to five (all that decides which is shown)."""
    sql, params = _enough_sql(float(settings.PLAUSIBLE_MIN_SECONDS), connection.vendor)
    bound = [values.get(p, p) if isinstance(p, str | int) else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        return dict(zip(_GROUPS, cursor.fetchone(), strict=True))


def peer_queryset(assessment: Assessment) -> tuple[str, QuerySet[Assessment] | None]:
    """The narrowest peer group with at least five members.

    Tries the same kind, sector and area; then kind and sector; then kind; then the
    whole province (the only group of an assessment without an organisation). Only
    plausible submitted assessments (see ``AssessmentQuerySet.plausible``) whose owners
    consented count.
    """
    values = _stand_in_values(assessment)
    sizes = _group_sizes(values)
    for name, condition in _GROUPS.items():
        if condition and assessment.organisation is None:
            continue
        if sizes[name] >= MIN_PEER_GROUP:
            own = {field: values[stand_in] for field, stand_in in condition.items()}
            return name, _peers(assessment.questionnaire.key).filter(**own)
    return "", None


def peer_benchmark(assessment: Assessment) -> dict[str, Any] | None:
    """The narrowest big enough peer group's name and size, its median overall score and
    where this assessment's score stands in it (None when no group is big enough).

    Counted in the database: a province-wide group may hold tens of thousands of scores,
    of which two are read (the middle ones)."""
    score = assessment.overall_score
    name, queryset = peer_queryset(assessment)
    if queryset is None or score is None:
        return None
    counts = queryset.aggregate(
        size=Count("pk"),
        below=Count("pk", filter=Q(overall_score__lt=score)),
        equal=Count("pk", filter=Q(overall_score=score)),
    )
    size = counts["size"]
    if not size:
        return None  # the group shrank since it was counted (a deletion in between)
    ordered = queryset.order_by("overall_score").values_list("overall_score", flat=True)
    middle = [float(value) for value in ordered[(size - 1) // 2 : size // 2 + 1]]
    return {
        "group": name,
        "size": size,
        "median": round(statistics.fmean(middle), 1),
        "percentile": share_below(counts["below"], counts["equal"], size),
    }


def peer_dimension_medians(assessment: Assessment) -> tuple[int, dict[str, float]]:
    """Group size and the median score of each dimension in the peer group."""
    _name, queryset = peer_queryset(assessment)
    if queryset is None:
        return 0, {}
    by_dimension: dict[str, list[float]] = {}
    size = 0
    for scores in queryset.values_list("dimension_scores", flat=True):
        size += 1
        for key, value in (scores or {}).items():
            if value is not None:
                by_dimension.setdefault(key, []).append(float(value))
    return size, {key: round(statistics.median(v), 1) for key, v in by_dimension.items()}


def share_below(below: int, equal: int, size: int) -> int:
    """``below`` of ``size`` under a score and ``equal`` on it, ties counted as half, in
    whole percent."""
    return round(100 * (below + equal / 2) / size)


def advisor_credit(assessment: Assessment) -> str:
    """ "Name (team)" of the advisor an assisted or paper assessment was made with; "" else."""
    if assessment.mode == Assessment.Mode.SELF or assessment.assisted_by is None:
        return ""
    user = assessment.assisted_by
    name = user.get_full_name() or user.get_username()
    team = Advisor.objects.filter(user=user).values_list("team", flat=True).first()
    return f"{name} ({team})" if team else name


def build_results(assessment: Assessment, language: str) -> dict[str, Any]:
    snapshot = Snapshot.of(assessment)
    overall = float(assessment.overall_score) if assessment.overall_score is not None else None
    level = snapshot.level(assessment.level)
    next_level = snapshot.level((assessment.level or 0) + 1)
    dimensions = [
        {
            "key": d.key,
            "name": d.name(language),
            "weight": d.weight,
            "score": assessment.dimension_scores.get(d.key),
            "answered": d.answered,
        }
        for d in snapshot.dimensions
    ]
    scored = [d for d in dimensions if d["score"] is not None]
    ranked = sorted(scored, key=lambda d: (-d["score"], d["key"]))
    links = topic_list_urls([d["key"] for d in dimensions], language)
    for d in dimensions:
        d["guidance_url"] = links.get(d["key"], "")
    benchmark = peer_benchmark(assessment)
    return {
        "assessment": assessment,
        "organisation_name": snapshot.organisation.name,
        "overall": overall,
        "level": level.level if level else None,
        "level_name": level.name(language) if level else "",
        "level_description": level.description(language) if level else "",
        "next_level": (
            {
                "level": next_level.level,
                "name": next_level.name(language),
                "min_score": next_level.min_score,
            }
            if next_level
            else None
        ),
        "levels": [
            {"level": lv.level, "name": lv.name(language), "min_score": lv.min_score}
            for lv in snapshot.levels
        ],
        "dimensions": dimensions,
        "strongest": ranked[:3],
        "weakest": list(reversed(ranked[-3:])) if len(ranked) > 3 else list(reversed(ranked)),
        "benchmark": benchmark,
        "min_peer_group": MIN_PEER_GROUP,
        "advisor_credit": advisor_credit(assessment),
    }
