"""Rules in and out of the database, plan requests, and the plan's frozen content."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from assessment import scoring
from assessment.models import Assessment, DimensionTarget
from assessment.snapshot import Snapshot
from cms.content import content_version
from cms.locality import Locality, fill_locality_words, site_locality
from cms.provenance import ExternalLink, normalise_url
from cms.text import nfc

from . import planning
from .jobs import enqueue
from .models import (
    ActionPlan,
    RecommendationRule,
    RuleChoiceCondition,
    RuleLink,
    RulesVersion,
    SupportOffer,
)
from .plans import ActionData

DEFAULT_RULES_FILE = Path(__file__).resolve().parent / "data" / "default_rules.yaml"
DEFAULT_OFFERS_FILE = Path(__file__).resolve().parent / "data" / "support_offers.yaml"
# Which rules of the data file someone checked against their sources, kept apart from the
# rules themselves: rule key → {reviewed_on, reviewed_by, note}.
DEFAULT_REVIEWS_FILE = Path(__file__).resolve().parent / "data" / "rule_reviews.yaml"


# --- Rules ------------------------------------------------------------------------------------


@transaction.atomic
def import_rules(
    path: Path = DEFAULT_RULES_FILE, reviews_path: Path | None = DEFAULT_REVIEWS_FILE
) -> int:
    """Add the rules of the data file that are missing; staff edits are never overwritten.

    A rule gets a review date and reviewer only when ``reviews_path`` lists it (otherwise
    it stays due for review), and each link is tied to the ExternalLink record with the
    same address when there is one.
    """
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    reviews = load_rule_reviews(reviews_path) if reviews_path else {}
    created = 0
    existing = set(RecommendationRule.objects.values_list("key", flat=True))
    for item in data["rules"]:
        if item["key"] in existing:
            continue
        when = item.get("when") or {}
        action = item["action"]
        score = when.get("score") or {}
        rule = RecommendationRule.objects.create(
            key=item["key"],
            dimension_key=item["dimension"],
            score_min=_decimal(score.get("min")),
            score_max=_decimal(score.get("max")),
            org_kinds=list(when.get("org_kinds") or []),
            sector_keys=list(when.get("sectors") or []),
            title_vi=nfc(action["title"]["vi"]),
            title_en=nfc(action["title"]["en"]),
            explanation_vi=nfc(action["explanation"]["vi"]),
            explanation_en=nfc(action["explanation"]["en"]),
            priority=action.get("priority", 2),
            horizon=action["horizon"],
            effort=action["effort"],
            cost=action["cost"],
            quick_win=bool(action.get("quick_win")),
            **_cost_fields(action),
            **_review_fields(reviews.get(item["key"])),
        )
        RuleChoiceCondition.objects.bulk_create(
            RuleChoiceCondition(
                rule=rule,
                question_key=c["question"],
                choice_keys=", ".join(c["any_of"]),
                sort_order=i,
            )
            for i, c in enumerate(when.get("choices") or [])
        )
        RuleLink.objects.bulk_create(
            RuleLink(
                rule=rule,
                title_vi=nfc(link["title"]["vi"]),
                title_en=nfc(link["title"]["en"]),
                url=link["url"],
                sort_order=i,
            )
            for i, link in enumerate(action.get("links") or [])
        )
        created += 1
    apply_rule_reviews(reviews)
    tie_rule_links()
    return created


def load_rule_reviews(path: Path = DEFAULT_REVIEWS_FILE) -> dict[str, dict[str, Any]]:
    """Rule key → {reviewed_on, reviewed_by, note} from the reviews file ({} when none)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return (yaml.safe_load(handle) or {}).get("reviews") or {}


def _review_fields(review: dict[str, Any] | None) -> dict[str, Any]:
    if not review:
        return {}
    return {
        "reviewed_on": review["reviewed_on"],
        "reviewed_by": nfc(review.get("reviewed_by", "")),
        "review_note": nfc(review.get("note", "")),
    }


def apply_rule_reviews(reviews: dict[str, dict[str, Any]]) -> int:
    """Record the listed reviews on rules nobody has reviewed yet (a staff review stays)."""
    updated = 0
    for key, review in reviews.items():
        updated += RecommendationRule.objects.filter(key=key, reviewed_on__isnull=True).update(
            **_review_fields(review)
        )
    return updated


def tie_rule_links() -> int:
    """Tie each rule link without a record to the ExternalLink of the same (normalised)
    address; returns how many were tied. Staff choices are never changed."""
    records = {normalise_url(link.url): link.pk for link in ExternalLink.objects.only("url")}
    tied = 0
    for link in RuleLink.objects.filter(external_link__isnull=True).only("url"):
        record = records.get(normalise_url(link.url))
        if record is not None:
            RuleLink.objects.filter(pk=link.pk).update(external_link_id=record)
            tied += 1
    return tied


