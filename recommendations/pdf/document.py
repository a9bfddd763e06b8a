"""Plain data the PDF action plan is drawn from.

These objects carry no behaviour and know nothing about Django: the plan builder
(``recommendations.adapter``) fills them from the database, and
:func:`recommendations.pdf.render.render_plan_pdf` turns them into bytes. All strings are
shown as typed (they are escaped and NFC-normalised by the renderer).

The keys of :attr:`PlanAction.horizon` are ``recommendations.planning.HORIZONS``; those of
effort, cost and priority are the keys of the matching :class:`~.labels.Labels` mappings
(the model choices). Values without a label are printed as given.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .labels import Labels


@dataclass(frozen=True)
class Link:
    """A titled link to a guidance page or a public service."""

    title: str
    url: str


@dataclass(frozen=True)
class Offer:
    """A programme or service that can help with an action."""

    name: str
    provider: str  # "center" | "city" | "national" (keys of Labels.providers)
    description: str = ""
    contact: str = ""
    url: str = ""
    to_be_confirmed: bool = True  # details not yet checked by staff


@dataclass(frozen=True)
class PlanAction:
    """One recommended action of the plan."""

    title: str
    explanation: str
    dimension_name: str
    horizon: str  # "now" | "30d" | "90d" | "6m"
    effort: str  # "low" | "medium" | "high"
    cost: str  # "free" | "low" | "medium" | "high"
    quick_win: bool
    priority: int  # 1 high, 2 medium, 3 low
    links: tuple[Link, ...] = ()
    guidance_url: str = ""  # absolute URL of the guidance page; printed with a QR code
    guidance_title: str = ""  # the page's title ("" for the topic list fallback)
    guidance_other_language: bool = False  # the page is not in the document's language
    owner: str = ""  # the person in charge the manager named ("" = a line to write on)
    due_on: datetime.date | None = None  # set by the manager, or the horizon's default
    cost_min_vnd: int | None = None  # indicative cost in VND; None = not known
    cost_max_vnd: int | None = None
    cost_confirmed: bool = False  # False: printed as to be confirmed by the center
    duration: str = ""  # the usual time it takes, as printed (see ``duration_text``)
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True)
class DimensionRow:
    """The score of one dimension (0–100), with the peer median when there is one."""

    key: str
    name: str
    score: float | None
    peer_median: float | None = None
    weight: float = 1.0
    target_level: int | None = None  # the level the manager aims for, if set
    # "What the next level looks like" for a weak dimension: its number, name and text.
    next_level: int | None = None
    next_level_name: str = ""
    next_level_text: str = ""


@dataclass(frozen=True)
class SupportContact:
    """How to reach the business support center; printed on the last page."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    website: str = ""


@dataclass(frozen=True)
class PlanDocument:
    """Everything one action-plan PDF shows, in one language.

    ``actions`` are printed in the order given within each horizon (the plan builder
    orders them); ``level`` is shown as "level / level_max". ``labels`` are the fixed words
    in ``language``. The peer comparison is shown when ``peer_group_size`` > 0: the plan
    builder sends 0 when the group is too small to compare with.
    """

    language: str  # "vi" or "en"
    organisation_name: str
    organisation_kind: str
    area: str
    sector: str
    assessed_on: datetime.date
    generated_on: datetime.date
    overall_score: float | None
    level: int | None
    level_name: str
    level_description: str
    dimensions: tuple[DimensionRow, ...]
    actions: tuple[PlanAction, ...]
    contact: SupportContact
    labels: Labels
    peer_group_size: int = 0  # 0 = no benchmark shown
    results_url: str = ""
    html_url: str = ""  # the same plan as an accessible web page
    assisted_by: str = ""  # "Name (team)" of the advisor it was made with ("" = self-made)
    # The claim code the advisor handed over, where to type it and until when ("" = none).
    claim_code: str = ""
    claim_url: str = ""
    claim_until: datetime.date | None = None
    level_max: int = 5
