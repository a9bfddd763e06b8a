"""The fixed words of the action-plan PDF, from the translation catalogues.

The renderer (``recommendations.pdf``) holds no text of its own; :func:`plan_labels` fills
its :class:`~recommendations.pdf.labels.Labels` in one language. Horizons and priorities are
the model choices' own labels; every other word is a msgid in this app's catalogue, with the
context "action plan PDF" so that no other app's translation of a short word like "Score"
can replace it (contexts are spelled out: makemessages only extracts literals).
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import pgettext

from assessment.results import MIN_PEER_GROUP

from .models import Horizon, Priority, SupportOffer
from .pdf.labels import DATE_FORMAT, Labels

# The PDF's language tag (/Lang) by portal language.
LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en"}


def plan_labels(language: str) -> Labels:
    """Every fixed word of a plan PDF in ``language`` ("vi" or "en"): the catalogues do not
    change while the process runs, so each language's words are looked up once (every
    results page and every PDF reads them)."""
    return _plan_labels(language)


@functools.lru_cache(maxsize=8)
def _plan_labels(language: str) -> Labels:
    with translation.override(language):
        return Labels(
            language_tag=LANGUAGE_TAGS.get(language, language),
            short_title=pgettext("action plan PDF", "Digital transformation action plan"),
            subject=pgettext(
                "action plan PDF", "Digital-readiness self-assessment results and action plan"
            ),
            creator=pgettext("action plan PDF", "Digital-readiness self-assessment portal"),
            page=pgettext("action plan PDF", "Page {page} of {total}"),
            # One date format in every language and on every screen: 30/11/2026.
            date_format=DATE_FORMAT,
            months=tuple(str(MONTHS[number]) for number in range(1, 13)),
            kind=pgettext("action plan PDF", "Type of organisation"),
            area=pgettext("action plan PDF", "Area"),
            sector=pgettext("action plan PDF", "Sector"),
            assessed_on=pgettext("action plan PDF", "Assessed on"),
            generated_on=pgettext("action plan PDF", "Plan prepared on"),
            overall_score=pgettext("action plan PDF", "Overall score"),
            level=pgettext("action plan PDF", "Level {level}/{max}"),
            level_unknown=pgettext("action plan PDF", "Level not determined"),
            level_typical=pgettext("action plan PDF", "Typical of units at this level:"),
            not_official=pgettext(
                "action plan PDF",
                "Level names follow the national enterprise index; this score is a "
                "self-assessment, not an official rating.",
            ),
            score_unknown=pgettext("action plan PDF", "Not enough answers to calculate a score"),
            results_online=pgettext("action plan PDF", "See the results online"),
            html_version=pgettext("action plan PDF", "The plan as an accessible web page"),
            prepared_by=pgettext(
                "action plan PDF",
                "This plan was prepared automatically from the organisation's answers. "
                "Support provided by {name}.",
            ),
            first_steps=pgettext("action plan PDF", "Where to start"),
            assisted_by=pgettext("action plan PDF", "Carried out with advisor {name}"),
            claim_heading=pgettext("action plan PDF", "Add this assessment to your account"),
            claim_text=pgettext(
                "action plan PDF",
                "Sign in at {url} and type the code {code} before {date}. The code works once.",
            ),
            results_heading=pgettext("action plan PDF", "Results by dimension"),
            results_intro=pgettext(
                "action plan PDF",
                "Each dimension is scored from 0 to 100. The chart shows which dimensions are "
                "already strong and which to improve first.",
            ),
            legend_you=pgettext("action plan PDF", "Your organisation"),
            legend_peer=pgettext("action plan PDF", "Median of similar organisations"),
            score=pgettext("action plan PDF", "Score"),
            peer_median=pgettext("action plan PDF", "Peer median"),
            peer_note_shown=pgettext(
                "action plan PDF",
                "Peer median: the middle score of the {n} similar organisations that took "
                "part (half scored higher, half lower).",
            ),
            peer_note_hidden=pgettext(
                "action plan PDF",
                "A comparison with similar organisations appears once at least {min} similar "
                "organisations have taken part.",
            ).format(min=MIN_PEER_GROUP),
            no_dimensions=pgettext("action plan PDF", "No dimension scores yet."),
            actions_heading=pgettext("action plan PDF", "Prioritised action plan"),
            actions_intro=pgettext(
                "action plan PDF",
                "Actions are grouped by when to do them. Within each group, actions labelled "
                "{quick_win} (little effort or money) come first, then those that close the "
                "largest gap in the most important dimensions.",
            ),
            quick_win=pgettext("action plan PDF", "Quick win"),
            number=pgettext("action plan PDF", "No."),
            action=pgettext("action plan PDF", "Action"),
            dimension=pgettext("action plan PDF", "Dimension"),
            horizon=pgettext("action plan PDF", "When"),
            priority=pgettext("action plan PDF", "Priority"),
            effort=pgettext("action plan PDF", "Effort"),
            cost=pgettext("action plan PDF", "Cost"),
            horizons=MappingProxyType({key: str(label) for key, label in Horizon.choices}),
            horizon_other=pgettext("action plan PDF", "Other"),
            priorities=MappingProxyType({key: str(label) for key, label in Priority.choices}),
            # Short forms for the narrow effort and cost columns (the model choices say
            # "Low effort", "Low cost", which would not fit).
            efforts=MappingProxyType(
                {
                    "low": pgettext("action plan PDF, effort", "Low"),
                    "medium": pgettext("action plan PDF, effort", "Medium"),
                    "high": pgettext("action plan PDF, effort", "High"),
                }
            ),
            costs=MappingProxyType(
                {
                    "free": pgettext("action plan PDF, cost", "Free"),
                    "low": pgettext("action plan PDF, cost", "Low"),
                    "medium": pgettext("action plan PDF, cost", "Medium"),
                    "high": pgettext("action plan PDF, cost", "High"),
                }
            ),
            no_actions=pgettext(
                "action plan PDF",
                "No actions were recommended for these results. Contact the support center on "
                "the last page for advice.",
            ),
            details_heading=pgettext("action plan PDF", "Action details"),
            links_heading=pgettext("action plan PDF", "Related guidance and services"),
            scan_qr=pgettext("action plan PDF", "Scan to open the guidance"),
            guidance=pgettext("action plan PDF", "Guidance"),
            owner=pgettext("action plan PDF", "Person in charge"),
            cost_estimate=pgettext("action plan PDF", "Indicative cost"),
            free=pgettext("action plan PDF", "Free"),
            # Translators: an amount of money; {amount} is the number with its digits grouped.
            vnd=pgettext("action plan PDF", "VND {amount}"),
            # Translators: the character that groups the thousands of an amount.
            thousands=pgettext("action plan PDF, thousands separator", ","),
            to_confirm=pgettext("action plan PDF", "to be confirmed by the support center"),
            duration=pgettext("action plan PDF", "Usual time"),
            support_heading=pgettext("action plan PDF", "Who can help"),
            providers=MappingProxyType(
                {key: str(label) for key, label in SupportOffer.Provider.choices}
            ),
            due=pgettext("action plan PDF", "Due"),
            done=pgettext("action plan PDF", "Done"),
            notes=pgettext("action plan PDF", "Notes"),
            target=pgettext("action plan PDF", "Target"),
            target_level=pgettext("action plan PDF", "Level {level}"),
            next_level_heading=pgettext("action plan PDF", "What the next level looks like"),
            next_level_intro=pgettext(
                "action plan PDF",
                "For the weakest dimensions: what units typically can do at the next level.",
            ),
            next_level_item=pgettext("action plan PDF", "{dimension} – level {level}: {name}"),
            guidance_other_language=pgettext(
                "action plan PDF", "This guide is available in Vietnamese only for now."
            ),
            contact_heading=pgettext("action plan PDF", "How to get help"),
            contact_intro=pgettext(
                "action plan PDF",
                "If you need help carrying out this plan, contact the support center below.",
            ),
            contact_address=pgettext("action plan PDF", "Address"),
            contact_phone=pgettext("action plan PDF", "Phone"),
            contact_email=pgettext("action plan PDF", "Email"),
            contact_hours=pgettext("action plan PDF", "Opening hours"),
            contact_website=pgettext("action plan PDF", "Website"),
        )