def _cost_fields(action: dict[str, Any]) -> dict[str, Any]:
    """Indicative cost and usual duration of a rule from the data file.

    A rule whose band is "free" costs 0; any other amount is only set when the file gives
    one (``cost_vnd: {min, max, confirmed}``): the plan then says the cost is to be
    confirmed by the center rather than print an invented figure.
    """
    given = action.get("cost_vnd") or {}
    free = action["cost"] == "free"
    duration = action.get("duration") or {}
    return {
        "cost_min_vnd": given.get("min", 0 if free else None),
        "cost_max_vnd": given.get("max", 0 if free else None),
        "cost_confirmed": bool(given.get("confirmed", free)),
        "duration_vi": nfc(duration.get("vi", "")),
        "duration_en": nfc(duration.get("en", "")),
        "duration_confirmed": bool(duration.get("confirmed", False)),
    }


@transaction.atomic
def import_support_offers(path: Path = DEFAULT_OFFERS_FILE) -> int:
    """Add the offers of the data file that are missing and link them to their rules;
    staff edits (and links staff removed from an existing offer) are kept."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    created = 0
    for item in data["offers"]:
        if SupportOffer.objects.filter(key=item["key"]).exists():
            continue
        offer = SupportOffer.objects.create(
            key=item["key"],
            provider=item["provider"],
            name_vi=nfc(item["name"]["vi"]),
            name_en=nfc(item["name"].get("en", "")),
            description_vi=nfc((item.get("description") or {}).get("vi", "")),
            description_en=nfc((item.get("description") or {}).get("en", "")),
            org_kinds=list(item.get("org_kinds") or []),
            sector_keys=list(item.get("sectors") or []),
            size_bands=list(item.get("size_bands") or []),
            contact=nfc((item.get("contact") or {}).get("vi", "")),
            url=item.get("url", ""),
            valid_from=item.get("valid_from"),
            valid_until=item.get("valid_until"),
            to_be_confirmed=bool(item.get("to_be_confirmed", True)),
        )
        rules = RecommendationRule.objects.filter(
            Q(key__in=item.get("rules") or []) | Q(dimension_key__in=item.get("dimensions") or [])
        )
        offer.rules.add(*rules)
        created += 1
    return created


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class KeptRules:
    """The active rules of one rules version and content version, with what every plan
    reads of them worked out once: the builder's specs, and each rule's frozen action
    (as JSON, so every plan gets its own copy) per locality."""

    rules: tuple[RecommendationRule, ...]
    specs: tuple[planning.RuleSpec, ...]
    frozen: dict[Locality, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: list[RecommendationRule]) -> KeptRules:
        return cls(
            rules=tuple(rules),
            specs=tuple(rule_spec(rule) for rule in rules),
        )

    def action(self, key: str, locality: Locality) -> ActionData:
        """A fresh copy of rule ``key``'s action with the locality's words, no gap yet."""
        frozen = self.frozen.get(locality)
        if frozen is None:
            # Built whole, then put in place: another thread never sees half of it.
            frozen = {rule.key: json.dumps(_action_of(rule, locality)) for rule in self.rules}
            self.frozen[locality] = frozen
        return json.loads(frozen[key])


_kept_rules: tuple[tuple[str, str], KeptRules] | None = None


def kept_rules() -> KeptRules:
    """The active rules with their conditions, links, guidance pages and offers.

    Kept in this process under the rules' version (moved by database triggers on any write
    to the rules, see ``RulesVersion``) and the content version (a guidance page's title
    changes when it is published): a submit then reads one row instead of six tables. The
    rules returned are shared by this process: read them, never change them.
    """
    global _kept_rules
    version = rules_version()
    if version is None:
        return KeptRules.of(_load_active_rules())
    key = (version, content_version())
    kept = _kept_rules  # replaced whole, never changed: no lock needed
    if kept is None or kept[0] != key:
        kept = _kept_rules = (key, KeptRules.of(_load_active_rules()))
    return kept[1]


def active_rules() -> list[RecommendationRule]:
    """The active rules (see :func:`kept_rules`), shared by this process: read them only."""
    return list(kept_rules().rules)


def rules_version() -> str | None:
    """The rules' current version, or None where the database keeps none (no triggers)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    value = RulesVersion.objects.values_list("value", flat=True).first()
    if value is None:
        # Emptied by a test database flush: a fresh value (the triggers move it from here).
        RulesVersion.objects.bulk_create(
            [RulesVersion(pk=1, value=uuid.uuid4().hex)], ignore_conflicts=True
        )
        value = RulesVersion.objects.values_list("value", flat=True).first()
    return value


def _load_active_rules() -> list[RecommendationRule]:
    return list(
        RecommendationRule.objects.filter(active=True).prefetch_related(
            Prefetch(
                "choice_conditions", queryset=RuleChoiceCondition.objects.order_by("sort_order")
            ),
            Prefetch("links", queryset=RuleLink.objects.order_by("sort_order")),
            "guidance_pages__page",
            "support_offers",
        )
    )


