"""Turn a stored action plan into the plain document the PDF renderer takes.

Everything Django-side happens here (database reads, settings, URL reversing, gettext);
the renderer in ``recommendations.pdf`` only draws what it is given.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from assessment.results import MIN_PEER_GROUP, peer_dimension_medians
from assessment.snapshot import Snapshot
from cms.guidance import topic_list_urls
from cms.i18n import normalise_language
from cms.models import SupportCenterSettings
from cms.vocabulary import OrganisationKind

from .labels import plan_labels
from .models import ActionPlan
from .pdf.document import DimensionRow, Link, PlanAction, PlanDocument, SupportContact
from .plans import plan_actions


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def support_contact(language: str) -> SupportContact:
    """The support center's details from the site settings, in ``language``."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    center = SupportCenterSettings.for_site(site) if site else SupportCenterSettings()
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
    language = normalise_language(plan.language)
    snapshot = Snapshot.of(assessment)
    organisation = snapshot.organisation
    level = snapshot.level(assessment.level)
    group_size, medians = peer_dimension_medians(assessment)
    show_peers = group_size >= MIN_PEER_GROUP
    dimension_names = snapshot.dimension_names(language)
    with translation.override(language):
        kind = str(dict(OrganisationKind.choices).get(organisation.kind, ""))
        guidance = topic_list_urls(list(dimension_names), language)
        # The read-only share link, never the resume link (a key to the assessment).
        results_path = reverse("assessment:shared_results", args=[assessment.ensure_share_token()])
    actions = tuple(
        PlanAction(
            title=a.title(language),
            explanation=a.explanation(language),
            dimension_name=dimension_names.get(a.dimension, a.dimension),
            horizon=a.horizon,
            effort=a.effort,
            cost=a.cost,
            quick_win=a.quick_win,
            priority=a.priority,
            links=tuple(Link(link.title(language), link.url) for link in a.links),
            guidance_url=_absolute(guidance.get(a.dimension, "")),
        )
        for a in plan_actions(plan)
    )
    return PlanDocument(
        language=language,
        organisation_name=organisation.name,
        organisation_kind=kind,
        area=organisation.area_name,
        sector=organisation.sector_name(language),
        assessed_on=timezone.localdate(assessment.submitted_at)
        if assessment.submitted_at
        else timezone.localdate(),
        generated_on=timezone.localdate(),
        overall_score=float(assessment.overall_score)
        if assessment.overall_score is not None
        else None,
        level=assessment.level,
        level_name=level.name(language) if level else "",
        level_description=level.description(language) if level else "",
        dimensions=tuple(
            DimensionRow(
                key=d.key,
                name=d.name(language),
                score=assessment.dimension_scores.get(d.key),
                peer_median=medians.get(d.key) if show_peers else None,
                weight=d.weight,
            )
            for d in snapshot.dimensions
        ),
        actions=actions,
        contact=support_contact(language),
        labels=plan_labels(language),
        peer_group_size=group_size if show_peers else 0,
        results_url=_absolute(results_path),
    )
