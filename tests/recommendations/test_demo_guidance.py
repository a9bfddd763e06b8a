"""The demo's rules point to the guidance page written for them, and staff choices stay."""

from __future__ import annotations

import io

import pytest
import yaml

from django.core.management import call_command

from cms.demo_data import DEMO_DATA_DIR
from recommendations.demo import link_rule_guidance, load_rule_guidance
from recommendations.models import RecommendationRule, RuleGuidancePage
from recommendations.services import DEFAULT_RULES_FILE


def demo_guidance_slugs() -> set[str]:
    data = yaml.safe_load((DEMO_DATA_DIR / "guidance.yaml").read_text(encoding="utf-8"))
    return {page["slug"] for page in data["guidance"]}


def test_every_listed_page_and_rule_exists_and_no_rule_is_listed_twice():
    mapping = load_rule_guidance()
    rules = yaml.safe_load(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))["rules"]
    keys = [key for listed in mapping.values() for key in listed]

    assert set(mapping) <= demo_guidance_slugs()
    assert set(keys) <= {rule["key"] for rule in rules}
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_seeded_rules_link_their_page_and_a_staff_choice_is_kept():
    call_command("seed_demo", stdout=io.StringIO(), admin_password="demo-pass-123")
    invoice = RecommendationRule.objects.get(key="pay_start_einvoice")
    assert [g.page.slug for g in invoice.guidance_pages.all()] == ["phat-hanh-hoa-don-dien-tu"]
    listed = sum(len(keys) for keys in load_rule_guidance().values())
    assert RuleGuidancePage.objects.count() == listed

    # Staff point the rule to another page; seeding again changes nothing.
    other = RuleGuidancePage.objects.filter(rule__key="ds_two_factor").get().page
    invoice.guidance_pages.update(page=other)
    assert link_rule_guidance() == 0
    assert [g.page_id for g in invoice.guidance_pages.all()] == [other.pk]
