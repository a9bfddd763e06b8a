"""The frozen actions of a plan: their stored shape and typed reading.

``ActionPlan.actions`` is JSON written once, when the plan is requested, with both
languages' texts, so that the web page, the PDF and the dashboard show the same plan
even after staff change the rules. Only this module indexes that JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from assessment.models import Assessment
from cms.i18n import in_language

from . import planning
from .models import ActionPlan


class Text(TypedDict):
    vi: str
    en: str


class LinkData(TypedDict):
    title: Text
    url: str


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
            LinkView(titles=link.get("title") or {}, url=link["url"])
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
    return sorted((_action(a) for a in plan.actions or ()), key=_horizon_first)


def latest_plan(assessment: Assessment) -> ActionPlan | None:
    """The most recently requested plan of ``assessment`` (ties broken by id)."""
    return assessment.action_plans.order_by("-created_at", "-pk").first()
