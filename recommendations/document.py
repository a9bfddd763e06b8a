"""Turn a stored action plan into the plain document the PDF renderer takes."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from assessment.models import OrganisationKind, in_language
from assessment.results import guidance_for, peer_dimension_medians

from .models import ActionPlan
from .pdf.document import DimensionRow, Link, PlanAction, PlanDocument, SupportContact


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def support_contact(language: str) -> SupportContact:
    """The support center's details from the site settings, in ``language``."""
    from wagtail.models import Site

    from cms.models import SupportCenterSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return SupportContact(name="Trung tâm Hỗ trợ doanh nghiệp")
    center = SupportCenterSettings.for_site(site)
    english = language == "en"
    return SupportContact(
        name=(center.name_en or center.name) if english else center.name,
        address=center.address,
        phone=center.phone,
        email=center.email,
        opening_hours=(center.opening_hours_en or center.opening_hours)
        if english
        else center.opening_hours,
        website=settings.WAGTAILADMIN_BASE_URL,
    )


def plan_document(plan: ActionPlan) -> PlanDocument:
    """Everything the PDF shows, from the plan's frozen actions and the assessment's snapshot."""
    assessment = plan.assessment
    language = plan.language if plan.language in ("vi", "en") else "vi"
    snapshot = assessment.snapshot
    organisation = snapshot.get("organisation", {})
    levels = {lv["level"]: lv for lv in snapshot.get("levels", [])}
    level = levels.get(assessment.level)
    group_size, medians = peer_dimension_medians(assessment)
    show_peers = group_size >= 5
    dimension_names = {
        d["key"]: in_language(d["name"], language) for d in snapshot.get("dimensions", [])
    }
    with translation.override(language):
        kind = str(dict(OrganisationKind.choices).get(organisation.get("kind"), ""))
        guidance = guidance_for(list(dimension_names), language)
        results_path = reverse("assessment:results", args=[assessment.token])
    actions = tuple(
        PlanAction(
            title=in_language(a["title"], language),
            explanation=in_language(a["explanation"], language),
            dimension_name=dimension_names.get(a["dimension"], a["dimension"]),
            horizon=a["horizon"],
            effort=a["effort"],
            cost=a["cost"],
            quick_win=a["quick_win"],
            priority=a["priority"],
            links=tuple(
                Link(in_language(link["title"], language), link["url"]) for link in a["links"]
            ),
            guidance_url=_absolute(guidance.get(a["dimension"], "")),
        )
        for a in plan.actions
    )
    return PlanDocument(
        language=language,
        organisation_name=organisation.get("name", ""),
        organisation_kind=kind,
        area=organisation.get("administrative_unit_name", ""),
        sector=in_language(organisation.get("sector_name"), language),
        assessed_on=timezone.localdate(assessment.submitted_at)
        if assessment.submitted_at
        else timezone.localdate(),
        generated_on=timezone.localdate(),
        overall_score=float(assessment.overall_score)
        if assessment.overall_score is not None
        else None,
        level=assessment.level,
        level_name=in_language(level["name"], language) if level else "",
        level_description=in_language(level.get("description"), language) if level else "",
        dimensions=tuple(
            DimensionRow(
                key=d["key"],
                name=in_language(d["name"], language),
                score=assessment.dimension_scores.get(d["key"]),
                peer_median=medians.get(d["key"]) if show_peers else None,
                weight=d["weight"],
            )
            for d in snapshot.get("dimensions", [])
        ),
        actions=actions,
        contact=support_contact(language),
        peer_group_size=group_size if show_peers else 0,
        results_url=_absolute(results_path),
    )
