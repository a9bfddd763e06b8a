"""Every fixed word the action-plan PDF prints, in one language.

The renderer holds no human-language text of its own: it prints these fields and the
document's data. :func:`recommendations.labels.plan_labels` fills them from the translation
catalogues; the defaults below are the English text (the gettext msgids), so ``Labels()`` is
a complete English set that needs no Django (tests, layout previews).

Fields are plain text: the renderer escapes them. Some are :meth:`str.format` templates;
their placeholders are listed beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Dates: {day}, {month}, {year} (numbers; format specs allowed) and {month_name}. One
# format in every language, as on the web pages and charts: 30/11/2026.
DATE_FORMAT = "{day:02d}/{month:02d}/{year}"


def _frozen(mapping: Mapping) -> Mapping:
    return field(default_factory=lambda: MappingProxyType(dict(mapping)))


@dataclass(frozen=True)
class Labels:
    """The fixed text of one plan PDF (English defaults)."""

    # Document metadata
    language_tag: str = "en"  # BCP 47 tag of the PDF (/Lang), e.g. "vi-VN"
    short_title: str = "Digital transformation action plan"  # running header, title; cover kicker
    subject: str = "Digital-readiness self-assessment results and action plan"
    creator: str = "Digital-readiness self-assessment portal"
    page: str = "Page {page} of {total}"  # {page}, {total}
    date_format: str = DATE_FORMAT  # see DATE_FORMAT
    months: tuple[str, ...] = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )

    # Cover
    kind: str = "Type of organisation"
    area: str = "Area"
    sector: str = "Sector"
    assessed_on: str = "Assessed on"
    generated_on: str = "Plan prepared on"
    overall_score: str = "Overall score"
    level: str = "Level {level}/{max}"  # {level}, {max}
    level_unknown: str = "Level not determined"
    level_typical: str = "Typical of units at this level:"
    not_official: str = (
        "Level names follow the national enterprise index; this score is a self-assessment, "
        "not an official rating."
    )
    score_unknown: str = "Not enough answers to calculate a score"
    results_online: str = "See the results online"
    html_version: str = "The plan as an accessible web page"
    prepared_by: str = (  # {name}: the support center
        "This plan was prepared automatically from the organisation's answers. "
        "Support provided by {name}."
    )
    first_steps: str = "Where to start"
    assisted_by: str = "Carried out with advisor {name}"  # {name}: "Name (team)"
    claim_heading: str = "Add this assessment to your account"
    claim_text: str = (  # {url}, {code}, {date}
        "Sign in at {url} and type the code {code} before {date}. The code works once."
    )

    # Results
    results_heading: str = "Results by dimension"
    results_intro: str = (
        "Each dimension is scored from 0 to 100. The chart shows which dimensions are "
        "already strong and which to improve first."
    )
    legend_you: str = "Your organisation"
    legend_peer: str = "Median of similar organisations"
    score: str = "Score"
    peer_median: str = "Peer median"
    peer_note_shown: str = (  # {n}: the size of the peer group
        "Peer median: the middle score of the {n} similar organisations that took part "
        "(half scored higher, half lower)."
    )
    # Shown when the document has no peer group; complete (the minimum is filled in).
    peer_note_hidden: str = (
        "A comparison with similar organisations appears once at least 5 similar "
        "organisations have taken part."
    )
    no_dimensions: str = "No dimension scores yet."

    # Actions: table and details
    actions_heading: str = "Prioritised action plan"
    actions_intro: str = (  # {quick_win}: the quick-win label, printed in bold
        "Actions are grouped by when to do them. Within each group, actions labelled "
        "{quick_win} (little effort or money) come first, then those that close the largest "
        "gap in the most important dimensions."
    )
    quick_win: str = "Quick win"
    number: str = "No."
    action: str = "Action"
    dimension: str = "Dimension"
    horizon: str = "When"
    priority: str = "Priority"
    effort: str = "Effort"
    cost: str = "Cost"
    # Band values, by the keys of PlanAction.horizon / priority / effort / cost
    horizons: Mapping[str, str] = _frozen(
        {
            "now": "Now",
            "30d": "Within 30 days",
            "90d": "Within 90 days",
            "6m": "Within 6 months",
        }
    )
    horizon_other: str = "Other"
    priorities: Mapping[int, str] = _frozen({1: "High", 2: "Medium", 3: "Low"})
    efforts: Mapping[str, str] = _frozen({"low": "Low", "medium": "Medium", "high": "High"})
    costs: Mapping[str, str] = _frozen(
        {"free": "Free", "low": "Low", "medium": "Medium", "high": "High"}
    )
    no_actions: str = (
        "No actions were recommended for these results. Contact the support center on the "
        "last page for advice."
    )
    details_heading: str = "Action details"
    links_heading: str = "Related guidance and services"
    scan_qr: str = "Scan to open the guidance"
    guidance: str = "Guidance"
    owner: str = "Person in charge"
    cost_estimate: str = "Indicative cost"
    free: str = "Free"
    vnd: str = "VND {amount}"  # {amount}: digits grouped with `thousands`
    thousands: str = ","
    to_confirm: str = "to be confirmed by the support center"
    duration: str = "Usual time"
    support_heading: str = "Who can help"
    providers: Mapping[str, str] = _frozen(
        {
            "center": "The support center",
            "city": "City or provincial programme",
            "national": "National programme",
        }
    )
    due: str = "Due"
    done: str = "Done"
    notes: str = "Notes"
    target: str = "Target"
    target_level: str = "Level {level}"  # {level}
    next_level_heading: str = "What the next level looks like"
    next_level_intro: str = (
        "For the weakest dimensions: what units typically can do at the next level."
    )
    next_level_item: str = "{dimension} – level {level}: {name}"  # {dimension}, {level}, {name}
    guidance_other_language: str = "This guide is available in Vietnamese only for now."

    # Contact page
    contact_heading: str = "How to get help"
    contact_intro: str = (
        "If you need help carrying out this plan, contact the support center below."
    )
    contact_address: str = "Address"
    contact_phone: str = "Phone"
    contact_email: str = "Email"
    contact_hours: str = "Opening hours"
    contact_website: str = "Website"