def rule_spec(rule: RecommendationRule) -> planning.RuleSpec:
    return planning.RuleSpec(
        key=rule.key,
        dimension=rule.dimension_key,
        horizon=rule.horizon,
        priority=rule.priority,
        quick_win=rule.quick_win,
        score_min=None if rule.score_min is None else float(rule.score_min),
        score_max=None if rule.score_max is None else float(rule.score_max),
        choices=tuple(
            planning.ChoiceCondition(c.question_key, c.keys) for c in rule.choice_conditions.all()
        ),
        org_kinds=frozenset(rule.org_kinds or ()),
        sectors=frozenset(rule.sector_keys or ()),
    )


# --- Plans ------------------------------------------------------------------------------------


def plan_input(assessment: Assessment) -> planning.PlanInput:
    """What the plan builder needs, from the frozen snapshot and the manager's targets."""
    snapshot = Snapshot.of(assessment)
    answers = {key: value for key, value in snapshot.answers().items() if value is not scoring.NA}
    targets: dict[str, float] = {}
    if assessment.organisation_id:
        for target in DimensionTarget.objects.filter(organisation_id=assessment.organisation_id):
            threshold = snapshot.threshold_for(target.target_level)
            if threshold is not None:
                targets[target.dimension_key] = threshold
    return planning.PlanInput(
        dimension_targets=targets,
        dimension_scores=dict(assessment.dimension_scores),
        dimension_weights=snapshot.dimension_weights(),
        answers=answers,
        org_kind=snapshot.organisation.kind,
        sector=snapshot.organisation.sector,
    )


def choose_actions(assessment: Assessment) -> list[ActionData]:
    """The plan's actions, frozen with both languages' texts and their links."""
    kept = kept_rules()
    locality = site_locality()
    actions: list[ActionData] = []
    for item in planning.build_plan(plan_input(assessment), kept.specs):
        action = kept.action(item.rule, locality)
        action["gap"] = round(item.gap, 2)
        actions.append(action)
    return actions


def _action_of(rule: RecommendationRule, locality: Locality) -> ActionData:
    """What a plan freezes of ``rule`` (all but the gap, which is the assessment's)."""
    return {
        "rule": rule.key,
        "dimension": rule.dimension_key,
        "title": fill_locality_words({"vi": rule.title_vi, "en": rule.title_en}, locality),
        "explanation": fill_locality_words(
            {"vi": rule.explanation_vi, "en": rule.explanation_en}, locality
        ),
        "priority": rule.priority,
        "horizon": rule.horizon,
        "effort": rule.effort,
        "cost": rule.cost,
        "cost_vnd": {
            "min": rule.cost_min_vnd,
            "max": rule.cost_max_vnd,
            "confirmed": rule.cost_confirmed,
        },
        "duration": {"vi": rule.duration_vi, "en": rule.duration_en},
        "duration_confirmed": rule.duration_confirmed,
        # Ids only: offers are shown as they are when the plan is read, so an
        # offer that expired since is never printed.
        "support_offers": [offer.pk for offer in rule.support_offers.all()],
        "quick_win": rule.quick_win,
        "links": [
            {
                "title": {"vi": link.title_vi, "en": link.title_en},
                "url": link.url,
                "external_link": link.external_link_id,
            }
            for link in rule.links.all()
        ],
        "guidance_pages": [
            {"title": {"vi": g.page.title, "en": g.page.title}, "page_id": g.page_id}
            for g in rule.guidance_pages.all()
        ],
    }


def request_plan(assessment: Assessment, language: str) -> ActionPlan:
    """Create a queued plan with its actions chosen now, and enqueue it after the commit.

    If the broker is down, the request still succeeds: the plan stays queued and the
    periodic sweep enqueues it once the broker is back.
    """
    plan = ActionPlan.objects.create(
        assessment=assessment,
        language=language,
        actions=choose_actions(assessment),
        queued_at=timezone.now(),
    )
    transaction.on_commit(lambda: enqueue(plan.pk))
    return plan


def drop_superseded(plan: ActionPlan) -> None:
    """Keep one current plan per assessment and language: finished older ones go, files too.

    Plans still queued or running are left to finish (their worker would write a file
    for a row that no longer exists); the limit on regenerating bounds how many there are.
    """
    superseded = list(
        ActionPlan.objects.filter(
            assessment_id=plan.assessment_id,
            language=plan.language,
            status__in=[ActionPlan.Status.READY, ActionPlan.Status.FAILED],
        ).exclude(pk=plan.pk)
    )
    files = [old.file for old in superseded if old.file]
    ActionPlan.objects.filter(pk__in=[old.pk for old in superseded]).delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


def replace_plan(assessment: Assessment, language: str) -> ActionPlan:
    """A fresh plan with today's rules (and the assessment's current claim code), the
    finished older ones of the same language dropped. Call inside a transaction."""
    plan = request_plan(assessment, language)
    drop_superseded(plan)
    return plan
