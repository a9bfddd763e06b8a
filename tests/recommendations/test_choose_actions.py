"""Choosing a plan's actions from the stored rules, frozen into the plan."""

from __future__ import annotations

import pytest

from recommendations.models import RecommendationRule
from recommendations.services import choose_actions

from .conftest import submitted_assessment

pytestmark = pytest.mark.django_db


def test_actions_are_chosen_ordered_and_frozen_with_their_links(questionnaire, rules):
    assessment = submitted_assessment(questionnaire)

    actions = choose_actions(assessment)

    # now (quick win), within 30 days, within 90 days
    assert [a["rule"] for a in actions] == ["ec_open_shop", "pay_any", "ec_low"]
    first = actions[0]
    assert first["title"]["vi"] == "Mở gian hàng trên sàn thương mại điện tử"
    assert first["links"] == [
        {
            "title": {"vi": "Sàn Shopee", "en": "Sàn Shopee"},
            "url": "https://shopee.vn",
            "external_link": None,  # no ExternalLink record has this address
        }
    ]


def test_cooperative_rules_only_for_cooperatives(questionnaire, rules):
    assessment = submitted_assessment(questionnaire, kind="cooperative")

    assert "coop_only" in [a["rule"] for a in choose_actions(assessment)]


def test_inactive_rules_are_ignored(questionnaire, rules):
    RecommendationRule.objects.filter(key="ec_open_shop").update(active=False)
    assessment = submitted_assessment(questionnaire)

    assert "ec_open_shop" not in [a["rule"] for a in choose_actions(assessment)]


def test_high_scores_get_consolidating_actions(questionnaire, rules):
    assessment = submitted_assessment(
        questionnaire,
        answers={"ec_sells_online": ["several_channels"], "ec_website": ["yes"], "pay_qr": 5},
    )

    # within 30 days, then within 6 months
    assert [a["rule"] for a in choose_actions(assessment)] == ["pay_any", "ec_high"]


def test_download_name_keeps_vietnamese_and_drops_markup(questionnaire):
    from recommendations.models import ActionPlan
    from recommendations.views import download_name

    assessment = submitted_assessment(questionnaire, name='HTX <Rau sạch> & "Sạch"')
    plan = ActionPlan(assessment=assessment, language="vi")

    assert download_name(plan) == "Ke-hoach-hanh-dong - HTX Rau sạch Sạch.pdf"
