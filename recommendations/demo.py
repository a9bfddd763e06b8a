"""Demo data of the recommendations app: which guidance page each default rule points to."""

from __future__ import annotations

from pathlib import Path

import yaml

from wagtail.models import Page

from .models import RecommendationRule, RuleGuidancePage

RULE_GUIDANCE_FILE = Path(__file__).resolve().parent / "data" / "rule_guidance.yaml"


def load_rule_guidance(path: Path = RULE_GUIDANCE_FILE) -> dict[str, list[str]]:
    """Guidance page slug (Vietnamese) → the rule keys that point to it."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def link_rule_guidance(path: Path = RULE_GUIDANCE_FILE) -> int:
    """Point each listed rule to its guidance page; rules staff already gave a page keep it.

    Pages are found by slug among the live Vietnamese pages; a slug or a rule that is not
    there is skipped (the plan then links the topic's list). Returns how many rules got one.
    """
    linked = 0
    for slug, keys in load_rule_guidance(path).items():
        page = Page.objects.live().filter(slug=slug, locale__language_code="vi").first()
        if page is None:
            continue
        rules = RecommendationRule.objects.filter(key__in=keys, guidance_pages__isnull=True)
        for rule in rules:
            RuleGuidancePage.objects.create(rule=rule, page=page, sort_order=0)
            linked += 1
    return linked
