"""What advisors do: start an assessment with an organisation in a ward they cover, list
what they assisted, and see aggregates for their own wards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from assessment.models import Advisor, Assessment, Dimension, Organisation, Questionnaire
from assessment.results import MIN_PEER_GROUP
from cms.i18n import active_language, localized


def assisted(advisor: Advisor) -> QuerySet[Assessment]:
    """The assessments this advisor made with (or typed in for) organisations: theirs only."""
    return (
        Assessment.objects.filter(assisted_by=advisor.user)
        .exclude(mode=Assessment.Mode.SELF)
        .select_related("organisation", "organisation__administrative_unit")
        .order_by("-created_at", "-pk")
    )


def assisted_for(advisor: Advisor, pk: int) -> Assessment | None:
    return assisted(advisor).filter(pk=pk).first()


def organisations_to_pick(advisor: Advisor) -> QuerySet[Organisation]:
    """Organisations this advisor assisted before, in a ward or commune they still cover."""
    return (
        Organisation.objects.filter(
            assessments__assisted_by=advisor.user,
            administrative_unit__in=advisor.units.all(),
        )
        .select_related("administrative_unit")
        .distinct()
        .order_by("name")
    )


def start_assisted(
    advisor: Advisor, organisation: Organisation | None, questionnaire: Questionnaire
) -> Assessment:
    """A new assisted assessment; with ``organisation`` its profile starts filled in."""
    return Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=organisation,
        language=active_language(),
        created_by=advisor.user,
        mode=Assessment.Mode.ASSISTED,
        assisted_by=advisor.user,
    )


@dataclass
class UnitRow:
    name: str
    organisations: int
    suppressed: bool
    means: list[float | None] = field(default_factory=list)
    dimension_names: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.organisations >= MIN_PEER_GROUP

    @property
    def cells(self) -> list[tuple[str, float | None]]:
        return list(zip(self.dimension_names, self.means, strict=True))


def unit_aggregates(advisor: Advisor) -> tuple[list[str], list[UnitRow]]:
    """Per ward or commune the advisor covers: how many organisations have a submitted
    assessment (their latest one counts), and the mean score per dimension. Groups under
    ``MIN_PEER_GROUP`` organisations are suppressed (shown as "< 5", no means); no total
    row, so a hidden ward cannot be worked out from the others."""
    questionnaire = Questionnaire.current()
    dimensions = (
        list(Dimension.objects.filter(questionnaire=questionnaire).order_by("sort_order", "pk"))
        if questionnaire
        else []
    )
    names = [localized(d, "name") for d in dimensions]
    keys = [d.key for d in dimensions]
    units = list(advisor.units.order_by("sort_order", "name"))
    latest: dict[int, tuple[int, dict]] = {}
    rows_of = (
        Assessment.objects.plausible()
        .filter(
            consent_statistics=True,
            organisation__administrative_unit__in=units,
        )
        .order_by("organisation_id", "-submitted_at", "-pk")
        .values_list("organisation_id", "organisation__administrative_unit_id", "dimension_scores")
    )
    for organisation_id, unit_id, scores in rows_of:
        latest.setdefault(organisation_id, (unit_id, scores or {}))
    rows = []
    for unit in units:
        scores = [s for unit_id, s in latest.values() if unit_id == unit.pk]
        count = len(scores)
        row = UnitRow(
            name=unit.name,
            organisations=count,
            suppressed=0 < count < MIN_PEER_GROUP,
            dimension_names=names,
        )
        for key in keys:
            values = [float(s[key]) for s in scores if s.get(key) is not None]
            shown = count >= MIN_PEER_GROUP and values
            row.means.append(sum(values) / len(values) if shown else None)
        rows.append(row)
    return names, rows
