from __future__ import annotations

import pytest

from assessment.answers import save_answers
from assessment.models import Assessment
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from cms.vocabulary import OrganisationKind
from tests.assessment.factories import OrganisationFactory, build_questionnaire
from tests.recommendations.factories import make_rule

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
