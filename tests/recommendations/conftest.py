from __future__ import annotations

import pytest

from assessment.factories import OrganisationFactory, build_questionnaire
from assessment.models import Assessment, OrganisationKind
from assessment.services import load_structure, save_answers, submit_assessment
from recommendations.models import RecommendationRule, RuleChoiceCondition, RuleLink

SHAPE = [
    (
        "ecommerce",
        1.2,
        [
            {
                "key": "ec_sells_online",
                "type": "single",
                "choices": [("not_yet", 0), ("occasionally", 0.5), ("several_channels", 1)],
            },
            {"key": "ec_website", "type": "tristate"},
        ],
    ),
    ("payments", 1.0, [{"key": "pay_qr", "type": "scale"}]),
]


def make_rule(key: str, dimension: str, **kwargs) -> RecommendationRule:
    choices = kwargs.pop("choices", None)
    links = kwargs.pop("links", [])
    defaults = {
        "title_vi": f"Hành động {key}",
        "title_en": f"Action {key}",
        "explanation_vi": "Giải thích ngắn gọn về việc cần làm.",
        "explanation_en": "A short explanation of what to do.",
        "horizon": "30d",
        "effort": "low",
        "cost": "free",
    }
    defaults.update(kwargs)
    rule = RecommendationRule.objects.create(key=key, dimension_key=dimension, **defaults)
    if choices:
        question, keys = choices
        RuleChoiceCondition.objects.create(rule=rule, question_key=question, choice_keys=keys)
    for title, url in links:
        RuleLink.objects.create(rule=rule, title_vi=title, title_en=title, url=url)
    return rule


@pytest.fixture
def rules():
    return [
        make_rule(
            "ec_open_shop",
            "ecommerce",
            title_vi="Mở gian hàng trên sàn thương mại điện tử",
            choices=("ec_sells_online", "not_yet, occasionally"),
            quick_win=True,
            horizon="now",
            links=[("Sàn Shopee", "https://shopee.vn")],
        ),
        make_rule("ec_low", "ecommerce", score_min=0, score_max=50, horizon="90d"),
        make_rule("ec_high", "ecommerce", score_min=50, score_max=100, horizon="6m"),
        make_rule("pay_any", "payments", score_min=0, score_max=100, horizon="30d"),
        make_rule(
            "coop_only", "ecommerce", org_kinds=[OrganisationKind.COOPERATIVE], horizon="30d"
        ),
    ]


@pytest.fixture
def questionnaire():
    return build_questionnaire(SHAPE)


def submitted_assessment(questionnaire, answers=None, **organisation) -> Assessment:
    assessment = Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=OrganisationFactory(**organisation),
    )
    structure = load_structure(questionnaire)
    save_answers(
        assessment,
        structure.questions,
        answers or {"ec_sells_online": ["not_yet"], "ec_website": ["no"], "pay_qr": 2},
    )
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment
