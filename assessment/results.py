"""What the results page shows, derived from the frozen snapshot of a submitted assessment."""

from __future__ import annotations

import statistics
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from .models import Assessment, in_language

MIN_PEER_GROUP = 5


def peer_queryset(assessment: Assessment) -> tuple[str, QuerySet[Assessment] | None]:
    """The narrowest peer group with at least five members.

    Tries the same kind, sector and area; then kind and sector; then kind; then the
    whole province. Only submitted assessments whose owners consented count.
    """
    base: QuerySet[Assessment] = Assessment.objects.filter(
        status=Assessment.Status.SUBMITTED,
        consent_statistics=True,
        questionnaire__key=assessment.questionnaire.key,
        overall_score__isnull=False,
    )
    org = assessment.organisation
    groups: list[tuple[str, QuerySet[Assessment]]] = []
    if org is not None:
        groups = [
            (
                "kind_sector_area",
                base.filter(
                    organisation__kind=org.kind,
                    organisation__sector_id=org.sector_id,
                    organisation__administrative_unit_id=org.administrative_unit_id,
                ),
            ),
            (
                "kind_sector",
                base.filter(organisation__kind=org.kind, organisation__sector_id=org.sector_id),
            ),
            ("kind", base.filter(organisation__kind=org.kind)),
        ]
    groups.append(("province", base))
    for name, queryset in groups:
        if queryset[:MIN_PEER_GROUP].count() >= MIN_PEER_GROUP:
            return name, queryset
    return "", None


def peer_group(assessment: Assessment) -> tuple[str, list[float]]:
    """The peer group's name and its overall scores (empty when too small to show)."""
    name, queryset = peer_queryset(assessment)
    if queryset is None:
        return "", []
    return name, [float(s) for s in queryset.values_list("overall_score", flat=True)]


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


def percentile_of(score: float, scores: list[float]) -> int:
    """Share of the group below ``score``, counting ties as half, in whole percent."""
    below = sum(1 for s in scores if s < score)
    equal = sum(1 for s in scores if s == score)
    return round(100 * (below + equal / 2) / len(scores))


def guidance_for(dimension_keys: list[str], language: str) -> dict[str, str]:
    """URL of the guidance topic tied to each dimension key, where the CMS has one."""
    try:
        topic_model = apps.get_model("cms", "Topic")
    except LookupError:
        return {}
    finder = getattr(topic_model, "guidance_urls_for_dimensions", None)
    return finder(list(dimension_keys), language) if finder else {}


def build_results(assessment: Assessment, language: str) -> dict[str, Any]:
    snapshot = assessment.snapshot
    overall = float(assessment.overall_score) if assessment.overall_score is not None else None
    levels = snapshot.get("levels", [])
    level = next((lv for lv in levels if lv["level"] == assessment.level), None)
    next_level = next((lv for lv in levels if lv["level"] == (assessment.level or 0) + 1), None)
    dimensions = [
        {
            "key": d["key"],
            "name": in_language(d["name"], language),
            "weight": d["weight"],
            "score": assessment.dimension_scores.get(d["key"]),
            "answered": len(d["questions"]),
        }
        for d in snapshot.get("dimensions", [])
    ]
    scored = [d for d in dimensions if d["score"] is not None]
    ranked = sorted(scored, key=lambda d: (-d["score"], d["key"]))
    links = guidance_for([d["key"] for d in dimensions], language)
    for d in dimensions:
        d["guidance_url"] = links.get(d["key"], "")
    group, scores = peer_group(assessment)
    benchmark = None
    if scores and overall is not None:
        benchmark = {
            "group": group,
            "size": len(scores),
            "median": round(statistics.median(scores), 1),
            "percentile": percentile_of(overall, scores),
        }
    return {
        "assessment": assessment,
        "organisation_name": snapshot.get("organisation", {}).get("name", ""),
        "overall": overall,
        "level": level["level"] if level else None,
        "level_name": in_language(level["name"], language) if level else "",
        "level_description": in_language(level.get("description"), language) if level else "",
        "next_level": (
            {
                "level": next_level["level"],
                "name": in_language(next_level["name"], language),
                "min_score": next_level["min_score"],
            }
            if next_level
            else None
        ),
        "levels": [
            {
                "level": lv["level"],
                "name": in_language(lv["name"], language),
                "min_score": lv["min_score"],
            }
            for lv in levels
        ],
        "dimensions": dimensions,
        "strongest": ranked[:3],
        "weakest": list(reversed(ranked[-3:])) if len(ranked) > 3 else list(reversed(ranked)),
        "benchmark": benchmark,
        "min_peer_group": MIN_PEER_GROUP,
    }
