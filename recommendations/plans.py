"""The frozen actions of a plan: their stored shape and typed reading.

``ActionPlan.actions`` is JSON written once, when the plan is requested, with both
languages' texts, so that the web page, the PDF and the dashboard show the same plan
even after staff change the rules. Only this module indexes that JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, NotRequired, TypedDict

from assessment.models import Assessment
from cms import content
from cms.i18n import in_language
from cms.provenance import ExternalLink, normalise_url

from . import planning
from .models import ActionPlan


class Text(TypedDict):
    vi: str
    en: str


class LinkData(TypedDict):
    title: Text
    url: str
    # The ExternalLink record the rule's link was tied to (absent in older plans).
    external_link: NotRequired[int | None]


class GuidancePageData(TypedDict):
    title: Text
    page_id: int


class CostData(TypedDict):
    min: int | None
    max: int | None
    confirmed: bool


class ActionData(TypedDict):
    rule: str
    dimension: str
    title: Text
    explanation: Text
    priority: int
    horizon: str
    effort: str
    cost: str
    quick_win: bool
    gap: float
    links: list[LinkData]
    guidance_pages: list[GuidancePageData]
    cost_vnd: CostData
    duration: Text
    support_offers: list[int]


@dataclass(frozen=True)
class LinkView:
    titles: Mapping[str, str]
    url: str
    external_link: int | None = None

    def title(self, language: str | None = None) -> str:
        return in_language(self.titles, language)


@dataclass(frozen=True)
class ActionView:
    rule: str
    dimension: str
    titles: Mapping[str, str]
    explanations: Mapping[str, str]
    priority: int
    horizon: str
    effort: str
    cost: str
    quick_win: bool
    gap: float
    links: tuple[LinkView, ...]
    guidance_page_ids: tuple[int, ...]
    # Indicative cost in VND (None: not known), whether staff checked it, usual duration.
    cost_min_vnd: int | None = None
    cost_max_vnd: int | None = None
    cost_confirmed: bool = False
    durations: Mapping[str, str] | None = None
    duration_confirmed: bool = False
    support_offer_ids: tuple[int, ...] = ()

    def duration(self, language: str | None = None) -> str:
        return in_language(self.durations, language) if self.durations else ""

    def title(self, language: str | None = None) -> str:
        return in_language(self.titles, language)

    def explanation(self, language: str | None = None) -> str:
        return in_language(self.explanations, language)


def _action(data: Mapping[str, Any]) -> ActionView:
    return ActionView(
        rule=data["rule"],
        dimension=data["dimension"],
        titles=data.get("title") or {},
        explanations=data.get("explanation") or {},
        priority=int(data.get("priority", 2)),
        horizon=data["horizon"],
        effort=data.get("effort", ""),
        cost=data.get("cost", ""),
        quick_win=bool(data.get("quick_win")),
        gap=float(data.get("gap", 0)),
        links=tuple(
            LinkView(
                titles=link.get("title") or {},
                url=link["url"],
                external_link=link.get("external_link"),
            )
            for link in data.get("links") or ()
        ),
        guidance_page_ids=tuple(g["page_id"] for g in data.get("guidance_pages") or ()),
        cost_min_vnd=(data.get("cost_vnd") or {}).get("min"),
        cost_max_vnd=(data.get("cost_vnd") or {}).get("max"),
        cost_confirmed=bool((data.get("cost_vnd") or {}).get("confirmed")),
        durations=data.get("duration") or None,
        duration_confirmed=bool(data.get("duration_confirmed")),
        support_offer_ids=tuple(data.get("support_offers") or ()),
    )


def _horizon_first(action: ActionView) -> tuple[int, bool]:
    known = action.horizon in planning.HORIZONS
    return (
        planning.HORIZONS.index(action.horizon) if known else len(planning.HORIZONS),
        not action.quick_win,
    )


def plan_actions(plan: ActionPlan) -> list[ActionView]:
    """The plan's actions in their one order, the order the plan builder chose
    (``planning.order_key``), which every view prints as given.

    Plans frozen before the builder grouped by horizon are grouped here the same way
    (a stable sort, so a current plan comes back exactly as stored).
    """
    return with_current_links(frozen_actions(plan))


def frozen_actions(plan: ActionPlan) -> list[ActionView]:
    """The plan's actions in their one order with their links as frozen (no query): for
    readers that use neither the links nor their titles."""
    return sorted((_action(a) for a in plan.actions or ()), key=_horizon_first)


def with_current_links(actions: list[ActionView]) -> list[ActionView]:
    """``actions`` with each link as its ExternalLink record says today.

    A link frozen with a record id (or, in plans frozen before links had records, with
    the address of a record) is printed with the record's current title and address, and
    left out when the record is broken or retired (:attr:`ExternalLink.is_printable`).
    A link with no record is printed as frozen.
    """
    if not any(action.links for action in actions):
        return actions
    by_id, by_url = content.remember(None, ("external-links",), _link_records)
    current = []
    for action in actions:
        links = []
        for link in action.links:
            record = by_id.get(link.external_link) or by_url.get(normalise_url(link.url))
            if record is None:
                links.append(link)
            elif record.is_printable:
                titles = {"vi": record.title_in("vi"), "en": record.title_in("en")}
                links.append(LinkView(titles=titles, url=record.url, external_link=record.pk))
        current.append(replace(action, links=tuple(links)))
    return current


def _link_records() -> tuple[dict[int, ExternalLink], dict[str, ExternalLink]]:
    """The link records by id and by address, read once per content version in this
    process (a record's save or deletion, and a link check, bump the version)."""
    records = list(ExternalLink.objects.all())
    return (
        {record.pk: record for record in records},
        {normalise_url(record.url): record for record in records},
    )


def latest_plan(assessment: Assessment) -> ActionPlan | None:
    """The most recently requested plan of ``assessment`` (ties broken by id)."""
    return assessment.action_plans.order_by("-created_at", "-pk").first()
