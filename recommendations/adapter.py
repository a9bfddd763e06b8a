"""Turn a stored action plan into the plain document the PDF renderer takes.

Everything Django-side happens here (database reads, settings, URL reversing, gettext);
the renderer in ``recommendations.pdf`` only draws what it is given.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from assessment.claimcodes import code_of, live_code
from assessment.models import ActionProgress, Assessment, DimensionTarget, NextLevelText
from assessment.results import MIN_PEER_GROUP, advisor_credit, peer_dimension_medians
from assessment.snapshot import Snapshot
from cms.guidance import guidance_links, topic_list_urls
from cms.i18n import normalise_language
from cms.models import SupportCenterSettings
from cms.siteurl import absolute_url
from cms.vocabulary import OrganisationKind

from .labels import plan_labels
from .models import ActionPlan, SupportOffer
from .offers import offers_for
from .pdf.document import (
    DimensionRow,
    Link,
    Offer,
    PlanAction,
    PlanDocument,
    SupportContact,
)
from .pdf.sections import duration_text
from .planning import default_due
from .plans import plan_actions


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
        website=absolute_url("/"),
    )


WEAK_DIMENSIONS_SHOWN = 3


def _offer(offer: SupportOffer, language: str) -> Offer:
    english = language == "en"
    return Offer(
        name=(offer.name_en or offer.name_vi) if english else offer.name_vi,
        provider=offer.provider,
        description=(offer.description_en or offer.description_vi)
        if english
        else offer.description_vi,
        contact=offer.contact,
        url=offer.url,
        to_be_confirmed=offer.to_be_confirmed,
    )


def _progress(assessment: Assessment) -> dict[str, tuple[str, datetime.date | None]]:
    """Rule key → (person in charge, due date) the organisation's managers set."""
    if not assessment.organisation_id:
        return {}
    return {
        p.rule_key: (p.owner, p.due_on)
        for p in ActionProgress.objects.filter(organisation_id=assessment.organisation_id)
    }


def _level_of(snapshot: Snapshot, score: float | None) -> int | None:
    if score is None:
        return None
    reached = [lv.level for lv in snapshot.levels if score >= lv.min_score]
    return max(reached) if reached else None


def _dimension_rows(
    assessment: Assessment, snapshot: Snapshot, language: str, medians: dict[str, float]
) -> tuple[DimensionRow, ...]:
    """Scores, peer medians and targets per dimension; for the weakest ones, what their next
    level looks like (staff-kept texts, ``NextLevelText``)."""
    targets = (
        {
            t.dimension_key: t.target_level
            for t in DimensionTarget.objects.filter(organisation_id=assessment.organisation_id)
        }
        if assessment.organisation_id
        else {}
    )
    top = max((lv.level for lv in snapshot.levels), default=0)
    scored = [
        (score, d.key)
        for d in snapshot.dimensions
        if (score := assessment.dimension_scores.get(d.key)) is not None
    ]
    next_levels: dict[str, int] = {}
    for score, key in sorted(scored)[:WEAK_DIMENSIONS_SHOWN]:
        level = _level_of(snapshot, score)
        if level is not None and level < top:
            next_levels[key] = level + 1
    texts = {
        (t.dimension_key, t.level): t
        for t in NextLevelText.objects.filter(
            dimension_key__in=list(next_levels), level__in=set(next_levels.values())
        )
    }
    rows = []
    for d in snapshot.dimensions:
        number = next_levels.get(d.key)
        text = texts.get((d.key, number)) if number is not None else None
        level = snapshot.level(number) if text else None
        rows.append(
            DimensionRow(
                key=d.key,
                name=d.name(language),
                score=assessment.dimension_scores.get(d.key),
                peer_median=medians.get(d.key),
                weight=d.weight,
                target_level=targets.get(d.key),
                next_level=number if text else None,
                next_level_name=level.name(language) if level else "",
                next_level_text=(
                    (text.text_en or text.text_vi) if language == "en" else text.text_vi
                )
                if text
                else "",
            )
        )
    return tuple(rows)


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
        # The read-only share link, never the resume link: a forwarded PDF carries no key.
        # (The accessible HTML plan is linked from the results page, behind the key.)
        results_path = reverse("assessment:shared_results", args=[assessment.ensure_share_token()])
        # The code the advisor hands over, printed with where to type it (assisted only).
        claim = live_code(assessment) if assessment.assisted_by_id else None
        claim_path = reverse("claim:form") if claim else ""
    chosen = plan_actions(plan)
    pages = guidance_links([i for a in chosen for i in a.guidance_page_ids], language)
    assessed_on = (
        timezone.localdate(assessment.submitted_at)
        if assessment.submitted_at
        else timezone.localdate()
    )
    progress = _progress(assessment)
    offers = offers_for(
        [i for a in chosen for i in a.support_offer_ids], organisation, timezone.localdate()
    )
    labels = plan_labels(language)
    actions = []
    for a in chosen:
        page = next((pages[i] for i in a.guidance_page_ids if i in pages), None)
        owner, due_on = progress.get(a.rule, ("", None))
        actions.append(
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
                # The page staff chose for the rule; the topic's list only when none is live.
                guidance_url=absolute_url(page.url if page else guidance.get(a.dimension, "")),
                guidance_title=page.title if page else "",
                guidance_other_language=page.other_language if page else False,
                owner=owner,
                due_on=due_on or default_due(a.horizon, assessed_on),
                cost_min_vnd=a.cost_min_vnd,
                cost_max_vnd=a.cost_max_vnd,
                cost_confirmed=a.cost_confirmed,
                duration=duration_text(a.duration(language), a.duration_confirmed, labels),
                offers=tuple(
                    _offer(offers[i], language) for i in a.support_offer_ids if i in offers
                ),
            )
        )
    return PlanDocument(
        language=language,
        organisation_name=organisation.name,
        organisation_kind=kind,
        area=organisation.area_name,
        sector=organisation.sector_name(language),
        assessed_on=assessed_on,
        generated_on=timezone.localdate(),
        overall_score=float(assessment.overall_score)
        if assessment.overall_score is not None
        else None,
        level=assessment.level,
        level_name=level.name(language) if level else "",
        level_description=level.description(language) if level else "",
        dimensions=_dimension_rows(assessment, snapshot, language, medians if show_peers else {}),
        actions=tuple(actions),
        contact=support_contact(language),
        labels=labels,
        peer_group_size=group_size if show_peers else 0,
        results_url=absolute_url(results_path),
        assisted_by=advisor_credit(assessment),
        claim_code=code_of(claim),
        claim_url=absolute_url(claim_path) if claim else "",
        claim_until=timezone.localdate(claim.expires_at) if claim else None,
    )
